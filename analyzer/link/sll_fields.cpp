// Linux cooked capture v1 and v2 fields (link_dissector.cpp); Wireshark's names and types.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr FieldInfo kFields[] = {
    {"sll.pkttype", "Packet type", UInt},
    {"sll.hatype", "Link-layer address type", UInt},
    {"sll.halen", "Link-layer address length", UInt},
    {"sll.src.eth", "Source", Ether},
    {"sll.etype", "Protocol", UInt},
    {"sll.ifindex", "Interface index", UInt},  // v2 only
};
}  // namespace
extern const ProtocolFields kSllFields{"sll", "Linux cooked-mode capture", kFields};
}  // namespace pxescope::fields
