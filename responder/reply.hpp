// A typed description of one reply the responder decided to send, its encoding into a
// BOOTP/DHCP payload (options written through the analyzer's option table), and where it
// goes on the wire.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "responder/config.hpp"
#include "responder/dhcp_request.hpp"

namespace pxescope::responder {

struct ServerIdentity {
  std::uint32_t ip = 0;       // host order
  std::uint32_t netmask = 0;  // host order; 0: /24 assumed in full mode
  MacAddress mac{};
};

// Where the request came from (the edge fills this in from the frame).
struct Ingress {
  std::uint16_t dst_port = 67;  // 67 or 4011
  std::uint32_t src_ip = 0;     // host order
  std::uint16_t src_port = 68;
  MacAddress src_mac{};  // Ethernet source of the request
};

struct Destination {
  MacAddress mac{};
  std::uint32_t ip = 0;  // host order
  std::uint16_t port = 68;
  bool broadcast = false;
};

enum class OfferStyle : std::uint8_t {
  None,
  Menu,    // 43 with discovery control, prompt, boot servers, menu -> a 4011 request (BIOS)
  Binl,    // no 43 and no file: the client asks port 4011 (what dnsmasq sends EDK2/iPXE EFI)
  Direct,  // siaddr + file/66/67 right in the offer (iPXE scripts, HTTP boot, other servers)
};

struct Reply {
  std::uint8_t message_type = 0;  // 2 OFFER, 5 ACK, 6 NAK
  OfferStyle style = OfferStyle::None;
  std::uint32_t xid = 0;
  std::uint16_t secs = 0, flags = 0;
  std::uint32_t ciaddr = 0, yiaddr = 0, siaddr = 0, giaddr = 0;
  MacAddress chaddr{};
  std::string sname;
  std::string file;          // boot file or URL ("" none)
  std::string vendor_class;  // "PXEClient", "HTTPClient" or "" (non-PXE full-DHCP client)
  std::span<const std::uint8_t> client_guid;  // 97 echoed (points into the request)
  std::span<const std::uint8_t> relay_agent;  // 82 echoed to the relay
  bool echo_boot_item = false;
  std::uint16_t boot_item_type = 0, boot_item_layer = 0;
  std::array<const PxeService*, 16> menu{};  // Menu style: the items offered
  std::size_t menu_size = 0;
  bool synthesized_menu = false;  // a one-item menu made from a boot rule:
  PxeService synthesized_item;    // this one (menu[0] is unused then)
  std::uint16_t arch = 0;
  // Full DHCP.
  std::uint32_t lease_seconds = 0, netmask = 0;
  // For the configured dhcp-option lines: the request's tags and option 55 (empty: the
  // client asked for nothing in particular, so every matching option goes, as dnsmasq).
  std::uint32_t tags = 0;
  std::span<const std::uint8_t> request_list;
  bool ipxe_client = false;
  Destination to;
};

// Encodes `reply` as a BOOTP payload into `out` (cleared first), padded to 300 bytes.
void encode_reply(const Reply& reply, const ResponderConfig& cfg, const ServerIdentity& server,
                  std::vector<std::uint8_t>& out);

// RFC 2131 4.1 for port 67 replies; 4011 replies go back to where the request came from.
Destination reply_destination(const DhcpRequest& req, const Ingress& in, const Reply& reply);

}  // namespace pxescope::responder
