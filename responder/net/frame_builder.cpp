#include "responder/net/frame_builder.hpp"

#include <bit>
#include <cstring>

#include "responder/net/byte_order.hpp"

namespace pxescope::responder {
namespace {

using wire::put16;
using wire::put32;

}  // namespace

void build_udp_frame(const UdpEndpoints& ep, std::span<const std::uint8_t> payload,
                     std::uint16_t ip_id, std::vector<std::uint8_t>& out) {
  out.resize(kUdpFrameOverhead + payload.size());
  std::uint8_t* f = out.data();
  write_ethernet_header(f, ep.dst_mac, ep.src_mac, 0x0800);

  std::uint8_t* ip = f + 14;
  const auto udp_len = static_cast<std::uint16_t>(8 + payload.size());
  ip[0] = 0x45;
  ip[1] = 0xc0;  // DSCP CS6 (network control), as dnsmasq sends DHCP
  put16(ip + 2, static_cast<std::uint16_t>(20 + udp_len));
  put16(ip + 4, ip_id);
  put16(ip + 6, 0);
  ip[8] = 64;
  ip[9] = 17;
  put16(ip + 10, 0);
  put32(ip + 12, ep.src_ip);
  put32(ip + 16, ep.dst_ip);
  put16(ip + 10, internet_checksum({ip, 20}));

  std::uint8_t* udp = ip + 20;
  put16(udp, ep.src_port);
  put16(udp + 2, ep.dst_port);
  put16(udp + 4, udp_len);
  put16(udp + 6, 0);
  std::memcpy(udp + 8, payload.data(), payload.size());
  // Pseudo-header: addresses, protocol, UDP length.
  const std::uint32_t pseudo = ipv4_pseudo_header_sum(ep.src_ip, ep.dst_ip, 17, udp_len);
  std::uint16_t sum = internet_checksum({udp, udp_len}, pseudo);
  if (sum == 0) sum = 0xffff;  // 0 means "no checksum" in UDP
  put16(udp + 6, sum);
}

}  // namespace pxescope::responder
