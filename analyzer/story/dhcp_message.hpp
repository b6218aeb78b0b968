// A light, allocation-bounded view of one BOOTP/DHCP message: the header fields and the
// options in wire order, for the story builder, the offer linter, the fingerprinter and the
// probe. The field tree stays the place for display; this is the place for reasoning.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pxescope {

namespace dhcp {
class MessageView;
}

struct DhcpOptionView {
  std::uint8_t code = 0;
  std::span<const std::uint8_t> value;  // points into the message bytes
};

// PXE vendor options (option 43 sub-options, PXE spec 2.1 table 2-1) that matter to a boot.
struct PxeVendorInfo {
  bool present = false;
  std::optional<std::uint8_t> discovery_control;  // sub-option 6
  bool has_boot_servers = false;                  // sub-option 8
  bool has_menu = false;                          // sub-option 9
  std::size_t menu_length = 0;
  bool has_prompt = false;              // sub-option 10
  bool has_boot_item = false;           // sub-option 71
  std::vector<std::string> menu_items;  // descriptions of sub-option 9
  bool malformed = false;
};

class DhcpMessage {
 public:
  DhcpMessage() = default;
  // Copies re-parse: the option views must point into the copy's own bytes.
  DhcpMessage(const DhcpMessage& other) { *this = other; }
  DhcpMessage& operator=(const DhcpMessage& other);
  DhcpMessage(DhcpMessage&&) noexcept = default;  // moved buffers keep their addresses
  DhcpMessage& operator=(DhcpMessage&&) noexcept = default;

  // Parses a UDP payload. False when it is not BOOTP (shorter than the fixed header, or op
  // not 1/2). Options are read after a valid magic cookie through the one read model
  // (analyzer/dhcp/message_view.hpp: the dissector's scan, overload and RFC 3396 included);
  // an option cut short is left out and sets malformed.
  bool parse(std::span<const std::uint8_t> payload);

  std::uint8_t op = 0;  // 1 request, 2 reply
  std::uint8_t htype = 0, hlen = 0;
  std::uint32_t xid = 0;
  std::uint16_t secs = 0, flags = 0;
  std::uint32_t ciaddr = 0, yiaddr = 0, siaddr = 0, giaddr = 0;  // host order
  std::array<std::uint8_t, 6> mac{};
  std::string sname;                     // NUL-trimmed
  std::string file;                      // the BOOTP file field, NUL-trimmed
  bool file_field_unterminated = false;  // all 128 bytes used, no NUL
  bool has_cookie = false;
  bool malformed = false;

  const std::vector<DhcpOptionView>& options() const { return options_; }
  // An option's value (pieces of a split option joined; empty span when absent).
  bool has(std::uint8_t code) const;
  std::span<const std::uint8_t> option(std::uint8_t code) const;
  std::string_view option_text(std::uint8_t code) const;  // raw bytes as text, NUL-trimmed

  std::uint8_t message_type() const;  // 53, 0 when absent
  int arch() const;                   // 93 first item, -1 when absent
  std::string_view vendor_class() const { return option_text(60); }
  bool pxe_client() const;          // 60 starts with PXEClient
  std::string uuid() const;         // 97 as "xxxxxxxx-xxxx-...", "" when absent/odd
  std::uint32_t server_id() const;  // 54, 0 when absent
  // The boot file: option 67 when present, else the file field.
  std::string boot_file() const;
  PxeVendorInfo pxe_vendor() const;  // option 43 decoded as PXE sub-options
  std::vector<std::uint8_t> option_order() const;

 private:
  // One entry per option the read model located; values of split ones copied into joined_.
  void keep_options(const dhcp::MessageView& view);

  std::vector<std::uint8_t> bytes_;   // own copy: views stay valid after the frame is gone
  std::vector<std::uint8_t> joined_;  // values of options joined from pieces, back to back
  std::vector<DhcpOptionView> options_;
};

std::string_view dhcp_message_type_name(std::uint8_t type);  // "DISCOVER", ...
std::string format_ipv4(std::uint32_t host_order);

// Architecture families for boot-file checks (RFC 4578 + IANA processor architecture types).
enum class ArchFamily : std::uint8_t {
  Unknown,
  BiosX86,
  EfiIa32,
  EfiX64,
  EfiArm32,
  EfiArm64,
  EfiOther
};
ArchFamily arch_family(int arch);
bool is_uefi_arch(int arch);
std::string_view arch_name(int arch);  // IANA name ("x86 BIOS", "x64 UEFI"), "unknown" for -1

// What a boot file name suggests (by extension and well-known names).
ArchFamily boot_file_family(std::string_view file);
// What the first bytes of a downloaded boot file say (PE/COFF machine type), Unknown if not PE.
ArchFamily boot_image_family(std::span<const std::uint8_t> first_bytes);
// Whether a PE/COFF image carries an Authenticode signature (its certificate-table directory is
// not empty): nullopt when `first_bytes` is not PE or ends before that directory entry.
std::optional<bool> pe_image_signed(std::span<const std::uint8_t> first_bytes);
// Whether a file of family `file` can run on a client of family `client` (Unknown: yes).
bool families_compatible(ArchFamily client, ArchFamily file);

}  // namespace pxescope
