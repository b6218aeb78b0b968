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

// The new order, both halves made off the GUI thread so applying it there is a move, not a
// search per row (a million rows were a 0.5 s stall). Both empty when cancelled.
struct SortedRows {
  std::vector<std::uint32_t> rows;   // rows[r]: the frame (0-based) shown at row r
  std::vector<std::int32_t> row_of;  // row_of[p]: the row of input.rows[p] (the inverse)
};

SortedRows run_sort(JobInput& input, int column, bool descending, const std::atomic<bool>& cancel,
                    const std::function<void(int)>& progress);

}  // namespace pxescope::gui
