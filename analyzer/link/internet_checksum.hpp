// The RFC 1071 internet checksum (IPv4 header, ICMP, UDP with its pseudo-header): the
// dissectors verify with it, the responder's frame builder computes with it.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>

namespace pxescope {

// One's-complement sum of the 16-bit big-endian words of `data` (an odd last byte is
// padded with zero), added to `initial`, folded to 16 bits (not complemented). The sum does
// not depend on byte order (RFC 1071 section 2(B)), so it adds native 32-bit pieces eight
// bytes at a time and swaps to network order once: every request the responder receives is
// checked and every reply summed, and this was a third of the offer path's instructions.
inline std::uint32_t ones_complement_sum(std::span<const std::uint8_t> data,
                                         std::uint32_t initial = 0) {
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
  std::uint64_t sum = std::uint64_t{initial} + folded;
  if (n) sum += std::uint32_t{*p} << 8;  // an odd last byte: the high byte of a padded word
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint32_t>(sum);
}

// The checksum of `data` on top of `initial`: over a block that holds a correct checksum
// the result is 0.
inline std::uint16_t internet_checksum(std::span<const std::uint8_t> data,
                                       std::uint32_t initial = 0) {
  return static_cast<std::uint16_t>(~ones_complement_sum(data, initial));
}

// The checksum a block should carry in its 2-byte checksum field at `field` (even offset):
// the block's sum with that field taken as zero.
inline std::uint16_t checksum_for_field(std::span<const std::uint8_t> data, std::size_t field,
                                        std::uint32_t initial = 0) {
  const std::uint32_t before = ones_complement_sum(data.first(field), initial);
  return internet_checksum(data.subspan(field + 2), before);
}

// The UDP (and TCP) pseudo-header's partial sum over IPv4 addresses (host order).
inline std::uint32_t ipv4_pseudo_header_sum(std::uint32_t src, std::uint32_t dst,
                                            std::uint8_t protocol, std::uint16_t length) {
  return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + protocol + length;
}

}  // namespace pxescope
