#include "gui/tree_export.hpp"

#include <utility>
#include <vector>

#include "analyzer/render.hpp"

namespace pxescope::gui {
namespace {

// The text renderer walks whole trees: copy the subtree into a tree of its own.
FieldTree copy_subtree(const FieldTree& t, NodeId root) {
  FieldTree sub;
  std::vector<std::pair<NodeId, NodeId>> stack{{root, kNoNode}};  // (from, new parent)
  std::vector<NodeId> children;
  while (!stack.empty()) {
    auto [from, parent] = stack.back();
    stack.pop_back();
    const FieldNode& n = t[from];
    const NodeId to = sub.add(parent, n.name, n.offset, n.length);
    FieldNode& copy = sub[to];
    copy.kind = n.kind;
    copy.uint_value = n.uint_value;
    copy.int_value = n.int_value;
    copy.str_value = n.str_value;
    copy.text = n.text;
    copy.has_text = n.has_text;  // else the copy shows the line made from `line`
    copy.line = n.line;
    copy.warnings = n.warnings;
    children.clear();
    t.for_each_child(from, [&](NodeId c) { children.push_back(c); });
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.emplace_back(*it, to);
  }
  return sub;
}

}  // namespace

std::string render_selection(const FieldTree& tree, NodeId selected, bool json) {
  std::string out;
  if (json) {
    if (selected != kNoNode)
      append_node_json(tree, selected, out);
    else
      append_fields_json(tree, out);
    out += '\n';
  } else if (selected != kNoNode) {
    append_tree_text(copy_subtree(tree, selected), out);
  } else {
    append_tree_text(tree, out);
  }
  return out;
}

}  // namespace pxescope::gui
