// Find Packet, off the GUI thread: walks the list's rows from the one after (or before) the
// current row, wrapping around once, and stops at the first frame the search matches.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "analyzer/packet_list/frame_search.hpp"
#include "gui/frame_source.hpp"

namespace pxescope::gui {

struct FindRequest {
  FrameSearch search;
  int start_row = -1;  // the current row (-1: none, start from the top or the bottom)
  bool backwards = false;
};

// The 1-based frame found, 0 when none (or cancelled). `progress` gets percents now and then.
std::uint64_t run_find(JobInput& input, const FindRequest& request, const std::atomic<bool>& cancel,
                       const std::function<void(int)>& progress);

}  // namespace pxescope::gui
