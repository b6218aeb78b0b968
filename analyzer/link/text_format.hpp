// Small fixed-buffer formatters for addresses, as tshark prints them (no allocation, no
// printf: these run for every frame's link-layer nodes).
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace pxescope {

struct MacText {
  char buf[18];
  explicit MacText(const std::uint8_t* p) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 6; ++i) {
      buf[3 * i] = kHex[p[i] >> 4];
      buf[3 * i + 1] = kHex[p[i] & 0xf];
      buf[3 * i + 2] = i < 5 ? ':' : '\0';
    }
  }
  std::string_view view() const { return {buf, 17}; }
};

struct Ipv4Text {
  char buf[16];
  int len;
  explicit Ipv4Text(std::uint32_t host_order) {
    char* p = buf;
    for (int shift = 24; shift >= 0; shift -= 8) {
      p = std::to_chars(p, buf + sizeof buf, (host_order >> shift) & 0xff).ptr;
      if (shift) *p++ = '.';
    }
    *p = '\0';
    len = static_cast<int>(p - buf);
  }
  std::string_view view() const { return {buf, static_cast<std::size_t>(len)}; }
};

// A line put together from pieces (cheaper than printf for the per-frame layer titles).
struct TextLine {
  char buf[256];
  std::size_t len = 0;
  TextLine& operator<<(std::string_view s) {
    const std::size_t k = s.size() < sizeof buf - len ? s.size() : sizeof buf - len;
    std::memcpy(buf + len, s.data(), k);
    len += k;
    return *this;
  }
  TextLine& operator<<(unsigned v) {
    if (sizeof buf - len >= 12)
      len = static_cast<std::size_t>(std::to_chars(buf + len, buf + sizeof buf, v).ptr - buf);
    return *this;
  }
  // Lowercase hex, at least `digits` digits (printf's %0Nx).
  TextLine& hex(std::uint32_t v, int digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    char tmp[8];
    int n = 0;
    for (; (v || n < digits) && n < 8; v >>= 4) tmp[n++] = kHex[v & 0xf];
    while (n && len < sizeof buf) buf[len++] = tmp[--n];
    return *this;
  }
  std::string_view view() const { return {buf, len}; }
};

// A line buffer for node texts: printf-style into a stack array.
struct Line {
  char buf[256];
  int len = 0;
  template <typename... Args>
  std::string_view operator()(const char* fmt, Args... args) {
    len = std::snprintf(buf, sizeof buf, fmt, args...);
    if (len < 0) len = 0;
    if (len >= static_cast<int>(sizeof buf)) len = sizeof buf - 1;
    return {buf, static_cast<std::size_t>(len)};
  }
};

// A line built piece by piece (an Info column): printf-style appends into a stack array,
// cut (not overflowed) at N - 1 characters.
template <std::size_t N>
struct LineBuilder {
  char buf[N];
  std::size_t len = 0;
  template <typename... Args>
  void add(const char* fmt, Args... args) {
    if (len >= N - 1) return;
    if constexpr (sizeof...(Args) == 0) {  // plain text (no format to check)
      while (*fmt && len < N - 1) buf[len++] = *fmt++;
      buf[len] = 0;
    } else {
      const int n = std::snprintf(buf + len, N - len, fmt, args...);
      if (n > 0) len = len + static_cast<std::size_t>(n) < N - 1 ? len + n : N - 1;
    }
  }
  std::string_view view() const { return {buf, len}; }
};

}  // namespace pxescope
