// Ethernet II fields (link_dissector.cpp). Names, descriptions and types as Wireshark's.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr FieldInfo kFields[] = {
    {"eth.dst", "Destination", Ether},
    {"eth.src", "Source", Ether},
    {"eth.type", "Type", UInt},
    // Either address: what a filter's eth.addr matches (Wireshark adds it hidden, twice).
    {"eth.addr", "Address", Ether},
};
}  // namespace
extern const ProtocolFields kEthFields{"eth", "Ethernet", kFields};
}  // namespace pxescope::fields
