#include "analyzer/field_tree.hpp"

namespace pxescope {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Note:
      return "note";
    case Severity::Warn:
      return "warn";
    case Severity::Error:
      return "error";
  }
  return "warn";
}

void FieldTree::clear() {
  used_ = 0;
  first_root_ = last_root_ = kNoNode;
  protocol_column_ = {};
  info_column_.clear();
}

void FieldTree::grow() {
  nodes_.emplace_back();
}

void FieldTree::warn(NodeId id, Severity s, std::string_view message) {
  nodes_[id].warnings.add(s, message);
}

NodeId FieldTree::find(std::string_view name, NodeId from) const {
  // Names are string literals, usually the same one: equal pointers settle most compares.
  auto named = [&](const FieldNode& n) {
    return n.name.size() == name.size() &&
           (n.name.data() == name.data() || n.name.compare(name) == 0);
  };
  // Nodes are appended depth-first, so a subtree is a contiguous id range.
  if (from == kNoNode) {
    for (std::size_t i = 0; i < used_; ++i)
      if (named(nodes_[i])) return static_cast<NodeId>(i);
    return kNoNode;
  }
  // Pre-order walk of the subtree along the links (no stack, so no depth or width limit).
  NodeId id = from;
  while (true) {
    const FieldNode& n = nodes_[id];
    if (named(n)) return id;
    if (n.first_child != kNoNode) {
      id = n.first_child;
      continue;
    }
    while (id != from && nodes_[id].next_sibling == kNoNode) id = nodes_[id].parent;
    if (id == from) return kNoNode;
    id = nodes_[id].next_sibling;
  }
}

std::size_t FieldTree::count_warnings(Severity min) const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < used_; ++i)
    for (const auto& w : nodes_[i].warnings)
      if (w.severity >= min) ++n;
  return n;
}

NodeId FieldTree::node_at_offset(std::uint32_t offset) const {
  NodeId best = kNoNode;
  std::uint32_t best_len = 0xffffffffu;
  for (std::size_t i = 0; i < used_; ++i) {
    const FieldNode& n = nodes_[i];
    if (n.length == 0 || offset < n.offset || offset >= n.offset + n.length) continue;
    // Prefer the smallest range; on a tie the deeper (later-added) node.
    if (n.length <= best_len) {
      best = static_cast<NodeId>(i);
      best_len = n.length;
    }
  }
  return best;
}

}  // namespace pxescope
