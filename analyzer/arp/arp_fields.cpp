// ARP's registered fields (analyzer/fields/field_registry.hpp), Wireshark's names.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {

constexpr FieldInfo kFields[] = {
    {"arp.hw.type", "Hardware type", FieldType::UInt},
    {"arp.proto.type", "Protocol type", FieldType::UInt},
    {"arp.hw.size", "Hardware size", FieldType::UInt},
    {"arp.proto.size", "Protocol size", FieldType::UInt},
    {"arp.opcode", "Opcode", FieldType::UInt},
    {"arp.isgratuitous", "Is gratuitous", FieldType::Bool},
    {"arp.isprobe", "Is probe", FieldType::Bool},
    {"arp.isannouncement", "Is announcement", FieldType::Bool},
    {"arp.src.hw_mac", "Sender MAC address", FieldType::Ether},
    {"arp.src.proto_ipv4", "Sender IP address", FieldType::Ipv4},
    {"arp.dst.hw_mac", "Target MAC address", FieldType::Ether},
    {"arp.dst.proto_ipv4", "Target IP address", FieldType::Ipv4},
    {"arp.src.hw", "Sender hardware address", FieldType::Bytes},
    {"arp.src.proto", "Sender protocol address", FieldType::Bytes},
    {"arp.dst.hw", "Target hardware address", FieldType::Bytes},
    {"arp.dst.proto", "Target protocol address", FieldType::Bytes},
};

}  // namespace

extern const ProtocolFields kArpFields{"arp", "Address Resolution Protocol", kFields};

}  // namespace pxescope::fields
