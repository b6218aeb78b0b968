// A scripted capture of two clients for pxe.client (client_membership_test, the CLI test):
// client A leases 192.168.77.150, downloads a file from a server whose frames carry no MAC
// of A (broadcast destination), gets an ICMP error; then client B is given the same address
// and the server talks to it. The frame numbers each client's boot holds are listed here.
#pragma once

#include <cstdint>
#include <set>

#include "story_test_support.hpp"

namespace pxescope::testing::membership {

inline constexpr Mac kClientA = kStoryMac;  // 52:54:00:12:34:56
inline constexpr Mac kClientB = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
inline constexpr Mac kRouterMac = {0x02, 0, 0, 0, 0, 1};

inline Script two_clients() {
  Script s;
  s.client_dhcp(0.0, discover());  // 1
  s.server_dhcp(0.01, reply(2, Script::kServer, 0, "pxelinux.0", Script::kServer),
                Script::kServer);  // 2: proxy OFFER
  s.server_dhcp(1.0, reply(2, Script::kRouter, Script::kClient, {}, 0, false),
                Script::kRouter);  // 3: OFFER of 192.168.77.150
  // 4: a datagram to the address before it is leased: nobody's yet.
  s.server_udp(1.05, Script::kServer, 9999, 2999, Bytes{0, 9});
  s.client_dhcp(1.1, request());  // 5
  s.server_dhcp(1.2, reply(5, Script::kRouter, Script::kClient, {}, 0, false),
                Script::kRouter);           // 6: ACK
  download(s, 2.0, 2000, "pxelinux.0", 2);  // 7 RRQ, 8 DATA, 9 ACK, 10 DATA, 11 ACK
  // 12: a router's ICMP error about A's request (its MAC is the router's).
  s.at(3.0, eth_frame(kRouterMac, icmp_port_unreachable(Script::kRouter, Script::kClient, 2001,
                                                        Script::kServer, 69)));
  // 13: B's DISCOVER; 14: an ICMP error about a machine nobody leased.
  Bootp b_discover = discover(0x55667788);
  b_discover.mac = kClientB;
  s.at(3.5, eth_frame(kClientB, ipv4_udp(0, 0xffffffff, 68, 67, bootp_payload(b_discover))));
  s.at(3.6, eth_frame(kRouterMac, icmp_port_unreachable(Script::kRouter, ip4(192, 168, 77, 151),
                                                        2002, Script::kServer, 69)));
  // 15: the router ACKs the same address to B; 16: the server's datagram to it is B's now.
  Bootp b_ack = reply(5, Script::kRouter, Script::kClient, {}, 0, false);
  b_ack.xid = 0x55667788;
  b_ack.mac = kClientB;
  s.server_dhcp(4.0, b_ack, Script::kRouter);
  s.server_udp(4.5, Script::kServer, 40000, 2000, tftp(3, {}, 1, 100));
  return s;
}

// What pxe.client == A / B keep; and what the MACs the frames carry alone would keep of A.
inline const std::set<std::uint64_t> kFramesOfA = {1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12};
inline const std::set<std::uint64_t> kFramesOfB = {13, 15, 16};
inline const std::set<std::uint64_t> kFramesCarryingA = {1, 2, 3, 5, 6, 7, 9, 11};

}  // namespace pxescope::testing::membership
