// What the verdict files (verdict.cpp: one boot attempt's packets; verdict_ipv6.cpp: a PXEv6
// attempt, and IPv4 first then IPv6) share. Internal to analyzer/story.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

#include "analyzer/story/boot_story.hpp"

namespace pxescope {

// Seconds of silence after which a missing answer counts as "never came" rather than as
// "the capture stopped too early". PXE firmware retries DISCOVER after 4 s and TFTP after
// 1-4 s, so 4 s covers one retry of each.
inline constexpr double kPatience = 4.0;

// Whole seconds for a reason. Not through an int: a pcapng file's if_tsoffset or a broken
// clock can put frames centuries apart, and an out-of-range conversion is undefined.
inline std::string whole_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", std::trunc(seconds));
  return text;
}

inline void set(ClientStory& s, Verdict v, std::string reason, std::string fix) {
  s.verdict = v;
  s.reason = std::move(reason);
  s.fix = std::move(fix);
}

// The verdict of one attempt from its replies and transfers (DHCPv4 and TFTP, or a PXEv6
// attempt's replies and transfers once a boot file URL was given).
void decide_from_packets(ClientStory& s, double capture_end);
// A client that network-booted over DHCPv6 (s.ipv6_start >= 0), maybe after IPv4.
void decide_dual_stack(ClientStory& s, double capture_end);

}  // namespace pxescope
