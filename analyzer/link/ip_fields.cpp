// IPv4 header fields (ipv4_dissector.cpp); Wireshark's names and types.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr ValueName kProtocols[] = {{1, "ICMP"}, {6, "TCP"}, {17, "UDP"}};
constexpr FieldInfo kFields[] = {
    {"ip.version", "Version", UInt},
    {"ip.hdr_len", "Header Length", UInt},
    {"ip.dsfield", "Differentiated Services Field", UInt},
    {"ip.dsfield.dscp", "Differentiated Services Codepoint", UInt},
    {"ip.dsfield.ecn", "Explicit Congestion Notification", UInt},
    {"ip.len", "Total Length", UInt},
    {"ip.id", "Identification", UInt},
    {"ip.flags", "Flags", UInt},
    {"ip.flags.rb", "Reserved bit", Bool},
    {"ip.flags.df", "Don't fragment", Bool},
    {"ip.flags.mf", "More fragments", Bool},
    {"ip.frag_offset", "Fragment Offset", UInt},
    {"ip.ttl", "Time to Live", UInt},
    {"ip.proto", "Protocol", UInt, kProtocols},
    {"ip.checksum", "Header Checksum", UInt, {}, 4},
    {"ip.checksum.status", "Header checksum status", UInt},
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
