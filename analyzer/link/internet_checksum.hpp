// The RFC 1071 internet checksum (IPv4 header, ICMP, UDP with its pseudo-header): the
// dissectors verify with it, the responder's frame builder computes with it.
#pragma once

#include <cstdint>
#include <span>

namespace pxescope {

// One's-complement sum of the 16-bit big-endian words of `data` (an odd last byte is
// padded with zero), added to `initial`, folded to 16 bits (not complemented).
inline std::uint32_t ones_complement_sum(std::span<const std::uint8_t> data,
                                         std::uint32_t initial = 0) {
  std::uint64_t sum = initial;
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2) sum += (std::uint32_t{data[i]} << 8) | data[i + 1];
  if (i < data.size()) sum += std::uint32_t{data[i]} << 8;
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
