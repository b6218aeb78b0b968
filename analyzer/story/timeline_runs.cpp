#include "analyzer/story/timeline_runs.hpp"

namespace pxescope {
namespace {

// How many times the cycle events[at, at + period) repeats back to back from `at`.
std::size_t repeats_of(const std::vector<TimelineEvent>& events, std::size_t at,
                       std::size_t period) {
  std::size_t n = 1;
  while (at + (n + 1) * period <= events.size()) {
    const std::size_t next = at + n * period;
    for (std::size_t k = 0; k < period; ++k)
      if (!same_event(events[at + k], events[next + k])) return n;
    ++n;
  }
  return n;
}

}  // namespace

bool same_event(const TimelineEvent& a, const TimelineEvent& b) {
  return a.kind == b.kind && a.text == b.text && a.warnings == b.warnings;
}

std::vector<TimelineRun> collapse_timeline(const std::vector<TimelineEvent>& events) {
  std::vector<TimelineRun> runs;
  for (std::size_t at = 0; at < events.size();) {
    TimelineRun best{at, 1, 1};
    for (std::size_t period = 1; period <= kMaxCyclePeriod && at + 2 * period <= events.size();
         ++period) {
      const std::size_t n = repeats_of(events, at, period);
      if (n > 1 && n * period > best.repeats * best.period) best = {at, period, n};
    }
    runs.push_back(best);
    at = best.end();
  }
  return runs;
}

}  // namespace pxescope
