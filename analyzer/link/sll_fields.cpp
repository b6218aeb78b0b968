// Linux cooked capture v1 and v2 fields (link_dissector.cpp); Wireshark's names and types.
#include "analyzer/fields/field_registry.hpp"
#include "analyzer/link/ethertype_names.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr ValueName kPacketTypes[] = {
    {0, "Unicast to us"},           {1, "Broadcast"},  {2, "Multicast"},
    {3, "Unicast to another host"}, {4, "Sent by us"},
};
constexpr ValueName kAddressTypes[] = {{1, "Ethernet"}};
constexpr FieldInfo kFields[] = {
    {"sll.pkttype", "Packet type", UInt, kPacketTypes},
    {"sll.hatype", "Link-layer address type", UInt, kAddressTypes},
    {"sll.halen", "Link-layer address length", UInt},
    {"sll.src.eth", "Source", Ether},
    {"sll.etype", "Protocol", UInt, kEtherTypeNames, kEtherTypeHexDigits},
    {"sll.ifindex", "Interface index", UInt},  // v2 only
};
}  // namespace
extern const ProtocolFields kSllFields{"sll", "Linux cooked-mode capture", kFields};
}  // namespace pxescope::fields
