// Link layer, IPv4 and UDP -> field-tree nodes with tshark's names ("eth", "vlan",
// "ieee8021ad", "sll", "ip", "udp" top nodes; eth.src, vlan.id, sll.pkttype, ip.src,
// udp.dstport, ...). The walk itself is locate_udp(); this file only names what it found.
#pragma once

#include "analyzer/field_tree.hpp"
#include "analyzer/frame.hpp"
#include "analyzer/link/udp_locator.hpp"

namespace pxescope {

struct LinkNodes {
  NodeId first = kNoNode;  // the first top node made (where frame-level warnings go)
  NodeId ip = kNoNode;
  NodeId udp = kNoNode;
};

// Adds the layer nodes for `frame` (as top-level nodes of `tree`) and fills `loc`.
// Returns true when a UDP payload was found; otherwise loc.failure says why. Truncated or
// odd headers become warnings on their layer's node.
bool dissect_link_layers(const Frame& frame, FieldTree& tree, UdpLocation& loc, LinkNodes& nodes);

}  // namespace pxescope
