// The wall clock the live stories run on, and a frame stamped with it (live_service.cpp and
// live_dhcp6.cpp: the frames the responder handled carry no capture time of their own).
#pragma once

#include <chrono>
#include <cstdint>
#include <span>

#include "analyzer/frame.hpp"

namespace pxescope::responder::live {

inline double wall_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

inline Frame frame_at(std::span<const std::uint8_t> data, double t) {
  Frame f;
  f.ts_sec = static_cast<std::int64_t>(t);
  f.ts_nsec = static_cast<std::uint32_t>((t - static_cast<double>(f.ts_sec)) * 1e9);
  f.original_length = static_cast<std::uint32_t>(data.size());
  f.data = data;
  return f;
}

}  // namespace pxescope::responder::live
