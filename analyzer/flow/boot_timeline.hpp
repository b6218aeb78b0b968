// The boot timeline: for each client, the stages of its boot (DHCP, proxyDHCP/4011, the boot
// file's transfer, the next files, HTTP, DHCPv6) on one time axis, each with its outcome, the
// time lost to retries inside it, and the idle gaps between stages. Derived from the boot
// story (analyzer/story) alone; the GUI's boot timeline view only draws it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/story/boot_story.hpp"

namespace pxescope::flow {

enum class StageKind : std::uint8_t { Dhcp, Proxy4011, BootFile, NextFiles, Http, Dhcpv6, Idle };
std::string_view stage_name(StageKind kind);  // "DHCP", "proxyDHCP/4011", "boot file", ...

enum class StageOutcome : std::uint8_t {
  Done,    // it got what it asked for
  Failed,  // nobody answered it, the story stopped here, or (a boot that did not get through)
           // the stage itself failed: ERROR, NAK, ICMP unreachable, an incomplete transfer
  Idle,    // nothing happened (an Idle stage: a gap, a timeout)
};

struct BootStage {
  StageKind kind = StageKind::Dhcp;
  StageOutcome outcome = StageOutcome::Done;
  double start = 0, end = 0;  // seconds since the capture's first frame
  // Retries: from `start` to here the client repeated its request unanswered (== start: none).
  double retry_until = 0;
  std::uint64_t first_frame = 0;  // 0 for Idle
  std::uint32_t events = 0;       // story events in the stage
  std::string label;              // "DHCP (4 DISCOVER)", "boot file pxelinux.0", "idle 3.0 s"
};

struct ClientTimeline {
  std::array<std::uint8_t, 6> mac{};
  std::string name;     // "52:54:00:12:34:56 (iPXE)"
  std::string verdict;  // verdict code, "booted", "tftp-file-not-found"
  std::vector<BootStage> stages;
};

// Gaps between stages at least this long are drawn as idle time.
inline constexpr double kIdleGapSeconds = 1.0;

// Timelines of the network-booting clients (every client when none network-boots), in the
// stories' order.
std::vector<ClientTimeline> boot_timelines(const std::vector<ClientStory>& stories);
ClientTimeline boot_timeline(const ClientStory& story);

}  // namespace pxescope::flow
