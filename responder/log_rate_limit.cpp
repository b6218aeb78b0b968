#include "responder/log_rate_limit.hpp"

namespace pxescope::responder {

bool LogRateLimit::allow(Clock::time_point now) {
  if (!window_start_ || now - *window_start_ >= window_) {
    window_start_ = now;
    logged_ = 0;
  }
  if (logged_ < burst_) {
    ++logged_;
    return true;
  }
  ++suppressed_;
  return false;
}

std::uint64_t LogRateLimit::take_suppressed(Clock::time_point now, bool force) {
  if (suppressed_ == 0 || (!force && window_start_ && now - *window_start_ < window_)) return 0;
  const std::uint64_t count = suppressed_;
  suppressed_ = 0;
  return count;
}

}  // namespace pxescope::responder
