// One read of a capture file for the statistics (servers, conversations, export objects,
// throughput): every frame in order, optionally dissected, with a cancel flag for the GUI's
// background runs. One frame in memory at a time.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "analyzer/field_tree.hpp"
#include "analyzer/frame.hpp"

namespace pxescope {

// Calls `on_frame` for every frame; false with `error` (one line naming the file) when the
// file cannot be opened. A truncated file is read as far as it goes (not an error). Stops
// early, returning false with error "cancelled", when `cancel` turns true.
bool read_capture_frames(const std::string& path, const std::function<void(const Frame&)>& on_frame,
                         std::string& error, const std::atomic<bool>* cancel = nullptr);

// The same, each frame dissected by one PacketDissector (which follows TFTP and TCP) first.
bool read_dissected_frames(const std::string& path,
                           const std::function<void(const Frame&, const FieldTree&)>& on_frame,
                           std::string& error, const std::atomic<bool>* cancel = nullptr);

// Seconds since the epoch of a frame (nanoseconds kept as far as a double does).
inline double frame_seconds(const Frame& f) {
  return static_cast<double>(f.ts_sec) + f.ts_nsec * 1e-9;
}

// Seconds from `start` to `f`, exact to the nanosecond (differences of whole seconds first).
inline double seconds_since(const Frame& start, const Frame& f) {
  return static_cast<double>(f.ts_sec - start.ts_sec) +
         (static_cast<double>(f.ts_nsec) - static_cast<double>(start.ts_nsec)) * 1e-9;
}

}  // namespace pxescope
