// The "frame" protocol's fields (Wireshark's names and types). No dissector puts them in a
// tree: the display filter evaluates them from the frame being filtered (frame_context.hpp),
// so the tree and its JSON stay as they are.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr FieldInfo kFields[] = {
    {"frame.number", "Frame Number", UInt},
    {"frame.len", "Frame length on the wire", UInt},
    {"frame.cap_len", "Frame length stored into the capture file", UInt},
    {"frame.time", "Arrival Time", Time},
    {"frame.time_epoch", "Epoch Time", RelTime},  // seconds, as tshark types it
    {"frame.time_relative", "Time since reference or first frame", RelTime},
    {"frame.time_delta", "Time delta from previous captured frame", RelTime},
};
}  // namespace
extern const ProtocolFields kFrameFields{"frame", "Frame", kFields};
}  // namespace pxescope::fields
