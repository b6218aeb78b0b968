// Ethernet II + IPv6 + UDP headers around a payload, the UDP checksum computed (IPv6 has no
// "no checksum"). The responder's DHCPv6 service reads datagrams, not frames: a live boot
// story's failure capture holds its requests and replies as these frames, as a capture on
// the interface would.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace pxescope {

struct Udp6Endpoints {
  std::array<std::uint8_t, 6> src_mac{}, dst_mac{};
  std::array<std::uint8_t, 16> src_ip{}, dst_ip{};
  std::uint16_t src_port = 0, dst_port = 0;
};

inline constexpr std::size_t kUdp6FrameOverhead = 14 + 40 + 8;

// The Ethernet address of an IPv6 multicast group (RFC 2464 §7: 33:33 + its last 32 bits).
std::array<std::uint8_t, 6> multicast_mac6(const std::array<std::uint8_t, 16>& group);

// Writes the frame into `out` (resized); hop limit 255 to a link-local or multicast address
// (what DHCPv6 on one link uses), else 64.
void build_udp6_frame(const Udp6Endpoints& ep, std::span<const std::uint8_t> payload,
                      std::vector<std::uint8_t>& out);

}  // namespace pxescope
