// Sorting the packet list by a column, off the GUI thread: one key per row (the frame number,
// its length, its time, or the column's text as the list shows it), then a stable sort with
// the frame number breaking ties, so equal keys keep capture order in both directions.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "gui/frame_source.hpp"

namespace pxescope::gui {

// The rows (0-based frame indices) in the new order; empty when cancelled.
std::vector<std::uint32_t> run_sort(JobInput& input, int column, bool descending,
                                    const std::atomic<bool>& cancel,
                                    const std::function<void(int)>& progress);

}  // namespace pxescope::gui
