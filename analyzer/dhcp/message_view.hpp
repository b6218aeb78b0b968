// The one read model of a BOOTP/DHCP message: its header fields and its options, located
// once by the option scan (analyzer/dhcp/option_scan.hpp: overload 52 in RFC 2131 order,
// RFC 3396 pieces joined), with typed accessors for what pxescope's readers act on. The
// summary fast path, the responder's request view and the story's DhcpMessage all read a
// message through it; the dissector walks the same scan for display.
//
// A view allocates nothing once warm: its buffers are reused from one parse to the next.
// The spans it hands out point into the payload (which must outlive them) or, for an
// option split in pieces, into the view's own join buffer (valid until the next parse).
// Accessors are lenient, they say what is there; whether that is acceptable is each
// caller's policy (the responder refuses what the summary only flags).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "analyzer/dhcp/inline_list.hpp"
#include "analyzer/dhcp/option_codes.hpp"
#include "analyzer/dhcp/option_scan.hpp"

namespace pxescope::dhcp {

// One option as the readers see it: at its first occurrence, its whole pieces joined.
struct LocatedOption {
  std::span<const std::uint8_t> value;
  std::uint32_t first = 0;  // index of its first occurrence in occurrences()
  std::uint8_t code = 0;
  Area area = Area::Options;  // where its first occurrence is
  bool split = false;         // RFC 3396: more than one occurrence
};

// Typed readings of one option's value, the same for every reader (the view below, the
// story's stored DhcpMessage). A value whose format fixes its size is read only at that size.
std::uint8_t read_message_type(std::span<const std::uint8_t> v);  // 53: 0 unless 1 byte
std::uint32_t read_address(std::span<const std::uint8_t> v);      // host order, 0 unless 4 bytes
std::uint16_t read_u16(std::span<const std::uint8_t> v);          // 0 unless 2 bytes
int read_first_arch(std::span<const std::uint8_t> v);             // 93: first item, -1 if none
std::string_view read_text(std::span<const std::uint8_t> v);      // NUL-trimmed
bool is_pxe_vendor_class(std::string_view vendor_class);          // PXEClient...
bool is_pxe_or_http_vendor_class(std::string_view vendor_class);  // ... or HTTPClient...

class MessageView {
 public:
  // Reads `payload`, a BOOTP message from its op byte; never outside it. Options are
  // located only after the DHCP magic cookie. Returns has_header().
  bool parse(std::span<const std::uint8_t> payload);

  std::span<const std::uint8_t> bytes() const { return bytes_; }
  bool has_header() const { return bytes_.size() >= kBootpHeaderSize; }  // op .. file
  bool has_cookie() const { return scan_.cookie_ok; }

  // Header fields, 0 (or empty) where the payload is too short to hold them.
  std::uint8_t op() const { return u8(0); }
  std::uint8_t htype() const { return u8(1); }
  std::uint8_t hlen() const { return u8(2); }
  std::uint8_t hops() const { return u8(3); }
  std::uint32_t xid() const { return u32(4); }
  std::uint16_t secs() const { return u16(8); }
  std::uint16_t flags() const { return u16(10); }
  std::uint32_t ciaddr() const { return u32(12); }  // addresses in host order
  std::uint32_t yiaddr() const { return u32(16); }
  std::uint32_t siaddr() const { return u32(20); }
  std::uint32_t giaddr() const { return u32(24); }
  // The first 6 bytes of chaddr when the payload holds them, else nullptr.
  const std::uint8_t* chaddr6() const { return bytes_.size() >= 34 ? bytes_.data() + 28 : nullptr; }
  std::span<const std::uint8_t> sname_field() const { return field(kSnameAt, kSnameEnd); }
  std::span<const std::uint8_t> file_field() const { return field(kFileAt, kFileEnd); }

