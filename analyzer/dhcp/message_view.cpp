#include "analyzer/dhcp/message_view.hpp"

#include <algorithm>
#include <cstring>

namespace pxescope::dhcp {
namespace {

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

}  // namespace

std::uint8_t read_message_type(std::span<const std::uint8_t> v) {
  return v.size() == 1 ? v[0] : 0;
}

std::uint32_t read_address(std::span<const std::uint8_t> v) {
  return v.size() == 4 ? be32(v.data()) : 0;
}

std::uint16_t read_u16(std::span<const std::uint8_t> v) {
  return v.size() == 2 ? static_cast<std::uint16_t>((v[0] << 8) | v[1]) : 0;
}

int read_first_arch(std::span<const std::uint8_t> v) {
  return v.size() >= 2 ? (v[0] << 8) | v[1] : -1;
}

std::string_view read_text(std::span<const std::uint8_t> v) {
  if (v.empty()) return {};  // memchr must not see a null pointer, even for 0 bytes
  const void* nul = std::memchr(v.data(), 0, v.size());
  const std::size_t len =
      nul ? static_cast<std::size_t>(static_cast<const std::uint8_t*>(nul) - v.data()) : v.size();
  return {reinterpret_cast<const char*>(v.data()), len};
}

bool is_pxe_vendor_class(std::string_view vendor_class) {
  return vendor_class.starts_with("PXEClient");
}

bool is_pxe_or_http_vendor_class(std::string_view vendor_class) {
  return is_pxe_vendor_class(vendor_class) || vendor_class.starts_with("HTTPClient");
}

bool MessageView::parse(std::span<const std::uint8_t> payload) {
  // A UDP payload never exceeds 64 KiB; the first-occurrence index is 16-bit.
  bytes_ = payload.first(std::min<std::size_t>(payload.size(), 0xffff));
  payload = bytes_;
  joined_.clear();
  join_ = nullptr;
  join_size_ = 0;
  present_ = {};
  scan_ = scan_option_values(payload, occurrences_, first_);
  // Without the cookie the bytes after the header are not DHCP options to act on.
  if (scan_.cookie_ok) {
    if (scan_.has_continuation) join_split_options();
    present_ = scan_.codes;
    if (has_cut_option()) drop_cut_codes();
  } else {
    scan_ = OptionScan{};  // nor does a 52 among them overload anything
    occurrences_.clear();
  }
  return has_header();
}

void MessageView::join_split_options() {
  split_ = {};
  for (const auto& o : occurrences_)
    if (o.kind == Occurrence::Option && o.continuation)
      split_[o.code >> 6] |= std::uint64_t{1} << (o.code & 63);
  for (std::size_t k = 0; k < occurrences_.size(); ++k) {
    const auto& o = occurrences_[k];
    if (o.kind == Occurrence::Option && !o.continuation && is_split(o.code))
      joined_.push_back({join_pieces(k), o.code});
  }
}

std::span<const std::uint8_t> MessageView::joined_value(std::uint8_t code) const {
  for (const auto& j : joined_)
    if (j.code == code) return j.value;
  return {};
}

void MessageView::drop_cut_codes() {
  // A code whose every piece is cut is not there (a cut piece of a split one is left out).
  for (std::size_t k = 0; k < occurrences_.size(); ++k) {
    const auto& o = occurrences_[k];
    LocatedOption located;
    if (o.kind == Occurrence::Option && !o.continuation && !located_at(k, located))
      present_[o.code >> 6] &= ~(std::uint64_t{1} << (o.code & 63));
  }
}

std::size_t MessageView::option_count() const {
  std::size_t n = 0;
  for_each_option([&n](const LocatedOption&) { return ++n, true; });
  return n;
}

std::span<const std::uint8_t> MessageView::join_pieces(std::size_t first) {
  if (!join_) {
    // Joined values never outgrow the message: room for that much up front means no value
    // moves while later ones are joined.
    if (bytes_.size() <= join_inline_.size()) {
      join_ = join_inline_.data();
    } else {
      if (join_spill_.size() < bytes_.size()) join_spill_.resize(bytes_.size());
      join_ = join_spill_.data();
    }
  }
  const std::size_t start = join_size_;
  std::size_t whole = 0;
  for (std::size_t m = first; m < occurrences_.size(); m = next_piece(occurrences_, m)) {
    const auto& piece = occurrences_[m];
    if (piece.truncated) continue;  // RFC 3396 joins whole pieces; a cut one is left out
    std::copy_n(bytes_.data() + piece.off + 2, piece.len, join_ + join_size_);
    join_size_ += piece.len;
    ++whole;
  }
  if (whole == 0) return {};
  return {join_ + start, join_size_ - start};
}

bool MessageView::every_area_ends() const {
  return scan_.end_in_options && (!(scan_.overload & 1) || scan_.end_in_file) &&
         (!(scan_.overload & 2) || scan_.end_in_sname);
}

std::string_view MessageView::boot_file() const {
  const std::string_view name = option_text(kOptBootfileName);
  if (!name.empty() || (scan_.overload & 1)) return name;
  return read_text(file_field());
}

std::span<const std::uint8_t> MessageView::field(std::size_t begin, std::size_t end) const {
  if (bytes_.size() < end) return {};
  return bytes_.subspan(begin, end - begin);
}

}  // namespace pxescope::dhcp
