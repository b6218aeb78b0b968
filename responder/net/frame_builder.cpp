#include "responder/net/frame_builder.hpp"

#include <bit>
#include <cstring>

#include "responder/net/byte_order.hpp"

namespace pxescope::responder {
namespace {

using wire::put16;
using wire::put32;

// The 16-bit words of `data` (network order) added to `sum`, not yet folded. A one's
// complement sum does not depend on byte order (RFC 1071 section 2(B)): add native 32-bit
// pieces eight bytes at a time, fold, and swap to network order once. Every request is
// checked and every reply summed on the offer path: this is a third of its instructions.
std::uint32_t sum_words(std::span<const std::uint8_t> data, std::uint32_t sum) {
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  std::uint64_t acc = 0;
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    acc += (w & 0xffffffffu) + (w >> 32);
  }
  for (; n >= 2; p += 2, n -= 2) {
    std::uint16_t h;
    std::memcpy(&h, p, 2);
    acc += h;
  }
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  auto folded = static_cast<std::uint16_t>(acc);
  if constexpr (std::endian::native == std::endian::little) folded = __builtin_bswap16(folded);
  sum += folded;
  if (n) sum += std::uint32_t{*p} << 8;  // an odd last byte: the high byte of a padded word
  return sum;
}

std::uint16_t fold(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

}  // namespace

std::uint16_t internet_checksum(std::span<const std::uint8_t> data, std::uint32_t initial) {
  return fold(sum_words(data, initial));
}

void build_udp_frame(const UdpEndpoints& ep, std::span<const std::uint8_t> payload,
                     std::uint16_t ip_id, std::vector<std::uint8_t>& out) {
  out.resize(kUdpFrameOverhead + payload.size());
  std::uint8_t* f = out.data();
  std::memcpy(f, ep.dst_mac.data(), 6);
  std::memcpy(f + 6, ep.src_mac.data(), 6);
  put16(f + 12, 0x0800);

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
  std::uint32_t pseudo = (ep.src_ip >> 16) + (ep.src_ip & 0xffff) + (ep.dst_ip >> 16) +
                         (ep.dst_ip & 0xffff) + 17 + udp_len;
  std::uint16_t sum = internet_checksum({udp, udp_len}, pseudo);
  if (sum == 0) sum = 0xffff;  // 0 means "no checksum" in UDP
  put16(udp + 6, sum);
}

}  // namespace pxescope::responder
