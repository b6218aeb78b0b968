// The DHCP frame's summary, as tshark's Protocol and Info columns: "DHCP Discover -
// Transaction ID 0x2e0ece18" (the type padded to 8 as tshark does), "proxyDHCP Request  -
// …" on port 4011, "Boot Request from 52:54:00:…" / "Boot Reply" for BOOTP. Read back from
// the "dhcp" node the dissector made.
#pragma once

#include "analyzer/field_tree.hpp"

namespace pxescope {

void set_dhcp_summary(FieldTree& tree, NodeId dhcp, bool proxy_port);

}  // namespace pxescope
