// A small typed view of a BOOTP/DHCP request: the fields and options the responder's
// decisions need, read through the one read model of a DHCP message (dhcp::MessageView),
// with the responder's own strictness on top. No allocation once warm: the byte views point
// into the payload, which must outlive the view, or, for an option the client split in
// pieces (RFC 3396), into this thread's read model, valid until the next
// parse_dhcp_request on this thread.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace pxescope::responder {

using MacAddress = std::array<std::uint8_t, 6>;

struct DhcpRequest {
  std::uint8_t op = 0;
  std::uint8_t htype = 0;
  std::uint8_t hlen = 0;
  std::uint8_t hops = 0;
  std::uint32_t xid = 0;  // as on the wire (network order bytes read big-endian)
  std::uint16_t secs = 0;
  std::uint16_t flags = 0;
  std::uint32_t ciaddr = 0, yiaddr = 0, siaddr = 0, giaddr = 0;  // host order
  MacAddress chaddr{};

  std::uint8_t message_type = 0;  // option 53, 0 when absent (plain BOOTP)
  std::string_view vendor_class;  // 60
  bool has_arch = false;
  std::uint16_t arch = 0;                      // 93, first item
  std::span<const std::uint8_t> client_guid;   // 97 value, echoed verbatim
  std::span<const std::uint8_t> user_class;    // 77 value (iPXE sends the bare text)
  std::span<const std::uint8_t> relay_agent;   // 82 value, echoed verbatim to the relay
  std::span<const std::uint8_t> client_id;     // 61
  std::span<const std::uint8_t> request_list;  // 55: the options the client asks for
  bool has_ipxe_options = false;               // 175 present
  bool has_boot_item = false;                  // 43.71 present (a PXE boot server request)
  std::uint16_t boot_item_type = 0;
  std::uint16_t boot_item_layer = 0;
  std::uint32_t server_id = 0;             // 54, 0 when absent
  std::uint32_t requested_ip = 0;          // 50, 0 when absent
  std::uint16_t max_message_size = 0;      // 57
  std::array<std::uint64_t, 4> present{};  // bit per option code seen

  bool has_option(std::uint8_t code) const { return (present[code >> 6] >> (code & 63)) & 1u; }

  bool broadcast_flag() const { return (flags & 0x8000) != 0; }
  bool is_pxe_client() const { return vendor_class.starts_with("PXEClient"); }
  bool is_http_client() const { return vendor_class.starts_with("HTTPClient"); }
  // iPXE announces itself with user class "iPXE" or its encapsulated option 175.
  bool is_ipxe() const;
};

enum class ParseError : std::uint8_t {
  None,
  TooShort,         // less than the 236-byte BOOTP header + cookie
  NotRequest,       // op is not BOOTREQUEST
  BadHardware,      // htype/hlen is not Ethernet/6
  BadCookie,        // no DHCP magic cookie
  OptionOverrun,    // an option's length runs past the end
  NoEnd,            // the options never reach END
  BadOptionLength,  // a known option with a length it cannot have (53, 93, 97, 43.71 ...)
  // Frame-level faults, found before the payload is parsed (responder/net/frame_check.hpp).
  BadLength,        // IPv4 total length / UDP length inconsistent with each other or the frame
  BadIpChecksum,    // IPv4 header checksum wrong
  BadUdpChecksum,   // UDP checksum present (not 0) and wrong
  BadRelayAddress,  // giaddr not a unicast address, or hops > 0 without a giaddr
  TooLong,          // the frame was longer than the 2048-byte receive slot (cut, not parsed)
};
std::string_view parse_error_text(ParseError e);

// Parses `payload` (the UDP payload). Never reads outside it. A request that parses with
// an error must not be answered. Options split in pieces are joined (RFC 3396), except
// one-value options (53, 50, 54, 57, 94, 97) sent twice; option overload (52) is refused.
ParseError parse_dhcp_request(std::span<const std::uint8_t> payload, DhcpRequest& out);

std::string format_mac(const MacAddress& mac);
std::string format_ipv4(std::uint32_t host_order);
// Parses dotted IPv4 into host order; false on bad text.
bool parse_ipv4(std::string_view text, std::uint32_t& out);
// Parses aa:bb:cc:dd:ee:ff (or with '-'); false on bad text.
bool parse_mac(std::string_view text, MacAddress& out);

}  // namespace pxescope::responder
