// The CAPWAP data channel header (RFC 5415 §4.3, UDP port 5247), bare bytes, for
// locate_udp(): whether the packet tunnels a whole frame, and which kind (T flag: the
// wireless binding's native frame, 802.11 for WBID 1; else 802.3). No tree, no allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pxescope::capwap {

inline constexpr std::uint16_t kDataPort = 5247;
inline constexpr std::uint8_t kWbidIeee80211 = 1;

// Flag bits of the header's first 32-bit word (after the preamble byte: HLEN, RID, WBID, flags).
inline constexpr std::uint32_t kFlagT = 0x100, kFlagF = 0x80, kFlagL = 0x40, kFlagW = 0x20,
                               kFlagM = 0x10, kFlagK = 0x08;

inline constexpr std::string_view kNotTunnel = "CAPWAP keep-alive or fragment";

struct Header {
  std::uint32_t offset = 0;  // of the preamble
  std::uint8_t version = 0;  // preamble: version (4 bits) and type (0 = clear, 1 = DTLS)
  std::uint8_t type = 0;
  std::uint32_t word = 0;    // bytes 1..3: HLEN (5 bits), RID (5), WBID (5), flags (9)
  std::uint32_t length = 0;  // HLEN in bytes
  bool native = false;       // T: the wireless binding's own frame (802.11), else 802.3
  std::uint8_t wbid = 0;

  std::uint32_t hlen_words() const { return word >> 19; }
  std::uint32_t rid() const { return (word >> 14) & 0x1f; }
  std::uint32_t flags() const { return word & 0x1ff; }
};

// Reads the header at frame[off], the UDP payload ending at `end`. True when it carries a
// whole frame after `h.length` bytes; otherwise `failure` says why (keep-alives, fragments and
// DTLS are not followed).
inline bool read_header(const std::uint8_t* p, std::size_t end, std::uint32_t off, Header& h,
                        std::string_view& failure) {
  h = {};
  h.offset = off;
  if (end < std::size_t{off} + 8) return failure = "truncated CAPWAP header", false;
  h.version = p[off] >> 4;
  h.type = p[off] & 0x0f;
  if (h.version != 0) return failure = "bad CAPWAP header (version not 0)", false;
  if (h.type != 0) return failure = "CAPWAP DTLS (encrypted)", false;
  h.word = (std::uint32_t{p[off + 1]} << 16) | (std::uint32_t{p[off + 2]} << 8) | p[off + 3];
  h.length = h.hlen_words() * 4;
  h.wbid = static_cast<std::uint8_t>((h.word >> 9) & 0x1f);
  h.native = (h.flags() & kFlagT) != 0;
  if (h.length < 8 || end < std::size_t{off} + h.length)
    return failure = "bad CAPWAP header (HLEN)", false;
  if (h.flags() & (kFlagK | kFlagF)) return failure = kNotTunnel, false;
  if (h.native && h.wbid != kWbidIeee80211)
    return failure = "CAPWAP native frame of an unknown wireless binding", false;
  if (end == std::size_t{off} + h.length) return failure = kNotTunnel, false;
  return true;
}

}  // namespace pxescope::capwap
