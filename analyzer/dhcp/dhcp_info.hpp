// The DHCP frame's summary, as tshark's Protocol and Info columns: "DHCP Discover -
// Transaction ID 0x2e0ece18" (the type padded to 8 as tshark does), "proxyDHCP Request  -
// …" on port 4011, "Boot Request from 52:54:00:…" / "Boot Reply" for BOOTP. Read back from
// the "dhcp" node the dissector made.
#pragma once

#include <cstddef>
#include <cstdint>

#include "analyzer/field_tree.hpp"

namespace pxescope {

inline constexpr std::size_t kDhcpInfoRoom = 96;

void set_dhcp_summary(FieldTree& tree, NodeId dhcp, bool proxy_port);

// The Info text of a DHCP message (option 53 present) into `out` (kDhcpInfoRoom bytes):
// "DHCP Discover - Transaction ID 0x2e0ece18". Returns its length. The summary fast path
// (`pxescope analyze`) and set_dhcp_summary both write it here.
std::size_t format_dhcp_info(char* out, bool proxy_port, std::uint8_t message_type,
                             std::uint32_t xid);

}  // namespace pxescope
