#include "analyzer/lint/lint_index.hpp"

namespace pxescope {

const std::vector<LintFinding>* LintIndex::find(std::uint64_t frame) const {
  const auto it = by_frame_.find(frame);
  return it == by_frame_.end() ? nullptr : &it->second;
}

std::size_t annotate_reply_tree(FieldTree& tree, const std::vector<LintFinding>& findings) {
  if (findings.empty()) return 0;
  NodeId dhcp = kNoNode;
  tree.for_each_child(kNoNode, [&](NodeId id) {
    if (dhcp == kNoNode && tree[id].name == "dhcp") dhcp = id;
  });
  annotate_dhcp_tree(tree, dhcp, findings);
  return findings.size();
}

}  // namespace pxescope
