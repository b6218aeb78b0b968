// The IPv6 fields of the registry (tshark's names), and UDP's pseudo-header checksum uses
// UDP's own registration.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {

constexpr FieldInfo kIpv6[] = {
    {"ipv6.version", "Version", FieldType::UInt},
    {"ipv6.tclass", "Traffic Class", FieldType::UInt},
    {"ipv6.tclass.dscp", "Differentiated Services Codepoint", FieldType::UInt},
    {"ipv6.tclass.ecn", "Explicit Congestion Notification", FieldType::UInt},
    {"ipv6.flow", "Flow Label", FieldType::UInt},
    {"ipv6.plen", "Payload Length", FieldType::UInt},
    {"ipv6.nxt", "Next Header", FieldType::UInt},
    {"ipv6.hlim", "Hop Limit", FieldType::UInt},
    {"ipv6.src", "Source Address", FieldType::Ipv6},
    {"ipv6.dst", "Destination Address", FieldType::Ipv6},
    {"ipv6.hopopts", "IPv6 Hop-by-Hop Option", FieldType::Label},
    {"ipv6.hopopts.nxt", "Next Header", FieldType::UInt},
    {"ipv6.hopopts.len", "Length", FieldType::UInt},
    {"ipv6.routing", "Routing Header for IPv6", FieldType::Label},
    {"ipv6.routing.nxt", "Next Header", FieldType::UInt},
    {"ipv6.routing.len", "Length", FieldType::UInt},
    {"ipv6.routing.type", "Type", FieldType::UInt},
    {"ipv6.routing.segleft", "Segments Left", FieldType::UInt},
    {"ipv6.dstopts", "Destination Options for IPv6", FieldType::Label},
    {"ipv6.dstopts.nxt", "Next Header", FieldType::UInt},
    {"ipv6.dstopts.len", "Length", FieldType::UInt},
    {"ipv6.fraghdr", "Fragment Header for IPv6", FieldType::Label},
    {"ipv6.fraghdr.nxt", "Next header", FieldType::UInt},
    {"ipv6.fraghdr.offset", "Offset (8-byte units)", FieldType::UInt},
    {"ipv6.fraghdr.more", "More Fragments", FieldType::Bool},
    {"ipv6.fraghdr.ident", "Identification", FieldType::UInt},
    {"ipv6.opt", "IPv6 Option", FieldType::Label},
    {"ipv6.opt.type", "Type", FieldType::UInt},
    {"ipv6.opt.length", "Length", FieldType::UInt},
    {"ipv6.opt.pad1", "Pad1", FieldType::Label},
    {"ipv6.opt.router_alert", "Router Alert", FieldType::UInt},
};

}  // namespace

extern const ProtocolFields kIpv6Fields;
const ProtocolFields kIpv6Fields{"ipv6", "Internet Protocol Version 6", kIpv6};

}  // namespace pxescope::fields
