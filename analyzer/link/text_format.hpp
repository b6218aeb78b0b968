// Small fixed-buffer formatters for addresses, as tshark prints them (no allocation).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string_view>

namespace pxescope {

struct MacText {
  char buf[18];
  explicit MacText(const std::uint8_t* p) {
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2], p[3], p[4],
                  p[5]);
  }
  std::string_view view() const { return {buf, 17}; }
};

struct Ipv4Text {
  char buf[16];
  int len;
  explicit Ipv4Text(std::uint32_t host_order) {
    len = std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", host_order >> 24, (host_order >> 16) & 0xff,
                        (host_order >> 8) & 0xff, host_order & 0xff);
  }
  std::string_view view() const { return {buf, static_cast<std::size_t>(len)}; }
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
