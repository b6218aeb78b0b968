// Names of the EtherTypes pxescope meets, for the default text of every type field
// (eth.type, sll.etype, vlan.etype, ieee8021ah.etype): "Type: IPv4 (0x0800)".
#pragma once

#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {

inline constexpr ValueName kEtherTypeNames[] = {
    // sorted by value
    {0x0800, "IPv4"},
    {0x0806, "ARP"},
    {0x8100, "802.1Q Virtual LAN"},
    {0x86dd, "IPv6"},
    {0x88a8, "802.1ad Provider Bridge (Q-in-Q)"},
    {0x9100, "VLAN tag (0x9100)"},
};
inline constexpr std::uint8_t kEtherTypeHexDigits = 4;

}  // namespace pxescope::fields
