// A BOOTP/DHCP request built option by option, wrapped in a broadcast Ethernet/IPv4/UDP
// frame with correct checksums: the input of the Engine tests.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "responder/dhcp_request.hpp"
#include "responder/net/frame_builder.hpp"

namespace pxescope::responder::testing {

inline constexpr MacAddress kClientMac{0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

// A BOOTP/DHCP request, option by option.
struct RequestBuilder {
  std::vector<std::uint8_t> p = std::vector<std::uint8_t>(240, 0);
  RequestBuilder(std::uint8_t type, std::string_view vendor_class) {
    p[0] = 1;
    p[1] = 1;
    p[2] = 6;
    p[4] = 0xca;
    p[5] = 0xfe;
    p[10] = 0x80;  // broadcast flag
    std::copy(kClientMac.begin(), kClientMac.end(), p.begin() + 28);
    p[236] = 0x63;
    p[237] = 0x82;
    p[238] = 0x53;
    p[239] = 0x63;
    option(53, {type});
    if (!vendor_class.empty())
      option(60, std::vector<std::uint8_t>(vendor_class.begin(), vendor_class.end()));
  }
  RequestBuilder& option(std::uint8_t code, std::vector<std::uint8_t> value) {
    p.push_back(code);
    p.push_back(static_cast<std::uint8_t>(value.size()));
    p.insert(p.end(), value.begin(), value.end());
    return *this;
  }
  RequestBuilder& arch(std::uint16_t a) {
    return option(93, {static_cast<std::uint8_t>(a >> 8), static_cast<std::uint8_t>(a)});
  }
  RequestBuilder& ipxe() { return option(77, {'i', 'P', 'X', 'E'}); }
  RequestBuilder& giaddr(std::uint32_t ip) {
    for (int i = 0; i < 4; ++i) p[24 + i] = static_cast<std::uint8_t>(ip >> (24 - 8 * i));
    return *this;
  }
  // Another client: chaddr and the frame's source MAC.
  RequestBuilder& chaddr(const MacAddress& mac) {
    std::copy(mac.begin(), mac.end(), p.begin() + 28);
    return *this;
  }
  // An address option (50 requested address, 54 server id).
  RequestBuilder& address_option(std::uint8_t code, std::uint32_t ip) {
    return option(code, {static_cast<std::uint8_t>(ip >> 24), static_cast<std::uint8_t>(ip >> 16),
                         static_cast<std::uint8_t>(ip >> 8), static_cast<std::uint8_t>(ip)});
  }
  RequestBuilder& hops(std::uint8_t n) {
    p[3] = n;
    return *this;
  }
  RequestBuilder& ciaddr(std::uint32_t ip) {
    for (int i = 0; i < 4; ++i) p[12 + i] = static_cast<std::uint8_t>(ip >> (24 - 8 * i));
    return *this;
  }
  std::vector<std::uint8_t> frame(std::uint16_t dst_port = 67, std::uint32_t src_ip = 0,
                                  std::uint16_t src_port = 68) {
    std::vector<std::uint8_t> payload = p;
    payload.push_back(255);
    if (payload.size() < 300) payload.resize(300, 0);
    UdpEndpoints ep;
    std::copy(p.begin() + 28, p.begin() + 34, ep.src_mac.begin());
    ep.dst_mac.fill(0xff);
    ep.src_ip = src_ip;
    ep.dst_ip = 0xffffffffu;
    ep.src_port = src_port;
    ep.dst_port = dst_port;
    std::vector<std::uint8_t> out;
    build_udp_frame(ep, payload, 1, out);
    return out;
  }
};

}  // namespace pxescope::responder::testing
