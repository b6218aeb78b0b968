// The every-frame line of `pxescope analyze`, tshark's default columns: No., time since the
// first frame, source, destination, protocol, length, info:
//     12    0.004411 192.168.1.5 → 192.168.1.1 TFTP 558 Data Packet, Block: 12
#pragma once

#include <cstdint>
#include <string_view>

#include "analyzer/field_tree.hpp"

namespace pxescope::cli {

struct FrameColumns {
  std::uint64_t number = 0;
  std::int64_t since_first_ns = 0;  // time since the first frame of the input
  std::string_view source, destination, protocol, info;
  std::uint32_t length = 0;  // bytes on the wire
};

// Room the line may take: fixed columns < 200 bytes, plus the info (cut at kMaxInfo).
inline constexpr std::size_t kMaxInfo = 2048;

// Writes the line (with its '\n') at `p`; returns the end.
char* put_frame_line(char* p, const FrameColumns& c);

// The frame's source and destination as tshark's columns show them: the IP addresses,
// else the link layer's. Empty when the tree has neither.
void tree_endpoints(const FieldTree& tree, std::string_view& source, std::string_view& destination);

}  // namespace pxescope::cli
