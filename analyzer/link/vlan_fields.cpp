// IEEE 802.1Q tag fields (link_dissector.cpp); Wireshark's names and types.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr FieldInfo kFields[] = {
    {"vlan.priority", "Priority", UInt},
    {"vlan.dei", "DEI", Bool},
    {"vlan.id", "ID", UInt},
    {"vlan.etype", "Type", UInt},
};
}  // namespace
extern const ProtocolFields kVlanFields{"vlan", "802.1Q Virtual LAN", kFields};
}  // namespace pxescope::fields
