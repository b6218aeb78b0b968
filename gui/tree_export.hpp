// Export of the detail pane: the selected node with its subtree (or the whole packet) through
// the analyzer's renderers, as JSON or as tshark -V style text.
#pragma once

#include <string>

#include "analyzer/field_tree.hpp"

namespace pxescope::gui {

// `selected` kNoNode: every top-level node.
std::string render_selection(const FieldTree& tree, NodeId selected, bool json);

}  // namespace pxescope::gui
