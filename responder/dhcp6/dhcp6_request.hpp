// A typed view of a DHCPv6 request (RFC 8415, RFC 5970): the fields and options the
// responder's decisions need, with relay chains unwrapped. Option lengths are checked
// against the analyzer's one DHCPv6 option table (analyzer/dhcpv6/dhcpv6_option_table.hpp),
// so the responder and `pxescope analyze` agree on what a well-formed option is. The
// responder is stricter than the analyzer: anything the view cannot vouch for is refused
// (never answered) with a ParseError6 that names why. Views point into the payload.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace pxescope::responder {

using Ipv6Address = std::array<std::uint8_t, 16>;

// One Relay-forw around the client's message (RFC 8415 §9).
struct RelayHop6 {
  std::uint8_t hop_count = 0;
  Ipv6Address link{}, peer{};
  std::span<const std::uint8_t> interface_id;  // option 18, echoed in the Relay-reply
  bool has_interface_id = false;
};

// A relay chain deeper than this is refused: RFC 8415 §7.6 HOP_COUNT_LIMIT is 8, so no
// legitimate message nests deeper (the analyzer follows 32 to show what it is).
inline constexpr std::size_t kMaxRelayHops6 = 8;
// More options than this in one message is a flood, not a client.
inline constexpr std::size_t kMaxOptions6 = 64;
// RFC 8415 §11.1: a DUID is at most 128 bytes after its 2-byte type.
inline constexpr std::size_t kMaxDuidBytes = 130;

struct Dhcp6Request {
  std::uint8_t message_type = 0;  // of the client's message (inside the relays)
  std::uint32_t xid = 0;
  std::span<const std::uint8_t> client_id;  // 1
  std::span<const std::uint8_t> server_id;  // 2
  bool has_server_id = false;
  bool has_ia_na = false;  // 3: the first IA_NA
  std::uint32_t iaid = 0;
  bool has_ia_address = false;  // 5 inside that IA_NA: the address the client asks for
  Ipv6Address ia_address{};
  std::span<const std::uint8_t> oro;  // 6: u16 codes
  bool rapid_commit = false;          // 14
  std::string_view user_class;        // 15: the first item ("iPXE")
  bool has_vendor_class = false;      // 16
  std::uint32_t vendor_enterprise = 0;
  std::string_view vendor_class;  // 16: the first item ("PXEClient:Arch:00007:UNDI:003000")
  bool has_arch = false;          // 61: the first item
  std::uint16_t arch = 0;
  std::span<const std::uint8_t> client_link_layer;  // 79 (from a relay): type + address
  // The sender's MAC as the link showed it (Ethernet source, or the EUI-64 of its
  // link-local address); set by the caller, for clients whose DUID holds none (OVMF: UUID).
  bool has_link_mac = false;
  std::array<std::uint8_t, 6> link_mac{};

  std::array<RelayHop6, kMaxRelayHops6> relays{};  // outermost first
  std::size_t relay_count = 0;

  bool relayed() const { return relay_count != 0; }
  bool asks_for(std::uint16_t code) const;  // `code` is in the ORO
  bool is_pxe_client() const { return vendor_class.starts_with("PXEClient"); }
  bool is_http_client() const { return vendor_class.starts_with("HTTPClient"); }
  bool is_ipxe() const { return user_class == "iPXE"; }
  // A network boot client: asks for a boot file URL, says its architecture or a PXE/HTTP
  // vendor class. Beside another DHCPv6 server only these are answered.
  bool is_boot_client() const;
  // The client's MAC: a relay's option 79, its DUID (LLT/LL on Ethernet), else the link's.
  bool mac(std::array<std::uint8_t, 6>& out) const;
};

enum class ParseError6 : std::uint8_t {
  None,
  TooShort,          // shorter than a message header
  NotClientMessage,  // a server's message type (Advertise, Reply, Relay-reply, ...)
  OptionOverrun,     // an option's length runs past its message
  BadOptionLength,   // a length the option table says the option cannot have
  RepeatedOption,    // a one-per-message option sent more than once
  TooManyOptions,    // more than kMaxOptions6 options in one message
  BadDuid,           // a client/server id of under 3 or over 130 bytes
  RelayTooDeep,      // more than kMaxRelayHops6 nested Relay-forw
  NoRelayMessage,    // a Relay-forw without its option 9
  NoClientId,        // a client message without option 1 (RFC 8415 §16: discard)
};
std::string_view parse_error6_text(ParseError6 e);

// The MAC inside an EUI-64 interface identifier (fe80::5054:ff:fe12:3456); false when the
// address is not one.
bool mac_from_eui64(const Ipv6Address& a, std::array<std::uint8_t, 6>& out);

// Parses the UDP payload. Never reads outside it; on any error the request is not answered.
ParseError6 parse_dhcp6_request(std::span<const std::uint8_t> payload, Dhcp6Request& out);
// The request's views point into the payload: a temporary buffer would leave them dangling.
ParseError6 parse_dhcp6_request(std::vector<std::uint8_t>&& payload, Dhcp6Request& out) = delete;

}  // namespace pxescope::responder
