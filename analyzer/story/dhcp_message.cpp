#include "analyzer/story/dhcp_message.hpp"

#include "analyzer/dhcp/message_view.hpp"
#include "analyzer/dhcp/option_table.hpp"

#include <algorithm>
#include <cstdio>

namespace pxescope {
namespace {

std::string trimmed_field(std::span<const std::uint8_t> field, bool* unterminated = nullptr) {
  const auto end = std::find(field.begin(), field.end(), std::uint8_t{0});
  if (unterminated) *unterminated = end == field.end();
  return std::string(field.begin(), end);
}

// PXE sub-option 9: items of type (2 bytes), length (1) and description.
void add_menu_items(std::span<const std::uint8_t> menu, std::vector<std::string>& items) {
  std::size_t j = 0;
  while (j + 3 <= menu.size()) {
    const std::size_t dlen = menu[j + 2];
    if (j + 3 + dlen > menu.size()) break;
    items.emplace_back(reinterpret_cast<const char*>(menu.data() + j + 3), dlen);
    j += 3 + dlen;
  }
}

// What one PXE sub-option of option 43 tells the story.
void note_pxe_suboption(std::uint8_t code, std::span<const std::uint8_t> sub, PxeVendorInfo& info) {
  switch (code) {
    case dhcp::kPxeDiscoveryControl:
      if (sub.size() == 1) info.discovery_control = sub[0];
      break;
    case dhcp::kPxeBootServers:
      info.has_boot_servers = true;
      break;
    case dhcp::kPxeBootMenu:
      info.has_menu = true;
      info.menu_length = sub.size();
      add_menu_items(sub, info.menu_items);
      break;
    case dhcp::kPxeMenuPrompt:
      info.has_prompt = true;
      break;
    case dhcp::kPxeBootItem:
      info.has_boot_item = true;
      break;
    default:
      break;
  }
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
  // The one read model (reused: no allocation once warm), over this message's own copy.
  thread_local dhcp::MessageView view;
  view.parse(bytes_);
  op = view.op();
  if (op != dhcp::kBootRequest && op != dhcp::kBootReply) return false;
  htype = view.htype();
  hlen = view.hlen();
  xid = view.xid();
  secs = view.secs();
  flags = view.flags();
  ciaddr = view.ciaddr();
  yiaddr = view.yiaddr();
  siaddr = view.siaddr();
  giaddr = view.giaddr();
  std::copy_n(view.chaddr6(), 6, mac.begin());
  sname = trimmed_field(view.sname_field());
  file = trimmed_field(view.file_field(), &file_field_unterminated);
  if (!view.has_cookie()) return true;  // plain BOOTP, or not DHCP options we can trust
  has_cookie = true;
  if (view.scan().overload & 1) {
    file.clear();
    file_field_unterminated = false;
  }
  if (view.scan().overload & 2) sname.clear();
  malformed = view.has_cut_option();  // a cut option is left out of the options
  keep_options(view);
  return true;
}

void DhcpMessage::keep_options(const dhcp::MessageView& view) {
  // Values of split options live in the view's join buffer: copy those into joined_,
  // reserved to their total up front so that earlier views into it stay valid.
  std::size_t split_bytes = 0;
  view.for_each_option([&split_bytes](const dhcp::LocatedOption& o) {
    if (o.split) split_bytes += o.value.size();
    return true;
  });
  joined_.reserve(split_bytes);
  view.for_each_option([this](const dhcp::LocatedOption& o) {
    std::span<const std::uint8_t> value = o.value;  // into bytes_, unless split
    if (o.split) {
      const std::size_t start = joined_.size();
      joined_.insert(joined_.end(), value.begin(), value.end());
      value = std::span<const std::uint8_t>(joined_).subspan(start);
    }
    options_.push_back({o.code, value});
    return true;
  });
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
  return dhcp::read_text(option(code));
}

std::uint8_t DhcpMessage::message_type() const {
  return dhcp::read_message_type(option(dhcp::kOptMessageType));
}

int DhcpMessage::arch() const {
  return dhcp::read_first_arch(option(dhcp::kOptClientArch));
}

bool DhcpMessage::pxe_client() const {
  return dhcp::is_pxe_vendor_class(vendor_class());
}

std::string DhcpMessage::uuid() const {
  const auto v = option(dhcp::kOptClientGuid);
  if (!dhcp::option_length_ok(dhcp::kOptClientGuid, v.size())) return {};
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
  return dhcp::read_address(option(dhcp::kOptServerId));
}

std::string DhcpMessage::boot_file() const {
  const auto name = option_text(dhcp::kOptBootfileName);
  if (!name.empty()) return std::string(name);
  return file;
}

PxeVendorInfo DhcpMessage::pxe_vendor() const {
  PxeVendorInfo info;
  if (!has(dhcp::kOptVendorSpecific)) return info;
  info.present = true;
  const auto note = [&info](std::uint8_t code, std::span<const std::uint8_t> sub) {
    note_pxe_suboption(code, sub, info);
    return true;
  };
  info.malformed = !dhcp::walk_suboptions(option(dhcp::kOptVendorSpecific), note);
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
    case dhcp::kMsgDiscover:
      return "DISCOVER";
    case dhcp::kMsgOffer:
      return "OFFER";
    case dhcp::kMsgRequest:
      return "REQUEST";
    case dhcp::kMsgDecline:
      return "DECLINE";
    case dhcp::kMsgAck:
      return "ACK";
    case dhcp::kMsgNak:
      return "NAK";
    case dhcp::kMsgRelease:
      return "RELEASE";
    case dhcp::kMsgInform:
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

std::optional<bool> pe_image_signed(std::span<const std::uint8_t> b) {
  if (b.size() < 0x40 || b[0] != 'M' || b[1] != 'Z') return std::nullopt;
  const std::size_t pe = b[0x3c] | (b[0x3d] << 8) | (b[0x3e] << 16) | (std::size_t{b[0x3f]} << 24);
  // The optional header follows the 24-byte COFF header; its data directories start at 96
  // (PE32) or 112 (PE32+), after their count. Entry 4 is the certificate table.
  const std::size_t optional = pe + 24;
  if (pe > b.size() || optional + 2 > b.size() || b[pe] != 'P' || b[pe + 1] != 'E')
    return std::nullopt;
  const unsigned magic = b[optional] | (b[optional + 1] << 8);
  if (magic != 0x10b && magic != 0x20b) return std::nullopt;
  const std::size_t directories = optional + (magic == 0x20b ? 112 : 96);
  if (directories > b.size()) return std::nullopt;
  auto u32 = [&b](std::size_t at) {
    return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (std::uint32_t{b[at + 3]} << 24);
  };
  const std::uint32_t count = u32(directories - 4);
  if (count <= 4) return false;  // no certificate-table entry at all
  const std::size_t certificates = directories + 4 * 8;
  if (certificates + 8 > b.size()) return std::nullopt;
  return u32(certificates + 4) != 0;  // its size
}

bool families_compatible(ArchFamily client, ArchFamily file) {
  if (client == ArchFamily::Unknown || file == ArchFamily::Unknown) return true;
  if (client == ArchFamily::BiosX86 || file == ArchFamily::BiosX86) return client == file;
  if (file == ArchFamily::EfiOther || client == ArchFamily::EfiOther) return true;
  return client == file;
}

}  // namespace pxescope
