// The IPv4 fields the full header decode adds (DSCP/ECN, flags, checksum status),
// registered apart from the base table (ip_fields.cpp).
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {

constexpr FieldInfo kIpMoreFields[] = {
    {"ip.dsfield", "Differentiated Services Field", FieldType::UInt},
    {"ip.dsfield.dscp", "Differentiated Services Codepoint", FieldType::UInt},
    {"ip.dsfield.ecn", "Explicit Congestion Notification", FieldType::UInt},
    {"ip.flags", "Flags", FieldType::UInt},
    {"ip.flags.rb", "Reserved bit", FieldType::Bool},
    {"ip.flags.df", "Don't fragment", FieldType::Bool},
    {"ip.checksum.status", "Header checksum status", FieldType::UInt},
};

}  // namespace

extern const ProtocolFields kIpMoreFields{"ip", "Internet Protocol Version 4", kIpMoreFields};

}  // namespace pxescope::fields
