// Reading a domain name (RFC 1035 §4.1.4) with compression pointers, bounded: each pointer
// must point before the label that holds it (so no loop can form) and the name stops at
// 255 bytes of text.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace pxescope {

struct DnsName {
  char text[256];
  std::size_t length = 0;
  std::uint32_t labels = 0;
  std::uint32_t wire_length = 0;  // bytes the name takes where it starts (up to the 1st pointer)
  std::string_view error;         // static text; empty when the name read well
  std::string_view view() const { return {text, length}; }
};

// Reads the name at `at` in `message`; `name.error` says what was wrong.
DnsName read_dns_name(std::span<const std::uint8_t> message, std::uint32_t at);

}  // namespace pxescope
