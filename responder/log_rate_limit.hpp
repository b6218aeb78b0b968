// A bound on log lines a client can cause (malformed frames): at most `burst` lines per
// `window`, the rest counted and summed up in one line once the window is over, so a storm
// of junk costs a few lines, not a full disk, and still shows how big it was.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace pxescope::responder {

class LogRateLimit {
 public:
  using Clock = std::chrono::steady_clock;

  LogRateLimit(unsigned burst, Clock::duration window) : burst_(burst), window_(window) {}

  // True: write this line. False: it is counted for the summary. Call take_suppressed()
  // first, so that the summary of a window that is over comes before a new window's lines.
  bool allow(Clock::time_point now);
  // How many lines a window that is over (or any window, with `force`, e.g. at shutdown)
  // suppressed; 0 when there is nothing to sum up. The count starts again at 0.
  std::uint64_t take_suppressed(Clock::time_point now, bool force = false);
  bool has_suppressed() const { return suppressed_ > 0; }
  Clock::duration window() const { return window_; }

 private:
  unsigned burst_;
  Clock::duration window_;
  std::optional<Clock::time_point> window_start_;
  unsigned logged_ = 0;
  std::uint64_t suppressed_ = 0;
};

}  // namespace pxescope::responder
