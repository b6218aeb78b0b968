// Temporary minimal body (the full dissector follows): a "dhcp" node so callers link.
#include "analyzer/dhcp/dhcp_dissector.hpp"

namespace pxescope {

NodeId dissect_dhcp(std::span<const std::uint8_t> payload, std::uint32_t base_offset,
                    FieldTree& tree, NodeId parent) {
  const NodeId root =
      tree.add(parent, "dhcp", base_offset, static_cast<std::uint32_t>(payload.size()));
  tree.set_text(root, "Dynamic Host Configuration Protocol");
  return root;
}

}  // namespace pxescope
