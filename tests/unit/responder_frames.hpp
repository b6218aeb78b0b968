// Made-up request frames for the responder tests: a broadcast DISCOVER from a chosen MAC
// with a chosen option 60, as an Engine reads it off the wire.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "responder/net/frame_builder.hpp"
#include "unit/dhcp_test_util.hpp"

namespace pxescope::responder::testing {

inline constexpr MacAddress kTestClientMac = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

// A DISCOVER broadcast by `mac`, with option 60 = `vendor_class` (none if "").
inline std::vector<std::uint8_t> discover_frame(std::string_view vendor_class,
                                                const MacAddress& mac = kTestClientMac) {
  auto payload = dhcp_test::bootp();
  for (std::size_t i = 0; i < 6; ++i) payload[28 + i] = mac[i];
  dhcp_test::opt(payload, 53, {1});
  if (!vendor_class.empty()) dhcp_test::opt(payload, 60, vendor_class);
  dhcp_test::end(payload);
  const UdpEndpoints ep = client_broadcast(mac);
  std::vector<std::uint8_t> frame;
  build_udp_frame(ep, payload, 1, frame);
  return frame;
}

}  // namespace pxescope::responder::testing
