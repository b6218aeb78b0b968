// Ethernet II + IPv6 + UDP headers around a payload, the UDP checksum computed (IPv6 has no
// "no checksum"). The DHCPv6 service reads datagrams, not frames: the live boot stories see
// its requests and replies as these frames, as a capture on the interface would hold them.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "responder/dhcp6/dhcp6_request.hpp"
#include "responder/dhcp_request.hpp"

namespace pxescope::responder {

struct Udp6Endpoints {
  MacAddress src_mac{}, dst_mac{};
  Ipv6Address src_ip{}, dst_ip{};
  std::uint16_t src_port = 0, dst_port = 0;
};

inline constexpr std::size_t kUdp6FrameOverhead = 14 + 40 + 8;

// The Ethernet address of an IPv6 multicast group (RFC 2464 §7: 33:33 + its last 32 bits).
MacAddress multicast_mac6(const Ipv6Address& group);

// Writes the frame into `out` (resized); hop limit 255 to a link-local or multicast address
// (what DHCPv6 on one link uses), else 64.
void build_udp6_frame(const Udp6Endpoints& ep, std::span<const std::uint8_t> payload,
                      std::vector<std::uint8_t>& out);

}  // namespace pxescope::responder
