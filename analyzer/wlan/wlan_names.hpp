// Names of the 802.11 frame types (wlan.fc.type_subtype = type << 4 | subtype), as
// Wireshark's Info column and the field's default text give them.
#pragma once

#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {

inline constexpr ValueName kWlanFrameNames[] = {
    // sorted by value
    {0x00, "Association Request"},
    {0x01, "Association Response"},
    {0x02, "Reassociation Request"},
    {0x03, "Reassociation Response"},
    {0x04, "Probe Request"},
    {0x05, "Probe Response"},
    {0x06, "Measurement Pilot"},
    {0x08, "Beacon frame"},
    {0x09, "ATIM"},
    {0x0a, "Disassociate"},
    {0x0b, "Authentication"},
    {0x0c, "Deauthentication"},
    {0x0d, "Action"},
    {0x0e, "Action No Ack"},
    {0x17, "Control Wrapper"},
    {0x18, "802.11 Block Ack Req"},
    {0x19, "802.11 Block Ack"},
    {0x1a, "Power-Save poll"},
    {0x1b, "Request-to-send"},
    {0x1c, "Clear-to-send"},
    {0x1d, "Acknowledgement"},
    {0x1e, "CF-End"},
    {0x1f, "CF-End + CF-Ack"},
    {0x20, "Data"},
    {0x21, "Data + CF-Ack"},
    {0x22, "Data + CF-Poll"},
    {0x23, "Data + CF-Ack + CF-Poll"},
    {0x24, "Null function (No data)"},
    {0x25, "Acknowledgement (No data)"},
    {0x26, "CF-poll (No data)"},
    {0x27, "CF-ack/poll (No data)"},
    {0x28, "QoS Data"},
    {0x29, "QoS Data + CF-Acknowledgment"},
    {0x2a, "QoS Data + CF-Poll"},
    {0x2b, "QoS Data + CF-Ack + CF-Poll"},
    {0x2c, "QoS Null function (No data)"},
    {0x2e, "QoS CF-Poll (No Data)"},
    {0x2f, "QoS CF-Ack + CF-Poll (No Data)"},
};

}  // namespace pxescope::fields
