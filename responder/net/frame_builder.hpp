// Ethernet II + IPv4 + UDP headers around a payload, with correct IPv4 and UDP checksums,
// written into a reused buffer (no allocation once warm). Pure: the replay path uses it to
// show the exact frame the live path would send.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "analyzer/link/internet_checksum.hpp"
#include "responder/dhcp_request.hpp"

namespace pxescope::responder {

struct UdpEndpoints {
  MacAddress src_mac{}, dst_mac{};
  std::uint32_t src_ip = 0, dst_ip = 0;  // host order
  std::uint16_t src_port = 0, dst_port = 0;
};

// A client's broadcast from port 68 (a DISCOVER as firmware sends it) to `dst_port`.
inline UdpEndpoints client_broadcast(const MacAddress& client, std::uint16_t dst_port = 67) {
  UdpEndpoints ep;
  ep.src_mac = client;
  ep.dst_mac.fill(0xff);
  ep.dst_ip = 0xffffffffu;
  ep.src_port = 68;
  ep.dst_port = dst_port;
  return ep;
}

inline constexpr std::size_t kUdpFrameOverhead = 14 + 20 + 8;

// The 14-byte Ethernet II header at `f`: destination, source, EtherType.
inline void write_ethernet_header(std::uint8_t* f, const MacAddress& dst, const MacAddress& src,
                                  std::uint16_t ethertype) {
  std::copy(dst.begin(), dst.end(), f);
  std::copy(src.begin(), src.end(), f + 6);
  f[12] = static_cast<std::uint8_t>(ethertype >> 8);
  f[13] = static_cast<std::uint8_t>(ethertype);
}

// Writes the frame into `out` (resized). `ip_id` is the IPv4 identification.
void build_udp_frame(const UdpEndpoints& ep, std::span<const std::uint8_t> payload,
                     std::uint16_t ip_id, std::vector<std::uint8_t>& out);

// RFC 1071 one's-complement sum (shared with the dissectors' checksum checks).
using pxescope::internet_checksum;

}  // namespace pxescope::responder
