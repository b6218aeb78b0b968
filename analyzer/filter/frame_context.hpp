// What the display filter knows about the frame itself: the facts behind Wireshark's frame.*
// fields (frame.number, frame.len, frame.time_relative, ...) and the frame's bytes (for
// `frame contains ...`, slices of protocols). The filter reads them from here, not from the
// field tree, so that the tree and its JSON do not change.
#pragma once

#include <cstdint>
#include <span>

#include "analyzer/frame.hpp"

namespace pxescope {
class ClientMembership;
}

namespace pxescope::filter {

struct FrameContext {
  std::uint64_t number = 0;      // 1-based
  std::uint32_t len = 0;         // on the wire
  std::uint32_t cap_len = 0;     // captured
  std::int64_t time_ns = 0;      // since the epoch
  std::int64_t relative_ns = 0;  // since the first frame of the input
  std::int64_t delta_ns = 0;     // since the previous frame
  std::span<const std::uint8_t> data;
  // pxe.client: the leases learned so far in the input's pass (client_membership.hpp). Null:
  // pxe.client sees only the MACs the frame carries itself.
  const ClientMembership* membership = nullptr;
};

// Turns the frames of one input, in capture order, into FrameContexts: remembers the first
// and the previous frame's time. One per input (reset() for the next file).
class FrameClock {
 public:
  FrameContext next(const Frame& frame);
  void reset() { have_first_ = false; }

 private:
  bool have_first_ = false;
  std::int64_t first_ns_ = 0;
  std::int64_t previous_ns_ = 0;
};

// The context of one frame alone, its times relative to `first_ns`/`previous_ns` (the GUI
// re-filters frames it has already seen and knows both).
FrameContext frame_context(const Frame& frame, std::int64_t first_ns, std::int64_t previous_ns);
std::int64_t frame_time_ns(const Frame& frame);

}  // namespace pxescope::filter
