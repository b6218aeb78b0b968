// The TFTP frame's summary, as tshark's Info column: "Read Request, File: syslinux.efi,
// Transfer type: octet, blksize=1468, tsize=0", "Data Packet, Block: 12 (last)",
// "Acknowledgement, Block: 12", "Option Acknowledgement, blksize=1468",
// "Error Code, Code: File not found, Message: …". Read back from the "tftp" node the
// dissector made, so the packet is parsed once.
#pragma once

#include <cstdint>

#include "analyzer/field_tree.hpp"

namespace pxescope {

inline constexpr std::uint32_t kTftpDefaultBlockSize = 512;  // RFC 1350

// Sets the summary from the "tftp" node `top`; `block_size` (the transfer's negotiated
// blksize, else 512) tells the last DATA packet: the one shorter than a block.
void set_tftp_summary(FieldTree& tree, NodeId top, std::uint32_t block_size);

// The blksize an OACK (or request) under `top` carries, or 0 when it has none.
std::uint32_t tftp_block_size_option(const FieldTree& tree, NodeId top);

}  // namespace pxescope
