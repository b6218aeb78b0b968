// TFTP (RFC 1350) with option negotiation (RFC 2347-2349, 7440): RRQ, WRQ, DATA, ACK,
// ERROR, OACK -> field tree with tshark's names (tftp.opcode, tftp.source_file,
// tftp.block, tftp.error.code, tftp.option.name, ...).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "analyzer/field_tree.hpp"

namespace pxescope {

enum TftpOpcode : std::uint16_t {
  kTftpRrq = 1,
  kTftpWrq = 2,
  kTftpData = 3,
  kTftpAck = 4,
  kTftpError = 5,
  kTftpOack = 6,
};

// What the packet's transfer is known to be (from its request), for the generated
// "[Destination File: …]" and "[Read Request in frame N]" lines tshark shows.
struct TftpTransferContext {
  std::string_view file_name;       // empty: unknown
  std::uint64_t request_frame = 0;  // 0: unknown
  std::uint32_t block_wraps = 0;    // times the 16-bit block number wrapped before
  bool write_request = false;       // the transfer started with a WRQ (else an RRQ)
};

// Decodes a TFTP payload that starts `base_offset` bytes into the frame; adds a "tftp"
// node under `parent` (kNoNode: top level) and returns its id. Malformed packets (too
// short, unknown opcode, string without its NUL, odd option value) get warnings.
NodeId dissect_tftp(std::span<const std::uint8_t> payload, std::uint32_t base_offset,
                    FieldTree& tree, const TftpTransferContext& context = {},
                    NodeId parent = kNoNode);

// The opcode and, for RRQ/WRQ, the file name (pointing into `payload`): what the transfer
// follower needs, without a tree. Returns false when the payload is shorter than 2 bytes.
struct TftpHeader {
  std::uint16_t opcode = 0;
  std::uint16_t block = 0;     // DATA/ACK
  std::string_view file_name;  // RRQ/WRQ
};
bool peek_tftp(std::span<const std::uint8_t> payload, TftpHeader& out);

std::string_view tftp_opcode_name(std::uint16_t opcode);  // "Read Request", ...
std::string_view tftp_error_name(std::uint16_t code);     // "File not found", ...

}  // namespace pxescope
