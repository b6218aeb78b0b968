// The UDP field the checksum check adds, registered apart from the base table
// (udp_fields.cpp).
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {

constexpr FieldInfo kUdpMoreFields[] = {
    {"udp.checksum.status", "Checksum Status", FieldType::UInt},
};

}  // namespace

extern const ProtocolFields kUdpMoreFields{"udp", "User Datagram Protocol", kUdpMoreFields};

}  // namespace pxescope::fields
