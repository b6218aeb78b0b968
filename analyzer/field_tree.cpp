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

NodeId FieldTree::add(NodeId parent, std::string_view name, std::uint32_t offset,
                      std::uint32_t length) {
  if (used_ == nodes_.size()) nodes_.emplace_back();
  const auto id = static_cast<NodeId>(used_++);
  FieldNode& n = nodes_[id];
  n.name = name;
  n.kind = ValueKind::None;
  n.uint_value = 0;
  n.int_value = 0;
  n.str_value.clear();
  n.has_text = false;
  n.line.style = LineStyle::Default;
  n.offset = offset;
  n.length = length;
  n.parent = parent;
  n.first_child = n.last_child = n.next_sibling = kNoNode;
  n.warnings.clear();
  if (parent == kNoNode) {
    if (last_root_ == kNoNode)
      first_root_ = id;
    else
      nodes_[last_root_].next_sibling = id;
    last_root_ = id;
  } else {
    FieldNode& p = nodes_[parent];
    if (p.last_child == kNoNode)
      p.first_child = id;
    else
      nodes_[p.last_child].next_sibling = id;
    p.last_child = id;
  }
  return id;
}

void FieldTree::set_uint(NodeId id, std::uint64_t v) {
  nodes_[id].kind = ValueKind::UInt;
  nodes_[id].uint_value = v;
}
void FieldTree::set_int(NodeId id, std::int64_t v) {
  nodes_[id].kind = ValueKind::Int;
  nodes_[id].int_value = v;
}
void FieldTree::set_bool(NodeId id, bool v) {
  nodes_[id].kind = ValueKind::Bool;
  nodes_[id].uint_value = v ? 1 : 0;
}
void FieldTree::set_string(NodeId id, std::string_view v) {
  nodes_[id].kind = ValueKind::String;
  nodes_[id].str_value.assign(v);
}
void FieldTree::set_text(NodeId id, std::string_view text) {
  nodes_[id].text.assign(text);
  nodes_[id].has_text = true;
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
