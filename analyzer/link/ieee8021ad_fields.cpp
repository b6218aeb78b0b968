// IEEE 802.1ad (Q-in-Q) service tag fields (link_dissector.cpp); Wireshark's names and types.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr FieldInfo kFields[] = {
    {"ieee8021ad.priority", "Priority", UInt},
    {"ieee8021ad.dei", "DEI", UInt},
    {"ieee8021ad.id", "ID", UInt},
};
}  // namespace
extern const ProtocolFields kIeee8021adFields{"ieee8021ad", "IEEE 802.1ad", kFields};
}  // namespace pxescope::fields
