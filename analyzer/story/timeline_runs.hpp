// Repeated events of a boot story, collapsed: a firmware that retries sends the same DISCOVER
// (or the same read request, answered by the same ICMP error) tens or thousands of times.
// A run is one event, or a cycle of up to kMaxCyclePeriod events, repeated back to back; the
// story is then shown once per run with "×N" (`diagnose` text and the GUI's story pane). The
// JSON keeps every event.
#pragma once

#include <cstddef>
#include <vector>

#include "analyzer/story/boot_story.hpp"

namespace pxescope {

inline constexpr std::size_t kMaxCyclePeriod = 4;

struct TimelineRun {
  std::size_t first = 0;    // index of the run's first event
  std::size_t period = 1;   // events in one cycle (1: one event repeated)
  std::size_t repeats = 1;  // cycles back to back (1: not repeated)
  // The events shown are first .. first + period; the run covers first .. end().
  std::size_t end() const { return first + repeats * period; }
};

// Two events that read the same (kind, text and warnings), whatever their frame and time.
bool same_event(const TimelineEvent& a, const TimelineEvent& b);

// The timeline as runs, in order, covering every event once. At each point the longest
// repetition wins (ties: the shortest cycle), so "DISCOVER, OFFER" ×500 is one run of
// period 2 and a DISCOVER repeated alone is a run of period 1.
std::vector<TimelineRun> collapse_timeline(const std::vector<TimelineEvent>& events);

}  // namespace pxescope
