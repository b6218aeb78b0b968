// IEEE 802.2 LLC and SNAP fields (wlan_dissector.cpp); Wireshark's names and types.
#include "analyzer/fields/field_registry.hpp"
#include "analyzer/link/ethertype_names.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr ValueName kSaps[] = {{0xaa, "SNAP"}};
constexpr ValueName kOuis[] = {{0x000000, "Encapsulated Ethernet"},
                               {0x0000f8, "Cisco Systems, Inc"}};
constexpr FieldInfo kFields[] = {
    {"llc.dsap", "DSAP", UInt, kSaps, 2},
    {"llc.dsap.sap", "SAP", UInt},
    {"llc.dsap.ig", "IG Bit", Bool},
    {"llc.ssap", "SSAP", UInt, kSaps, 2},
    {"llc.ssap.sap", "SAP", UInt},
    {"llc.ssap.cr", "CR Bit", Bool},
    {"llc.control", "Control field", UInt, {}, 4},
    {"llc.control.u_modifier_cmd", "Command", UInt, {}, 2},
    {"llc.control.ftype", "Frame type", UInt, {}, 2},
    {"llc.oui", "Organization Code", UInt, kOuis},
    {"llc.type", "Type", UInt, kEtherTypeNames, kEtherTypeHexDigits},
};
}  // namespace
extern const ProtocolFields kLlcFields{"llc", "Logical-Link Control", kFields};
}  // namespace pxescope::fields
