// A parsed display filter: a small expression tree over tests. Built once by the parser
// (filter_parser.cpp), then only read by the evaluator (filter_eval.cpp), so copies of a
// DisplayFilter share one Program across threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/fields/field_registry.hpp"
#include "analyzer/filter/filter_regex.hpp"
#include "analyzer/filter/filter_value.hpp"
#include "analyzer/filter/frame_context.hpp"

namespace pxescope::filter::detail {

enum class Relation : std::uint8_t { Exists, Eq, Lt, Le, Gt, Ge, Contains, Matches, In };

// frame.* fields, read from the FrameContext rather than from the tree.
enum class FrameField : std::uint8_t {
  None,
  Protocol,  // "frame": present; its bytes are the whole frame
  Number,
  Len,
  CapLen,
  Time,
  TimeEpoch,
  TimeRelative,
  TimeDelta,
};

// Facts about the dissection itself (ws_fields.cpp), read from the tree's warnings.
enum class TreeFact : std::uint8_t {
  None,
  Expert,     // "_ws.expert": some node has a warning (warn or error; notes do not count)
  Malformed,  // "_ws.malformed": some node has an error-level warning
};

// One byte range of a slice, as typed: [start:length], [start-end] (inclusive), [start:]
// (to the end), [start] (one byte). A negative start or end counts from the end.
struct SliceRange {
  enum class Kind : std::uint8_t { Length, End, ToEnd } kind = Kind::Length;
  std::int32_t start = 0;
  std::int32_t second = 1;  // the length or the end, by kind
};

struct SetItem {
  Value low;
  Value high;  // used when `range`
  bool range = false;
};

// field [slice] relation value(s), with Wireshark 4's quantifiers for fields that occur more
// than once: `==` any equal, `!=` all not equal (= !(a == b)), `===` all equal, `!==` any not
// equal. A test on an absent field is false, whatever the operator.
struct Test {
  std::vector<std::string_view> names;  // tree node names it reads (an alias reads several)
  FrameField frame_field = FrameField::None;
  TreeFact tree_fact = TreeFact::None;
  fields::FieldType type = fields::FieldType::Label;
  Domain source = Domain::None;  // the field's own domain
  Domain domain = Domain::None;  // what is compared (Bytes when sliced)
  std::vector<SliceRange> slice;
  Relation relation = Relation::Exists;
  bool all = false;          // every occurrence must satisfy it (else: any one)
  bool negate_each = false;  // the relation is negated per occurrence (!=, !==)
  Value value;
  std::vector<SetItem> set;  // Relation::In
  std::shared_ptr<const Regex> regex;
};

enum class NodeKind : std::uint8_t { And, Or, Xor, Not, Test };
struct ExprNode {
  NodeKind kind = NodeKind::Test;
  std::int32_t lhs = -1, rhs = -1;  // children (ExprNode indices)
  std::int32_t test = -1;           // index into tests
};

struct Program {
  std::vector<ExprNode> nodes;
  std::vector<Test> tests;
  std::int32_t root = -1;  // -1: the empty filter, matches everything
};

// Parses `text`; on error returns nullptr and sets `error` ("column N: ...").
std::shared_ptr<const Program> parse_program(std::string_view text, std::string& error);

// Evaluates the program on one frame's tree; `frame` may be null (frame.* fields absent).
bool evaluate(const Program& program, const FieldTree& tree, const FrameContext* frame);

}  // namespace pxescope::filter::detail
