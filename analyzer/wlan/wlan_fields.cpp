// IEEE 802.11 MAC header fields (wlan_dissector.cpp); Wireshark's names and types.
#include "analyzer/fields/field_registry.hpp"
#include "analyzer/wlan/wlan_names.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr ValueName kFrameTypes[] = {
    {0, "Management frame"}, {1, "Control frame"}, {2, "Data frame"}, {3, "Extension"}};
constexpr ValueName kDsStatus[] = {
    {0, "Not leaving DS or network is operating in AD-HOC mode (To DS: 0 From DS: 0)"},
    {1, "Frame from STA to DS via an AP (To DS: 1 From DS: 0)"},
    {2, "Frame from DS to a STA via AP(To DS: 0 From DS: 1)"},
    {3, "WDS (AP to AP) or Mesh (MP to MP) Frame (To DS: 1 From DS: 1)"},
};
constexpr FieldInfo kFields[] = {
    {"wlan.fc.type_subtype", "Type/Subtype", UInt, kWlanFrameNames, 4},
    {"wlan.fc", "Frame Control Field", UInt, {}, 4},
    {"wlan.fc.version", "Version", UInt},
    {"wlan.fc.type", "Type", UInt, kFrameTypes},
    {"wlan.fc.subtype", "Subtype", UInt},
    {"wlan.flags", "Flags", UInt, {}, 2},
    {"wlan.fc.ds", "DS status", UInt, kDsStatus, 2},
    {"wlan.fc.tods", "To DS", Bool},
    {"wlan.fc.fromds", "From DS", Bool},
    {"wlan.fc.frag", "More Fragments", Bool},
    {"wlan.fc.retry", "Retry", Bool},
    {"wlan.fc.pwrmgt", "PWR MGT", Bool},
    {"wlan.fc.moredata", "More Data", Bool},
    {"wlan.fc.protected", "Protected flag", Bool},
    {"wlan.fc.order", "+HTC/Order flag", Bool},
    {"wlan.duration", "Duration", UInt},
    {"wlan.ra", "Receiver address", Ether},
    {"wlan.ta", "Transmitter address", Ether},
    {"wlan.da", "Destination address", Ether},
    {"wlan.sa", "Source address", Ether},
    {"wlan.bssid", "BSS Id", Ether},
    // Any of the addresses: what a filter's wlan.addr matches (Wireshark adds it hidden).
    {"wlan.addr", "Hardware address", Ether},
    {"wlan.frag", "Fragment number", UInt},
    {"wlan.seq", "Sequence number", UInt},
    {"wlan.qos", "Qos Control", UInt, {}, 4},
    {"wlan.qos.tid", "TID", UInt},
    {"wlan.qos.priority", "Priority", UInt},
    {"wlan.qos.eosp", "EOSP", Bool},
    {"wlan.qos.ack", "Ack Policy", UInt, {}, 4},
    {"wlan.qos.amsdupresent", "Payload Type", Bool},
    {"wlan.htc", "HT Control (+HTC)", UInt, {}, 8},
    {"wlan.fcs", "Frame check sequence", UInt, {}, 8},
};
}  // namespace
extern const ProtocolFields kWlanFields{"wlan", "IEEE 802.11 wireless LAN", kFields};
}  // namespace pxescope::fields
