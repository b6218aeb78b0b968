// A capture (BPF) filter checked without an interface: compiled by libpcap for Ethernet on a
// "dead" handle, so the live capture dialog refuses a bad filter with libpcap's own reason
// before anything is opened (and without the capture privilege).
#pragma once

#include <string>

namespace pxescope {

// True when `filter` compiles; else false with one line: `bad capture filter "…": reason`.
bool check_capture_filter(const std::string& filter, std::string& error);

}  // namespace pxescope
