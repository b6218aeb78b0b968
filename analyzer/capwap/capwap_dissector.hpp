// The CAPWAP data channel header -> the "capwap.data" node with tshark's field names
// (capwap.preamble.*, capwap.header.*: HLEN, radio and binding ids, the T/F/L/W/M/K flags,
// the radio MAC). The frame it tunnels is decoded by the link dissector after it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "analyzer/field_tree.hpp"

namespace pxescope {

// Adds the node for the header at p + off; the UDP payload ends at `end`. Sets the frame's
// "CAPWAP-Data" summary (a tunnelled frame's layers overwrite it).
NodeId add_capwap(FieldTree& tree, const std::uint8_t* p, std::size_t end, std::uint32_t off);

}  // namespace pxescope
