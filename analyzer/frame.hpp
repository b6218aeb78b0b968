// One captured frame as it comes out of a capture file or a live interface.
#pragma once

#include <cstdint>
#include <span>

namespace pxescope {

// libpcap DLT_* values the analyzer understands.
enum class LinkType : std::uint32_t {
  Ethernet = 1,     // DLT_EN10MB (802.1Q and QinQ tags inside)
  RawDlt = 12,      // DLT_RAW as libpcap reports LINKTYPE_RAW files on Linux (14 on OpenBSD)
  Raw = 101,        // LINKTYPE_RAW: bare IPv4
  LinuxSll = 113,   // Linux cooked v1
  Ipv4 = 228,       // LINKTYPE_IPV4
  LinuxSll2 = 276,  // Linux cooked v2 (tcpdump -i any)
};

struct Frame {
  std::uint64_t index = 0;             // 1-based position in the file or live stream
  std::int64_t ts_sec = 0;             // capture time, seconds since the epoch
  std::uint32_t ts_nsec = 0;           // and nanoseconds (µs files are scaled up)
  std::uint32_t original_length = 0;   // on the wire; > data.size() when cut by the snaplen
  std::uint32_t link_type = 1;         // libpcap DLT value
  std::span<const std::uint8_t> data;  // captured bytes; valid until the next read
  // The last, partial record of a truncated file: data holds what the file still had.
  bool cut_by_file_end = false;
};

}  // namespace pxescope
