// Radiotap header fields (wlan_dissector.cpp): the header and the first fields of the present
// bitmap (TSFT, flags, channel, signal); Wireshark's names and types.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr FieldInfo kFields[] = {
    {"radiotap.version", "Header revision", UInt},
    {"radiotap.pad", "Header pad", UInt},
    {"radiotap.length", "Header length", UInt},
    {"radiotap.present.word", "Present flags word", UInt, {}, 8},
    {"radiotap.mactime", "MAC timestamp", UInt},
    {"radiotap.flags", "Flags", UInt, {}, 2},
    {"radiotap.flags.fcs", "FCS at end", Bool},
    {"radiotap.channel.freq", "Channel frequency", UInt},
    {"radiotap.channel.flags", "Channel flags", UInt, {}, 4},
    {"radiotap.dbm_antsignal", "Antenna signal", Int},
};
}  // namespace
extern const ProtocolFields kRadiotapFields{"radiotap", "IEEE 802.11 Radiotap Capture header",
                                            kFields};
}  // namespace pxescope::fields
