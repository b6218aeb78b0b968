// UDP header -> the "udp" node with tshark's fields: ports, length (checked against what
// the IP layer carries), checksum with its status (always verified, as tshark with
// -o udp.check_checksum:TRUE). Sets the frame's "UDP" summary ("50000 → 1234 Len=12"),
// which the application dissector above overwrites when it knows the ports.
#pragma once

#include <cstdint>

#include "analyzer/field_tree.hpp"

namespace pxescope {

struct UdpHeaderContext {
  // Sum of the network layer's pseudo-header without the UDP length (addresses and the
  // protocol number); the length is added from the header.
  std::uint32_t pseudo_header_sum = 0;
  // False when the datagram is not all here to check (a first IP fragment).
  bool checkable = true;
  // Inside an ICMP error: the datagram is cut by design, nothing to warn about.
  bool quoted = false;
};

// Adds the "udp" node for the header at `off`; `end` is where the IP payload ends (the IP
// total length, or the captured bytes when fewer).
NodeId add_udp(FieldTree& tree, NodeId parent, const std::uint8_t* frame, std::size_t end,
               std::uint32_t off, const UdpHeaderContext& context);

// The pseudo-header sum for UDP over IPv4 (addresses host order).
std::uint32_t udp_ipv4_pseudo_sum(std::uint32_t src_ip, std::uint32_t dst_ip);

}  // namespace pxescope
