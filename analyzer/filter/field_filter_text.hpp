// The display-filter text for a field of a dissected frame, as Wireshark's "Apply as Filter"
// and "Copy ▸ …as Filter" write it: `name == value` with the value spelled the way the filter
// reads it back (numbers, MACs, addresses bare; text quoted), or the bare name for a protocol
// or a field without a value. Every text made here parses (it is checked before it is given
// out), so the GUI never puts a filter in the bar that turns it red.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/field_tree.hpp"

namespace pxescope::filter {

// The node's value as a filter literal ("68", "52:54:00:12:34:56", "\"pxelinux.0\""), empty
// when the node has no value a filter can compare.
std::string filter_literal(const FieldNode& node);

// `name == literal`, or `name` alone when the node has no comparable value; empty when the
// name is not a registered field (nothing a filter can name).
std::string filter_for_node(const FieldNode& node);

// Wireshark's Apply/Prepare as Filter sub-menu: how the selected field's filter joins the
// filter already in the bar.
enum class FilterCombine {
  Selected,
  NotSelected,
  AndSelected,
  OrSelected,
  AndNotSelected,
  OrNotSelected
};

// The bar's new text. An empty `current` makes the "and/or" forms the plain ones, as Wireshark.
std::string combine_filter(std::string_view current, std::string_view selected, FilterCombine how);

}  // namespace pxescope::filter
