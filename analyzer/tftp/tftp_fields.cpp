// TFTP fields (tftp_dissector.cpp); Wireshark's names and types where it has them.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr FieldInfo kFields[] = {
    {"tftp.opcode", "Opcode", UInt},
    {"tftp.source_file", "Source File", String},
    {"tftp.destination_file", "Destination File", String},
    {"tftp.type", "Type", String},
    {"tftp.request_frame", "Request frame", FrameNum},
    {"tftp.block", "Block", UInt},
    {"tftp.block.full", "Full Block Number", UInt},
    {"tftp.data", "Data", Bytes},
    {"tftp.error.code", "Error code", UInt},
    {"tftp.error.message", "Error message", String},
    // pxescope's own: one node per option (Wireshark draws a subtree with no field).
    {"tftp.option", "Option", Label},
    {"tftp.option.name", "Option name", String},
    {"tftp.option.value", "Option value", String},
};
}  // namespace
extern const ProtocolFields kTftpFields{"tftp", "Trivial File Transfer Protocol", kFields};
}  // namespace pxescope::fields
