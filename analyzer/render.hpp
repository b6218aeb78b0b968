// Renderers of the field tree. JSON is an interface (documented in README.md): keep it stable.
#pragma once

#include <cstdint>
#include <string>

#include "analyzer/field_tree.hpp"
#include "analyzer/output_buffer.hpp"

namespace pxescope {

// Appends one node and its subtree as JSON:
// {"name":…,"value":…,"text":…,"offset":N,"length":N,"children":[…],"warnings":[…]}
// where value is a number, bool, string or null, and each warning is
// {"severity":"note|warn|error","message":…}.
void append_node_json(const FieldTree& tree, NodeId id, std::string& out);

// Appends all top-level nodes as a JSON array.
void append_fields_json(const FieldTree& tree, std::string& out);
// The same, written straight into `out` (no copy: `analyze --json`'s path).
void append_fields_json(const FieldTree& tree, OutputBuffer& out);

// Appends the tree as indented text, like `tshark -V` (4 spaces a level), with warnings
// on their own lines under the field ("    [warn: …]").
void append_tree_text(const FieldTree& tree, std::string& out, int base_indent = 0);

// JSON string escaping (RFC 8259), appended with the quotes.
void append_json_string(std::string_view s, std::string& out);

}  // namespace pxescope
