// TCP header fields (tcp_dissector.cpp); Wireshark's names and types.
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr FieldInfo kFields[] = {
    {"tcp.srcport", "Source Port", UInt},
    {"tcp.dstport", "Destination Port", UInt},
    // Either port: what a filter's tcp.port matches (Wireshark adds it hidden, twice).
    {"tcp.port", "Source or Destination Port", UInt},
    {"tcp.stream", "Stream index", UInt},
    {"tcp.len", "TCP Segment Len", UInt},
    {"tcp.seq", "Sequence Number", UInt},
    {"tcp.seq_raw", "Sequence Number (raw)", UInt},
    {"tcp.nxtseq", "Next Sequence Number", UInt},
    {"tcp.ack", "Acknowledgment Number", UInt},
    {"tcp.ack_raw", "Acknowledgment number (raw)", UInt},
    {"tcp.hdr_len", "Header Length", UInt},
    {"tcp.flags", "Flags", UInt},
    {"tcp.flags.res", "Reserved", Bool},
    {"tcp.flags.ae", "Accurate ECN", Bool},
    {"tcp.flags.cwr", "Congestion Window Reduced", Bool},
    {"tcp.flags.ece", "ECN-Echo", Bool},
    {"tcp.flags.urg", "Urgent", Bool},
    {"tcp.flags.ack", "Acknowledgment", Bool},
    {"tcp.flags.push", "Push", Bool},
    {"tcp.flags.reset", "Reset", Bool},
    {"tcp.flags.syn", "Syn", Bool},
    {"tcp.flags.fin", "Fin", Bool},
    {"tcp.flags.str", "TCP Flags", String},
    {"tcp.window_size_value", "Window", UInt},
    {"tcp.window_size", "Calculated window size", UInt},
    {"tcp.window_size_scalefactor", "Window size scaling factor", Int},
    {"tcp.checksum", "Checksum", UInt},
    {"tcp.checksum.status", "Checksum Status", UInt},
    {"tcp.urgent_pointer", "Urgent Pointer", UInt},
    {"tcp.options", "TCP Options", Bytes},
    {"tcp.option_kind", "Kind", UInt},
    {"tcp.option_len", "Length", UInt},
    {"tcp.options.eol", "TCP Option - End of Option List (EOL)", Bytes},
    {"tcp.options.nop", "TCP Option - No-Operation (NOP)", Bytes},
    {"tcp.options.mss", "TCP Option - Maximum segment size", Bytes},
    {"tcp.options.mss_val", "MSS Value", UInt},
    {"tcp.options.wscale", "TCP Option - Window scale", Bytes},
    {"tcp.options.wscale.shift", "Shift count", UInt},
    {"tcp.options.wscale.multiplier", "Multiplier", UInt},
    {"tcp.options.sack_perm", "TCP Option - SACK permitted", Bytes},
    {"tcp.options.sack", "TCP Option - SACK", Bytes},
    {"tcp.options.sack_le", "TCP SACK Left Edge", UInt},
    {"tcp.options.sack_re", "TCP SACK Right Edge", UInt},
    {"tcp.options.timestamp", "TCP Option - Timestamps", Bytes},
    {"tcp.options.timestamp.tsval", "Timestamp value", UInt},
    {"tcp.options.timestamp.tsecr", "Timestamp echo reply", UInt},
    {"tcp.options.unknown", "TCP Option - Unknown", Bytes},
    {"tcp.analysis", "SEQ/ACK analysis", Label},
    {"tcp.analysis.retransmission", "Retransmission", Label},
};
}  // namespace
extern const ProtocolFields kTcpFields{"tcp", "Transmission Control Protocol", kFields};
}  // namespace pxescope::fields
