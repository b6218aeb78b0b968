// IPv4 header fields (link_dissector.cpp); Wireshark's names and types.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr FieldInfo kFields[] = {
    {"ip.version", "Version", UInt},
    {"ip.hdr_len", "Header Length", UInt},
    {"ip.len", "Total Length", UInt},
    {"ip.id", "Identification", UInt},
    {"ip.flags.mf", "More fragments", Bool},
    {"ip.frag_offset", "Fragment Offset", UInt},
    {"ip.ttl", "Time to Live", UInt},
    {"ip.proto", "Protocol", UInt},
    {"ip.checksum", "Header Checksum", UInt},
    {"ip.src", "Source Address", Ipv4},
    {"ip.dst", "Destination Address", Ipv4},
    // pxescope's own: the options area as one line (Wireshark has a subtree, no field).
    {"ip.options", "Options", Label},
    // Either address: what a filter's ip.addr matches (Wireshark adds it hidden, twice).
    {"ip.addr", "Source or Destination Address", Ipv4},
};
}  // namespace
extern const ProtocolFields kIpFields{"ip", "Internet Protocol Version 4", kFields};
}  // namespace pxescope::fields
