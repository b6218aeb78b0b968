// What the verdict files (verdict.cpp: one boot attempt's packets; verdict_ipv6.cpp: a PXEv6
// attempt, and IPv4 first then IPv6; verdict_next_stage.cpp through verdict_rules.hpp) share.
// Internal to analyzer/story.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

#include "analyzer/story/boot_story.hpp"
#include "analyzer/story/verdict_rules.hpp"

namespace pxescope {

// kPatience and strip_slash are the verdict rules' (verdict_rules.hpp), shared with
// verdict_next_stage.cpp.
using verdict_rules::kPatience;
using verdict_rules::strip_slash;

// Whole seconds for a reason. Not through an int: a pcapng file's if_tsoffset or a broken
// clock can put frames centuries apart, and an out-of-range conversion is undefined.
inline std::string whole_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", std::trunc(seconds));
  return text;
}

inline void set(ClientStory& s, Verdict v, std::string reason, std::string fix) {
  verdict_rules::set_verdict(s, v, std::move(reason), std::move(fix));
}

// The verdict of one attempt from its replies and transfers (DHCPv4 and TFTP, or a PXEv6
// attempt's replies and transfers once a boot file URL was given).
void decide_from_packets(ClientStory& s, double capture_end);
// A client that network-booted over DHCPv6 (s.ipv6_start >= 0), maybe after IPv4.
void decide_dual_stack(ClientStory& s, double capture_end);

}  // namespace pxescope
