// Another DHCP/proxyDHCP server's reply seen on the wire: who sent it and what kind of
// server that makes it. Shared by the start-up check (dhcp_check) and the run-time
// conflict watch (conflict_watch).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "responder/dhcp_request.hpp"

namespace pxescope::responder {

struct OtherServerReply {
  std::uint32_t server = 0;  // option 54, else the IPv4 source
  MacAddress server_mac{};   // Ethernet source
  MacAddress client{};       // chaddr
  std::uint32_t xid = 0;
  std::uint32_t yiaddr = 0;  // non-zero: it hands out addresses (a full DHCP server)
  bool pxe = false;          // option 60 "PXEClient": it gives PXE clients boot information
};

// A BOOTREPLY from UDP port 67 or 4011 whose sender is not `our_mac` / `our_ip`; nothing for
// any other frame (requests, our own replies, non-DHCP, malformed).
std::optional<OtherServerReply> other_server_reply(std::span<const std::uint8_t> frame,
                                                   const MacAddress& our_mac, std::uint32_t our_ip);

}  // namespace pxescope::responder
