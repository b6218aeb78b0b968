#include "analyzer/story/dhcp_message.hpp"

#include "analyzer/dhcp/option_scan.hpp"
#include "analyzer/dhcp/option_table.hpp"

#include <algorithm>
#include <cstdio>

namespace pxescope {
namespace {

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

std::string trimmed_field(const std::uint8_t* p, std::size_t n, bool* unterminated = nullptr) {
  const auto* end = std::find(p, p + n, std::uint8_t{0});
  if (unterminated) *unterminated = end == p + n;
  return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(end - p));
}

}  // namespace

DhcpMessage& DhcpMessage::operator=(const DhcpMessage& other) {
  if (this == &other) return *this;
  if (other.bytes_.empty()) {
    *this = DhcpMessage();
    return *this;
  }
  const std::vector<std::uint8_t> copy = other.bytes_;
  parse(copy);
  return *this;
}

bool DhcpMessage::parse(std::span<const std::uint8_t> payload) {
  options_.clear();
  joined_.clear();
  malformed = false;
  has_cookie = false;
  if (payload.size() < dhcp::kBootpHeaderSize) return false;
  bytes_.assign(payload.begin(), payload.end());
  const std::uint8_t* p = bytes_.data();
  op = p[0];
  if (op != 1 && op != 2) return false;
  htype = p[1];
  hlen = p[2];
  xid = be32(p + 4);
  secs = static_cast<std::uint16_t>((p[8] << 8) | p[9]);
  flags = static_cast<std::uint16_t>((p[10] << 8) | p[11]);
  ciaddr = be32(p + 12);
  yiaddr = be32(p + 16);
  siaddr = be32(p + 20);
  giaddr = be32(p + 24);
  std::copy_n(p + 28, 6, mac.begin());
  sname = trimmed_field(p + dhcp::kSnameAt, dhcp::kSnameEnd - dhcp::kSnameAt);
  file = trimmed_field(p + dhcp::kFileAt, dhcp::kFileEnd - dhcp::kFileAt, &file_field_unterminated);
  // The dissector's scan: the same overload order and RFC 3396 pieces as the field tree shows.
  thread_local std::vector<dhcp::Occurrence> occurrences;  // reused: no allocation once warm
  const dhcp::OptionScan scan = dhcp::scan_options(bytes_, occurrences);
  if (!scan.cookie_ok) return true;  // plain BOOTP, or not DHCP options we can trust
  has_cookie = true;
  if (scan.overload & 1) {
    file.clear();
    file_field_unterminated = false;
  }
  if (scan.overload & 2) sname.clear();
  collect_options(occurrences);
  return true;
}

void DhcpMessage::collect_options(std::span<const dhcp::Occurrence> occurrences) {
  // Joined values never outgrow the message: reserving that much up front keeps the views
  // into joined_ valid while it fills.
  joined_.reserve(bytes_.size());
  const std::span<const std::uint8_t> all(bytes_);
  for (std::size_t k = 0; k < occurrences.size(); ++k) {
    const auto& o = occurrences[k];
    // A cut option ends its area's walk: its bytes are not a value, the message is malformed.
    if (o.kind == dhcp::Occurrence::NoLength || o.truncated) malformed = true;
    if (o.kind != dhcp::Occurrence::Option || o.continuation) continue;
    // RFC 3396: one value, the whole pieces (a cut one is left out) in scan order.
    const std::size_t joined_start = joined_.size();
    std::size_t whole_pieces = 0;
    std::span<const std::uint8_t> value;
    for (std::size_t m = k; m < occurrences.size(); m = dhcp::next_piece(occurrences, m)) {
      const auto& piece = occurrences[m];
      if (piece.truncated) continue;
      value = all.subspan(piece.off + 2, piece.len);
      joined_.insert(joined_.end(), value.begin(), value.end());
      ++whole_pieces;
    }
    if (whole_pieces == 0) continue;
    if (whole_pieces > 1)
      value = std::span<const std::uint8_t>(joined_).subspan(joined_start);
    else
      joined_.resize(joined_start);  // one piece: its view into bytes_ is the value
    options_.push_back({o.code, value});
  }
}

