// Display filters over a field tree, the small subset of Wireshark's syntax the GUI's filter
// bar (and anything else) needs:
//
//   dhcp.option.client_system_architecture == 7
//   dhcp.hw.mac_addr contains 52:54
//   dhcp && !tftp            (a bare name: the field is present)
//   (a == 1 || b != "x y") and not c
//
// Comparisons: == != < <= > >= contains (also eq ne lt le gt ge). A comparison is true when
// ANY node of that name satisfies it; `!=` is true when the field is present and NO node of
// that name equals the value. Numbers may be decimal or 0x-hex; strings compare without case
// (tshark prints MACs in lower case, people type them either way).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/field_tree.hpp"

namespace pxescope::filter {

enum class CompareOp : std::uint8_t { Exists, Eq, Ne, Lt, Le, Gt, Ge, Contains };

class DisplayFilter {
 public:
  // An empty (or all-blank) text gives a filter that matches everything.
  // On a syntax error returns nullopt and sets `error` to one line with the column, e.g.
  // "column 27: expected a value after '=='".
  static std::optional<DisplayFilter> parse(std::string_view text, std::string& error);

  bool matches(const FieldTree& tree) const;
  bool matches_everything() const { return nodes_.empty(); }
  const std::string& text() const { return text_; }

 private:
  enum class Kind : std::uint8_t { And, Or, Not, Compare };
  struct Node {
    Kind kind = Kind::Compare;
    std::int32_t lhs = -1, rhs = -1;  // children (indices into nodes_)
    CompareOp op = CompareOp::Exists;
    std::string field;
    std::string value;                   // lower-cased for string comparisons
    std::optional<std::int64_t> number;  // when the value reads as a number
  };
  friend class Parser;

  bool eval(std::int32_t node, const FieldTree& tree) const;
  bool compare(const Node& n, const FieldNode& field) const;

  std::vector<Node> nodes_;
  std::int32_t root_ = -1;
  std::string text_;
};

}  // namespace pxescope::filter
