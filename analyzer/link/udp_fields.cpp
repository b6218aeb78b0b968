// UDP header fields (udp_dissector.cpp); Wireshark's names and types.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr FieldInfo kFields[] = {
    {"udp.srcport", "Source Port", UInt},
    {"udp.dstport", "Destination Port", UInt},
    {"udp.length", "Length", UInt},
    {"udp.checksum", "Checksum", UInt, {}, 4},
    {"udp.checksum.status", "Checksum Status", UInt},
    // Either port: what a filter's udp.port matches (Wireshark adds it hidden, twice).
    {"udp.port", "Source or Destination Port", UInt},
};
}  // namespace
extern const ProtocolFields kUdpFields{"udp", "User Datagram Protocol", kFields};
}  // namespace pxescope::fields