bool DhcpMessage::has(std::uint8_t code) const {
  return std::any_of(options_.begin(), options_.end(),
                     [code](const DhcpOptionView& o) { return o.code == code; });
}

std::span<const std::uint8_t> DhcpMessage::option(std::uint8_t code) const {
  for (const auto& o : options_)
    if (o.code == code) return o.value;
  return {};
}

std::string_view DhcpMessage::option_text(std::uint8_t code) const {
  const auto v = option(code);
  std::string_view s(reinterpret_cast<const char*>(v.data()), v.size());
  while (!s.empty() && s.back() == '\0') s.remove_suffix(1);
  return s;
}

std::uint8_t DhcpMessage::message_type() const {
  const auto v = option(53);
  return v.size() == 1 ? v[0] : 0;
}

int DhcpMessage::arch() const {
  const auto v = option(93);
  return v.size() >= 2 ? (v[0] << 8) | v[1] : -1;
}

bool DhcpMessage::pxe_client() const {
  return vendor_class().starts_with("PXEClient");
}

std::string DhcpMessage::uuid() const {
  const auto v = option(97);
  if (v.size() != 17) return {};
  // Type byte, then a GUID whose first three fields are little-endian (as Wireshark prints).
  const std::uint8_t* g = v.data() + 1;
  char buf[40];
  std::snprintf(buf, sizeof buf,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", g[3], g[2],
                g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13], g[14],
                g[15]);
  return buf;
}

std::uint32_t DhcpMessage::server_id() const {
  const auto v = option(54);
  return v.size() == 4 ? be32(v.data()) : 0;
}

std::string DhcpMessage::boot_file() const {
  const auto name = option_text(67);
  if (!name.empty()) return std::string(name);
  return file;
}

PxeVendorInfo DhcpMessage::pxe_vendor() const {
  PxeVendorInfo info;
  if (!has(43)) return info;
  info.present = true;
  const auto v = option(43);
  std::size_t i = 0;
  while (i < v.size()) {
    const std::uint8_t code = v[i];
    if (code == 0) {
      ++i;
      continue;
    }
    if (code == 255) break;
    if (i + 1 >= v.size() || i + 2 + v[i + 1] > v.size()) {
      info.malformed = true;
      break;
    }
    const auto sub = v.subspan(i + 2, v[i + 1]);
    switch (code) {
      case 6:
        if (sub.size() == 1) info.discovery_control = sub[0];
        break;
      case 8:
        info.has_boot_servers = true;
        break;
      case 9: {
        info.has_menu = true;
        info.menu_length = sub.size();
        // Items: type(2) length(1) description.
        std::size_t j = 0;
        while (j + 3 <= sub.size()) {
          const std::size_t dlen = sub[j + 2];
          if (j + 3 + dlen > sub.size()) break;
          info.menu_items.emplace_back(reinterpret_cast<const char*>(sub.data() + j + 3), dlen);
          j += 3 + dlen;
        }
        break;
      }
      case 10:
        info.has_prompt = true;
        break;
      case 71:
        info.has_boot_item = true;
        break;
      default:
        break;
    }
    i += 2 + sub.size();
  }
  return info;
}

std::vector<std::uint8_t> DhcpMessage::option_order() const {
  std::vector<std::uint8_t> order;
  order.reserve(options_.size());
  for (const auto& o : options_) order.push_back(o.code);
  return order;
}

std::string_view dhcp_message_type_name(std::uint8_t type) {
  switch (type) {
    case 1:
      return "DISCOVER";
    case 2:
      return "OFFER";
    case 3:
      return "REQUEST";
    case 4:
      return "DECLINE";
    case 5:
      return "ACK";
    case 6:
      return "NAK";
    case 7:
      return "RELEASE";
    case 8:
      return "INFORM";
    default:
      return "BOOTP";
  }
}

