// ICMPv4 fields. Today icmp_unreachable.cpp reads type 3 and the datagram it quotes; these are
// the names it speaks in (Wireshark's), for the filter and the full dissector to come.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr FieldInfo kFields[] = {
    {"icmp.type", "Type", UInt},
    {"icmp.code", "Code", UInt},
};
}  // namespace
extern const ProtocolFields kIcmpFields{"icmp", "Internet Control Message Protocol", kFields};
}  // namespace pxescope::fields
