// A node's line as the views show it: node_text (-V, the GUI) and the JSON writer's "text".
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analyzer/field_tree.hpp"
#include "analyzer/render.hpp"

namespace pxescope::testing {

inline std::string text(const FieldTree& t, NodeId id) {
  std::string scratch;
  return std::string(node_text(t[id], scratch));
}

// The "text" of node `id` in the JSON writer's output for that node.
inline std::string json_text(const FieldTree& t, NodeId id) {
  std::string out;
  append_node_json(t, id, out);
  return nlohmann::json::parse(out)["text"];
}

}  // namespace pxescope::testing