  // --- Options -------------------------------------------------------------------
  const OptionScan& scan() const { return scan_; }
  // The Option and NoLength occurrences (not the layout: no Pad, End or Trailing).
  std::span<const Occurrence> occurrences() const { return occurrences_; }
  // Calls visit(const LocatedOption&) for each code in wire order (RFC 2131: options,
  // file, sname), at its first occurrence; a code whose every piece is cut short is left
  // out. `visit` returns false to stop; then so does this.
  template <class Visit>
  bool for_each_option(Visit&& visit) const {
    for (std::size_t k = 0; k < occurrences_.size(); ++k) {
      LocatedOption located;
      if (located_at(k, located) && !visit(located)) return false;
    }
    return true;
  }
  std::size_t option_count() const;
  // Some option was cut short: a length running past its area, or a code with no length.
  bool has_cut_option() const { return scan_.first_cut != OptionScan::kNoCut; }
  // Every option area in use (options; file and sname when overloaded) reaches End.
  bool every_area_ends() const;

  bool has(std::uint8_t code) const { return (present_[code >> 6] >> (code & 63)) & 1u; }
  const std::array<std::uint64_t, 4>& present() const { return present_; }  // bit per code
  std::optional<LocatedOption> find(std::uint8_t code) const {
    LocatedOption located;
    if (has(code) && located_at(first_[code], located)) return located;
    return std::nullopt;
  }
  std::span<const std::uint8_t> option(std::uint8_t code) const {  // empty when absent
    LocatedOption located;
    return has(code) && located_at(first_[code], located) ? located.value
                                                          : std::span<const std::uint8_t>{};
  }
  std::string_view option_text(std::uint8_t code) const { return read_text(option(code)); }

  // --- Typed accessors (the read_* rules above) -----------------------------------
  std::uint8_t message_type() const { return read_message_type(option(kOptMessageType)); }
  std::uint32_t server_id() const { return read_address(option(kOptServerId)); }
  std::uint32_t requested_ip() const { return read_address(option(kOptRequestedAddress)); }
  std::uint16_t max_message_size() const { return read_u16(option(kOptMaxMessageSize)); }
  int arch() const { return read_first_arch(option(kOptClientArch)); }
  std::string_view vendor_class() const { return option_text(kOptVendorClass); }
  bool pxe_or_http_client() const { return is_pxe_or_http_vendor_class(vendor_class()); }
  std::string_view tftp_server_name() const { return option_text(kOptTftpServerName); }
  // The boot file: option 67 when it names one, else the file field unless 52 put options
  // there (both NUL-trimmed).
  std::string_view boot_file() const;

 private:
  std::uint8_t u8(std::size_t at) const { return at < bytes_.size() ? bytes_[at] : 0; }
  std::uint16_t u16(std::size_t at) const {
    if (at + 2 > bytes_.size()) return 0;
    return static_cast<std::uint16_t>((bytes_[at] << 8) | bytes_[at + 1]);
  }
  std::uint32_t u32(std::size_t at) const {
    if (at + 4 > bytes_.size()) return 0;
    const std::uint8_t* b = bytes_.data() + at;
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
           b[3];
  }
  std::span<const std::uint8_t> field(std::size_t begin, std::size_t end) const;
  // The option whose first occurrence is occurrences_[k]; false when k is not one, or when
  // every piece of it was cut.
  bool located_at(std::size_t k, LocatedOption& out) const {
    const Occurrence& o = occurrences_[k];
    if (o.kind != Occurrence::Option || o.continuation) return false;
    if (!scan_.has_continuation || !is_split(o.code)) {
      if (o.truncated) return false;  // a cut value is not a value
      out = {bytes_.subspan(o.off + 2, o.len), static_cast<std::uint32_t>(k), o.code, o.area,
             false};
      return true;
    }
    const auto value = joined_value(o.code);
    if (value.data() == nullptr) return false;
    out = {value, static_cast<std::uint32_t>(k), o.code, o.area, true};
    return true;
  }
  bool is_split(std::uint8_t code) const { return (split_[code >> 6] >> (code & 63)) & 1u; }
  std::span<const std::uint8_t> joined_value(std::uint8_t code) const;
  void join_split_options();
  void drop_cut_codes();
  std::span<const std::uint8_t> join_pieces(std::size_t first);  // RFC 3396

