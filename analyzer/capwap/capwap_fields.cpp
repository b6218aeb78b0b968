// CAPWAP data channel header fields (capwap_dissector.cpp); Wireshark's names and types. Its
// layer is "capwap.data" (CAPWAP-Data), its fields are named under "capwap" (CAPWAP-Control's
// name), as in Wireshark: the filter `capwap` matches the control channel only.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr ValueName kPreambleTypes[] = {{0, "CAPWAP Header"}, {1, "CAPWAP DTLS Header"}};
constexpr ValueName kBindings[] = {{0, "Reserved"}, {1, "IEEE 802.11"}, {3, "EPCGlobal"}};
constexpr FieldInfo kFields[] = {
    {"capwap.preamble", "Preamble", Label},
    {"capwap.preamble.version", "Version", UInt},
    {"capwap.preamble.type", "Type", UInt, kPreambleTypes},
    {"capwap.header", "Header", Label},
    {"capwap.header.length", "Header Length", UInt},
    {"capwap.header.rid", "Radio ID", UInt},
    {"capwap.header.wbid", "Wireless Binding ID", UInt, kBindings},
    {"capwap.header.flags", "Header Flags", UInt, {}, 6},
    {"capwap.header.flags.t", "Payload Type", Bool},
    {"capwap.header.flags.f", "Fragment", Bool},
    {"capwap.header.flags.l", "Last Fragment", Bool},
    {"capwap.header.flags.w", "Wireless header", Bool},
    {"capwap.header.flags.m", "Radio MAC header", Bool},
    {"capwap.header.flags.k", "Keep-Alive", Bool},
    {"capwap.header.flags.r", "Reserved", UInt, {}, 6},
    {"capwap.header.fragment.id", "Fragment ID", UInt},
    {"capwap.header.fragment.offset", "Fragment Offset", UInt},
    {"capwap.header.fragment.reserved", "Reserved", UInt},
    {"capwap.header.mac.length", "Length", UInt},
    {"capwap.header.mac.eui48", "MAC address", Ether},
    {"capwap.header.mac.data", "MAC address", Bytes},
    {"capwap.header.wireless.length", "Length", UInt},
    {"capwap.header.wireless.data", "Wireless data", Bytes},
    {"capwap.header.padding", "Padding for 4 Byte Alignment", Bytes},
};
}  // namespace
extern const ProtocolFields kCapwapFields{"capwap",
                                          "Control And Provisioning of Wireless "
                                          "Access Points - Control",
                                          kFields};
// The data channel's own layer name: no fields of its own.
extern const ProtocolFields kCapwapDataFields{
    "capwap.data", "Control And Provisioning of Wireless Access Points - Data", {}};
}  // namespace pxescope::fields
