// Value formatting as tshark prints it, appending to reused strings (no allocation once
// their capacity is warm: everything goes through std::to_chars and push_back).
#include <charconv>

#include "analyzer/dhcp/dhcp_decode.hpp"

namespace pxescope::dhcp {

namespace {
constexpr char kHex[] = "0123456789abcdef";

void append_hex_byte(TextBuf& s, std::uint8_t b) {
  s.push_back(kHex[b >> 4]);
  s.push_back(kHex[b & 15]);
}
}  // namespace

void append_uint(TextBuf& s, std::uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  s.append(buf, r.ptr);
}

void append_int(TextBuf& s, std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  s.append(buf, r.ptr);
}

void append_hex(TextBuf& s, std::uint64_t v, int digits) {
  s += "0x";
  for (int i = digits - 1; i >= 0; --i) s.push_back(kHex[(v >> (4 * i)) & 15]);
}

void append_ipv4(TextBuf& s, const std::uint8_t* p) {
  for (int i = 0; i < 4; ++i) {
    if (i) s.push_back('.');
    append_uint(s, p[i]);
  }
}

void append_colon_hex(TextBuf& s, std::span<const std::uint8_t> p) {
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (i) s.push_back(':');
    append_hex_byte(s, p[i]);
  }
}

void append_mac(TextBuf& s, std::span<const std::uint8_t> p) {
  append_colon_hex(s, p);
}

void append_plain_hex(TextBuf& s, std::span<const std::uint8_t> p) {
  for (auto b : p) append_hex_byte(s, b);
}

void append_guid(TextBuf& s, const std::uint8_t* p) {
  // Microsoft/EFI GUID layout: u32, u16, u16 little-endian, then 8 bytes in order.
  const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
    append_hex_byte(s, p[order[i]]);
  }
}

void append_duration(TextBuf& s, std::uint32_t seconds) {
  s.push_back('(');
  append_uint(s, seconds);
  s += "s) ";
  if (seconds == 0xffffffffu) {
    s += "infinity";
    return;
  }
  struct Unit {
    std::uint32_t size;
    const char* name;
  };
  constexpr Unit units[] = {{86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
  std::uint32_t left = seconds;
  bool first = true;
  for (const auto& u : units) {
    const std::uint32_t n = left / u.size;
    left %= u.size;
    if (n == 0 && !(u.size == 1 && first)) continue;
    if (!first) s += ", ";
    append_uint(s, n);
    s.push_back(' ');
    s += u.name;
    if (n != 1) s.push_back('s');
    first = false;
  }
}

std::string_view stringz(std::span<const std::uint8_t> p) {
  std::size_t n = 0;
  while (n < p.size() && p[n] != 0) ++n;
  return {reinterpret_cast<const char*>(p.data()), n};
}

}  // namespace pxescope::dhcp
