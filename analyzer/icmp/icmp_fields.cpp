// ICMP's registered fields (analyzer/fields/field_registry.hpp): Wireshark's names, and
// pxescope's own for the request a port unreachable answers.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {

constexpr FieldInfo kFields[] = {
    {"icmp.type", "Type", FieldType::UInt},
    {"icmp.code", "Code", FieldType::UInt},
    {"icmp.checksum", "Checksum", FieldType::UInt},
    {"icmp.checksum.status", "Checksum Status", FieldType::UInt},
    {"icmp.ident", "Identifier (BE)", FieldType::UInt},
    {"icmp.ident_le", "Identifier (LE)", FieldType::UInt},
    {"icmp.seq", "Sequence Number (BE)", FieldType::UInt},
    {"icmp.seq_le", "Sequence Number (LE)", FieldType::UInt},
    {"icmp.unused", "Unused", FieldType::Bytes},
    {"icmp.refused_request_in", "Refused request in frame", FieldType::FrameNum},
};

}  // namespace

extern const ProtocolFields kIcmpFields{"icmp", "Internet Control Message Protocol", kFields};

}  // namespace pxescope::fields