  std::span<const std::uint8_t> bytes_;
  OptionScan scan_;
  std::array<std::uint64_t, 4> present_{};
  std::array<std::uint64_t, 4> split_{};  // codes that come in pieces (when has_continuation)
  std::array<std::uint16_t, 256> first_;  // first occurrence of each code in present_
  OccurrenceList occurrences_;
  struct Joined {
    std::span<const std::uint8_t> value;
    std::uint8_t code = 0;
  };
  InlineList<Joined, 16> joined_;
  // Values of split options, back to back: in join_inline_ when the message is small enough
  // that they must fit, else in join_spill_ reserved to the message's size (so a value's
  // bytes never move while later ones are joined).
  std::uint8_t* join_ = nullptr;
  std::size_t join_size_ = 0;
  std::array<std::uint8_t, 512> join_inline_{};
  std::vector<std::uint8_t> join_spill_;
};

// Length rules of the options whose format fixes their size (RFC 2132, RFC 4578): 53 one
// byte, 50/54 an address, 57 two bytes, 94 three, 97 type + GUID, 93 a list of 16-bit
// types; 0 in `max` means no upper bound.
struct LengthRule {
  std::uint8_t code;
  std::uint8_t min;
  std::uint8_t max;
  bool pairs;  // a list of 16-bit items
};
inline constexpr LengthRule kLengthRules[] = {
    {kOptMessageType, 1, 1, false},      {kOptServerId, 4, 4, false},
    {kOptRequestedAddress, 4, 4, false}, {kOptMaxMessageSize, 2, 2, false},
    {kOptClientNdi, 3, 3, false},        {kOptClientGuid, 17, 17, false},
    {kOptClientArch, 2, 0, true},
};
// The same rules by code, built at compile time: one load per option on the request fast
// path instead of a search (1 KB).
struct LengthRulesByCode {
  std::array<LengthRule, 256> rule{};
  constexpr LengthRulesByCode() {
    for (const auto& r : kLengthRules) rule[r.code] = r;
  }
};
inline constexpr LengthRulesByCode kLengthRulesByCode;

// Whether `length` is a size the option's format allows; true for codes without a rule.
inline bool option_length_ok(std::uint8_t code, std::size_t length) {
  const LengthRule& rule = kLengthRulesByCode.rule[code];
  if (rule.min == 0) return true;  // no rule
  if (length < rule.min || (rule.max && length > rule.max)) return false;
  return !rule.pairs || length % 2 == 0;
}
// Whether `code` is one value of a fixed size, so that a second occurrence is a repeat (a
// broken client), not an RFC 3396 piece of a longer value.
inline bool fixed_size_option(std::uint8_t code) {
  return kLengthRulesByCode.rule[code].max != 0;
}

// The sub-options (code, length, value) of an encapsulated option such as 43 or 175: Pad
// skipped, End stops. `visit(code, value)` returns false to stop early. Returns false when
// a sub-option runs past the end of `value` (the ones before it were visited).
template <class Visit>
bool walk_suboptions(std::span<const std::uint8_t> value, Visit&& visit) {
  std::size_t i = 0;
  while (i < value.size()) {
    const std::uint8_t code = value[i];
    if (code == kPxeEnd) return true;
    if (code == kPxePad) {
      ++i;
      continue;
    }
    if (i + 1 >= value.size() || i + 2 + value[i + 1] > value.size()) return false;
    const std::size_t len = value[i + 1];
    if (!visit(code, value.subspan(i + 2, len))) return true;
    i += 2 + len;
  }
  return true;
}

}  // namespace pxescope::dhcp
