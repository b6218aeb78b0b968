// BOOTP header + DHCP options -> field tree, driven by the option table.
#pragma once

#include <cstdint>
#include <span>

#include "analyzer/field_tree.hpp"

namespace pxescope {

// Decodes a BOOTP/DHCP payload that starts `base_offset` bytes into the frame; adds one
// top-level "dhcp" node (under `parent`) and returns its id. Never fails: malformed data
// becomes warnings and decoding goes on as far as it can.
NodeId dissect_dhcp(std::span<const std::uint8_t> payload, std::uint32_t base_offset,
                    FieldTree& tree, NodeId parent = kNoNode);

}  // namespace pxescope
