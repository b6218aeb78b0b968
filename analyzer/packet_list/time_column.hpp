// The packet list's Time column as Wireshark's View ▸ Time Display Format writes it: seconds
// since the first frame, since the previous displayed frame, or the arrival time as a local
// or UTC date. Frames marked as time references (Ctrl+T) show "*REF*", and the frames after
// one count from it. Every value is made from the frame's own time and at most two others
// (first, previous displayed, governing reference), so a row costs O(log references).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace pxescope {

enum class TimeFormat : std::uint8_t {
  SinceStart,     // seconds since the first frame of the capture (or the reference)
  SincePrevious,  // seconds since the previous displayed frame
  Absolute,       // local date and time
  Utc,            // UTC date and time
};

// The frames marked as time references, by 1-based number, with their times (ns).
class TimeReferences {
 public:
  // Sets the frame as a reference, or clears it if it was one; true when it is one now.
  bool toggle(std::uint64_t frame, std::int64_t time_ns);
  bool contains(std::uint64_t frame) const { return refs_.count(frame) != 0; }
  // The time of the newest reference at or before `frame`; false when there is none.
  bool governing(std::uint64_t frame, std::int64_t& time_ns) const;
  bool empty() const { return refs_.empty(); }
  void clear() { refs_.clear(); }

 private:
  std::map<std::uint64_t, std::int64_t> refs_;
};

struct TimeCell {
  std::uint64_t frame = 0;        // 1-based
  std::int64_t time_ns = 0;       // the frame's arrival time, since the epoch
  std::int64_t first_ns = 0;      // of the first frame of the capture
  std::int64_t previous_ns = -1;  // of the previous displayed frame; -1 when none
};

// The column's text: "12.345678" (seconds, 6 decimals, like tshark), "2024-05-01
// 10:11:12.123456" for the dates, "*REF*" on a reference frame.
std::string time_column(TimeFormat format, const TimeReferences& refs, const TimeCell& cell);

}  // namespace pxescope
