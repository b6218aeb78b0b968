// DHCPv6 (RFC 8415): client/server messages and Relay-forw/Relay-reply with their nested
// relay messages -> field tree with tshark's names (dhcpv6.msgtype, dhcpv6.xid,
// dhcpv6.option.type, dhcpv6.duid.type, ...). Options are decoded from the one DHCPv6
// option table (dhcpv6_option_table.hpp). Sets the frame's Protocol/Info columns
// ("DHCPv6", "Solicit XID: 0x1a2b3c CID: 0001... arch x64 UEFI (7)").
#pragma once

#include <cstdint>
#include <span>

#include "analyzer/field_tree.hpp"

namespace pxescope {

// Relay messages nest at most this deep (RFC 8415 §7.6 HOP_COUNT_LIMIT is 8; deeper
// nesting is malformed and gets a warning instead of being followed).
inline constexpr int kMaxDhcpv6RelayDepth = 32;

// Decodes the UDP payload `payload` that starts `base_offset` bytes into the frame as a
// top-level "dhcpv6" node, and returns it. Never throws: problems become warnings.
NodeId dissect_dhcpv6(std::span<const std::uint8_t> payload, std::uint32_t base_offset,
                      FieldTree& tree);

}  // namespace pxescope
