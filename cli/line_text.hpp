// The allocation-free writers that summary lines are made of: each puts its text at `p`
// (room is the caller's business) and returns the end. Shared by every summary line kind.
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace pxescope::cli {

inline constexpr char kHex[] = "0123456789abcdef";

inline char* put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

inline char* put_uint(char* p, std::uint64_t v) {
  return std::to_chars(p, p + 20, v).ptr;
}

// Zero-padded decimal of exactly `digits` digits.
inline char* put_padded(char* p, std::uint32_t v, int digits) {
  for (int i = digits - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return p + digits;
}

inline char* put_ipv4(char* p, std::uint32_t ip) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    p = put_uint(p, (ip >> shift) & 0xff);
    if (shift) *p++ = '.';
  }
  return p;
}

// Two hex digits per byte value, so a byte costs one 2-byte copy instead of two shifts.
inline constexpr auto kHexPairs = [] {
  std::array<char, 512> pairs{};
  for (int v = 0; v < 256; ++v) {
    pairs[static_cast<std::size_t>(2 * v)] = kHex[v >> 4];
    pairs[static_cast<std::size_t>(2 * v + 1)] = kHex[v & 0xf];
  }
  return pairs;
}();

inline char* put_mac(char* p, const std::uint8_t* mac) {
  for (int i = 0; i < 6; ++i, p += 3) {
    std::memcpy(p, &kHexPairs[2 * std::size_t{mac[i]}], 2);
    p[2] = ':';
  }
  return p - 1;  // no ':' after the last byte
}

inline char* put_hex32(char* p, std::uint32_t v) {
  *p++ = '0';
  *p++ = 'x';
  for (int shift = 24; shift >= 0; shift -= 8, p += 2)
    std::memcpy(p, &kHexPairs[2 * ((v >> shift) & 0xff)], 2);
  return p;
}

// True when none of the 8 bytes needs escaping: all in 0x20..0x7e, none '"' or '\\'.
// Bit tricks on a 64-bit word (each byte tested at once) keep the summary line cheap.
inline bool word_is_plain(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  auto has_zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  const std::uint64_t high_or_del = (w | (w + kOnes)) & kHigh;  // >= 0x7f (incl. 0x80..)
  const std::uint64_t quote = has_zero(w ^ (kOnes * '"'));
  const std::uint64_t backslash = has_zero(w ^ (kOnes * '\\'));
  return (below_space | high_or_del | quote | backslash) == 0;
}

inline bool byte_is_plain(unsigned char c) {
  return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

// Wire strings are quoted; anything that could upset a terminal becomes \xNN.
inline char* put_quoted(char* p, std::string_view s) {
  *p++ = '"';
  const char* in = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, in, 8);
    if (!word_is_plain(w)) break;
    std::memcpy(p, &w, 8);
    p += 8;
    in += 8;
    n -= 8;
  }
  for (; n; --n, ++in) {
    const auto c = static_cast<unsigned char>(*in);
    if (byte_is_plain(c)) {
      *p++ = static_cast<char>(c);
    } else {
      *p++ = '\\';
      *p++ = 'x';
      *p++ = kHex[c >> 4];
      *p++ = kHex[c & 0xf];
    }
  }
  *p++ = '"';
  return p;
}

}  // namespace pxescope::cli
