#include "analyzer/filter/frame_context.hpp"

namespace pxescope::filter {

std::int64_t frame_time_ns(const Frame& frame) {
  // Wraps (like tshark's nstime arithmetic would overflow) only for times past year 2262.
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(frame.ts_sec) * 1000000000u +
                                   frame.ts_nsec);
}

FrameContext frame_context(const Frame& frame, std::int64_t first_ns, std::int64_t previous_ns) {
  FrameContext c;
  c.number = frame.index;
  c.len = frame.original_length;
  c.cap_len = static_cast<std::uint32_t>(frame.data.size());
  c.time_ns = frame_time_ns(frame);
  c.relative_ns = c.time_ns - first_ns;
  c.delta_ns = c.time_ns - previous_ns;
  c.data = frame.data;
  return c;
}

FrameContext FrameClock::next(const Frame& frame) {
  const std::int64_t now = frame_time_ns(frame);
  if (!have_first_) {
    have_first_ = true;
    first_ns_ = previous_ns_ = now;
  }
  FrameContext c = frame_context(frame, first_ns_, previous_ns_);
  previous_ns_ = now;
  return c;
}

}  // namespace pxescope::filter
