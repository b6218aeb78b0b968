// The type after an 802.1ad tag: Wireshark hands it to its 802.1ah dissector, so the field
// is "ieee8021ah.etype", and pxescope keeps that name (link_dissector.cpp).
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr FieldInfo kFields[] = {
    {"ieee8021ah.etype", "Type", UInt},
};
}  // namespace
extern const ProtocolFields kIeee8021ahFields{"ieee8021ah", "IEEE 802.1ah", kFields};
}  // namespace pxescope::fields
