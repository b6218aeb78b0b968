// TCP header -> the "tcp" node with tshark's fields: ports, stream index, relative and raw
// sequence/acknowledgment numbers (relative to each side's ISN, as tshark shows by default),
// header length, flags (each bit and the flags string), window (raw and scaled), checksum
// with its status, urgent pointer, options (MSS, window scale, SACK permitted, SACK,
// timestamps, NOP, EOL) and the retransmission analysis. Sets the frame's "TCP" summary
// ("50000 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 ..."); an application layer above may
// overwrite it.
#pragma once

#include <cstdint>

#include "analyzer/field_tree.hpp"
#include "analyzer/tcp/tcp_streams.hpp"

namespace pxescope {

struct TcpHeaderContext {
  std::uint64_t frame_index = 0;
  TcpEndpoints ends;  // addresses from the IP layer (ports are read here)
  // Sum of the IPv4 pseudo-header without the TCP length (addresses and protocol 6).
  std::uint32_t pseudo_header_sum = 0;
  // False when the segment is not all here to check (cut by the snap length, a fragment).
  bool checkable = true;
};

struct TcpDissection {
  NodeId node = kNoNode;
  bool header_ok = false;  // a whole header was decoded (the fields below are valid)
  TcpEndpoints ends;       // with the ports
  std::uint32_t payload_offset = 0;
  std::uint32_t payload_length = 0;  // what is captured of the payload
  std::uint16_t flags = 0;
  std::uint32_t seq = 0;  // raw
  TcpSegmentAnalysis analysis;
};

// Adds the "tcp" node for the header at `off`; `end` is where the IP payload ends (the IP
// total length, or the captured bytes when fewer). Follows the connection in `streams`.
TcpDissection add_tcp(FieldTree& tree, const std::uint8_t* frame, std::size_t end,
                      std::uint32_t off, const TcpHeaderContext& context, TcpStreamTable& streams);

}  // namespace pxescope
