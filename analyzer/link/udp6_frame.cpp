#include "analyzer/link/udp6_frame.hpp"

#include <cstring>

#include "analyzer/link/ipv6_dissector.hpp"

namespace pxescope {
namespace {

void put16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}

}  // namespace

std::array<std::uint8_t, 6> multicast_mac6(const std::array<std::uint8_t, 16>& group) {
  return {0x33, 0x33, group[12], group[13], group[14], group[15]};
}

void build_udp6_frame(const Udp6Endpoints& ep, std::span<const std::uint8_t> payload,
                      std::vector<std::uint8_t>& out) {
  out.resize(kUdp6FrameOverhead + payload.size());
  std::uint8_t* f = out.data();
  std::memcpy(f, ep.dst_mac.data(), 6);
  std::memcpy(f + 6, ep.src_mac.data(), 6);
  put16(f + 12, 0x86dd);

  std::uint8_t* ip = f + 14;
  const auto udp_length = static_cast<std::uint16_t>(8 + payload.size());
  std::memset(ip, 0, 8);
  ip[0] = 0x60;  // version 6, traffic class and flow label 0
  put16(ip + 4, udp_length);
  ip[6] = 17;  // UDP
  const bool on_link =
      ep.dst_ip[0] == 0xff || (ep.dst_ip[0] == 0xfe && (ep.dst_ip[1] & 0xc0) == 0x80);
  ip[7] = on_link ? 255 : 64;
  std::memcpy(ip + 8, ep.src_ip.data(), 16);
  std::memcpy(ip + 24, ep.dst_ip.data(), 16);

  std::uint8_t* udp = ip + 40;
  put16(udp, ep.src_port);
  put16(udp + 2, ep.dst_port);
  put16(udp + 4, udp_length);
  put16(udp + 6, 0);
  if (!payload.empty()) std::memcpy(udp + 8, payload.data(), payload.size());
  std::uint16_t sum = ipv6_checksum(ep.src_ip, ep.dst_ip, 17, {udp, udp_length});
  if (sum == 0) sum = 0xffff;
  put16(udp + 6, sum);
}

}  // namespace pxescope
