// IPv6 addresses as tshark prints them (RFC 5952: lower case, longest zero run as "::"),
// into a fixed buffer (no allocation).
#pragma once

#include <arpa/inet.h>

#include <cstdint>
#include <cstring>
#include <string_view>

namespace pxescope {

struct Ipv6Text {
  char buf[INET6_ADDRSTRLEN];
  explicit Ipv6Text(const std::uint8_t* p16) {
    if (!inet_ntop(AF_INET6, p16, buf, sizeof buf)) buf[0] = '\0';
  }
  std::string_view view() const { return {buf, std::strlen(buf)}; }
};

}  // namespace pxescope
