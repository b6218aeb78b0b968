// A DHCPv6 message as the boot story takes it, typed: who sent it to whom and what it said.
// A capture's frames are dissected into one (read_ipv6_story_packet); the responder, which
// read the datagram itself, hands the story one directly (LiveStories::add_dhcpv6_exchange),
// so its own DHCPv6 is never rebuilt into a frame and dissected again.
#pragma once

#include <array>
#include <cstdint>

#include "analyzer/story/dhcpv6_message.hpp"

namespace pxescope {

struct Dhcpv6StoryEvent {
  std::uint64_t frame = 0;  // the frame number the timeline shows
  double time = 0;          // absolute seconds
  bool has_macs = false;    // the link's addresses below are known (Ethernet)
  std::array<std::uint8_t, 6> src_mac{}, dst_mac{};
  std::array<std::uint8_t, 16> src_ip{}, dst_ip{};
  Dhcpv6Message message;
};

}  // namespace pxescope