std::string format_ipv4(std::uint32_t a) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
  return buf;
}

ArchFamily arch_family(int arch) {
  switch (arch) {
    case 0:
      return ArchFamily::BiosX86;
    case 6:
      return ArchFamily::EfiIa32;
    case 7:
    case 9:
    case 16:
      return ArchFamily::EfiX64;  // 16: x64 UEFI HTTP
    case 10:
    case 18:
      return ArchFamily::EfiArm32;
    case 11:
    case 19:
      return ArchFamily::EfiArm64;
    case -1:
      return ArchFamily::Unknown;
    default:
      return arch > 0 && arch < 64 ? ArchFamily::EfiOther : ArchFamily::Unknown;
  }
}

bool is_uefi_arch(int arch) {
  const ArchFamily f = arch_family(arch);
  return f != ArchFamily::Unknown && f != ArchFamily::BiosX86;
}

std::string_view arch_name(int arch) {
  // The option table holds the IANA registry's names.
  return arch < 0 || arch > 0xffff ? "unknown" : dhcp::arch_name(static_cast<std::uint16_t>(arch));
}

namespace {
bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}
bool contains_ci(std::string_view s, std::string_view what) {
  for (std::size_t i = 0; i + what.size() <= s.size(); ++i)
    if (ends_with_ci(s.substr(0, i + what.size()), what)) return true;
  return false;
}
}  // namespace

ArchFamily boot_file_family(std::string_view file) {
  const auto slash = file.find_last_of('/');
  if (slash != std::string_view::npos) file.remove_prefix(slash + 1);
  if (file.empty()) return ArchFamily::Unknown;
  if (ends_with_ci(file, ".0") || ends_with_ci(file, ".kpxe") || ends_with_ci(file, ".pxe") ||
      ends_with_ci(file, ".kkpxe") || ends_with_ci(file, ".com") || ends_with_ci(file, ".n12"))
    return ArchFamily::BiosX86;
  if (ends_with_ci(file, ".efi")) {
    if (contains_ci(file, "aa64") || contains_ci(file, "arm64")) return ArchFamily::EfiArm64;
    if (contains_ci(file, "ia32")) return ArchFamily::EfiIa32;
    if (contains_ci(file, "x64") || contains_ci(file, "syslinux") || contains_ci(file, "x86_64"))
      return ArchFamily::EfiX64;
    return ArchFamily::EfiOther;  // some UEFI image, machine unknown from the name
  }
  return ArchFamily::Unknown;
}

ArchFamily boot_image_family(std::span<const std::uint8_t> b) {
  if (b.size() < 0x40 || b[0] != 'M' || b[1] != 'Z') return ArchFamily::Unknown;
  const std::size_t pe = b[0x3c] | (b[0x3d] << 8) | (b[0x3e] << 16) | (std::size_t{b[0x3f]} << 24);
  if (pe + 6 > b.size() || b[pe] != 'P' || b[pe + 1] != 'E' || b[pe + 2] || b[pe + 3])
    return ArchFamily::EfiOther;
  switch (b[pe + 4] | (b[pe + 5] << 8)) {
    case 0x8664:
      return ArchFamily::EfiX64;
    case 0xaa64:
      return ArchFamily::EfiArm64;
    case 0x014c:
      return ArchFamily::EfiIa32;
    case 0x01c2:
    case 0x01c4:
      return ArchFamily::EfiArm32;
    default:
      return ArchFamily::EfiOther;
  }
}

bool families_compatible(ArchFamily client, ArchFamily file) {
  if (client == ArchFamily::Unknown || file == ArchFamily::Unknown) return true;
  if (client == ArchFamily::BiosX86 || file == ArchFamily::BiosX86) return client == file;
  if (file == ArchFamily::EfiOther || client == ArchFamily::EfiOther) return true;
  return client == file;
}

}  // namespace pxescope
