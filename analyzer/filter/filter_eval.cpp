// The display filter's evaluator: runs a Program over one frame's tree. Each test reads the
// occurrences of its field (tree nodes, or the frame's own facts), reads each value in the
// test's domain and applies the relation with the test's quantifier. Allocation-free once
// the thread's scratch buffers are warm: values are read in place or into reused buffers.
#include <algorithm>
#include <cstring>

#include "analyzer/ascii.hpp"
#include "analyzer/filter/filter_program.hpp"

namespace pxescope::filter::detail {
namespace {

// One occurrence's value, in the test's domain.
struct Candidate {
  Wide number = 0;
  std::string_view bytes;  // String and Bytes
  std::uint32_t ipv4 = 0;
  std::uint8_t ipv6[16] = {};
  const FieldNode* node = nullptr;  // for enum value names, read from the node's text
};

// Reused per thread: decoded hex strings and slices.
struct Scratch {
  std::string decoded;
  std::string sliced;
};
Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

template <typename T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int compare_bytes(std::string_view a, std::string_view b) {
  return three_way(a, b);
}

bool ipv4_equal(std::uint32_t a, const Value& v) {
  const int bits = v.prefix_bits < 0 ? 32 : v.prefix_bits;
  const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  return (a & mask) == (v.ipv4 & mask);
}

bool ipv6_equal(const std::uint8_t (&a)[16], const Value& v) {
  const int bits = v.prefix_bits < 0 ? 128 : v.prefix_bits;
  const auto* b = reinterpret_cast<const std::uint8_t*>(v.bytes.data());
  const int whole = bits / 8;
  if (std::memcmp(a, b, static_cast<std::size_t>(whole)) != 0) return false;
  if (bits % 8 == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - bits % 8));
  return (a[whole] & mask) == (b[whole] & mask);
}

// Ordering of a candidate against a value (-1, 0, 1), for <, <=, >, >= and ranges.
int order(Domain d, const Candidate& c, const Value& v) {
  switch (d) {
    case Domain::Number:
      return three_way(c.number, v.number);
    case Domain::Ipv4:
      return three_way(c.ipv4, v.ipv4);
    case Domain::Ipv6:
      return std::memcmp(c.ipv6, v.bytes.data(), 16) < 0   ? -1
             : std::memcmp(c.ipv6, v.bytes.data(), 16) > 0 ? 1
                                                           : 0;
    case Domain::String:
    case Domain::Bytes:
    case Domain::None:
      return compare_bytes(c.bytes, v.bytes);
  }
  return 0;
}

bool equal(Domain d, const Candidate& c, const Value& v) {
  switch (d) {
    case Domain::Number:
      // An enum name compares with the name the node's text gives its value.
      // Texts are made lazily (field_tree.hpp): only this test asks for one.
      if (!v.value_name.empty()) {
        thread_local std::string scratch;  // keeps its capacity: no allocation once warm
        return c.node &&
               ascii_iequals(value_name_in_text(node_text(*c.node, scratch)), v.value_name);
      }
      return c.number == v.number;
    case Domain::Ipv4:
      return ipv4_equal(c.ipv4, v);
    case Domain::Ipv6:
      return ipv6_equal(c.ipv6, v);
    case Domain::String:
    case Domain::Bytes:
    case Domain::None:
      return c.bytes == v.bytes;
  }
  return false;
}

bool in_set(Domain d, const Candidate& c, const std::vector<SetItem>& set) {
  for (const SetItem& item : set) {
    if (!item.range) {
      if (equal(d, c, item.low)) return true;
    } else if (order(d, c, item.low) >= 0 && order(d, c, item.high) <= 0) {
      return true;
    }
  }
  return false;
}

bool relation_holds(const Test& t, const Candidate& c) {
  switch (t.relation) {
    case Relation::Exists:
      return true;
    case Relation::Eq:
      return equal(t.domain, c, t.value);
    case Relation::Lt:
      return order(t.domain, c, t.value) < 0;
    case Relation::Le:
      return order(t.domain, c, t.value) <= 0;
    case Relation::Gt:
      return order(t.domain, c, t.value) > 0;
    case Relation::Ge:
      return order(t.domain, c, t.value) >= 0;
    case Relation::Contains:
      return c.bytes.find(t.value.bytes) != std::string_view::npos;
    case Relation::Matches:
      return t.regex->search(c.bytes);
    case Relation::In:
      return in_set(t.domain, c, t.set);
  }
  return false;
}

// The bytes a slice selects, or false when the slice reaches outside the value (Wireshark:
// that occurrence has no such slice).
bool apply_slice(const std::vector<SliceRange>& slice, std::string_view in, std::string& out) {
  out.clear();
  const auto size = static_cast<std::int64_t>(in.size());
  for (const SliceRange& r : slice) {
    const std::int64_t start = r.start < 0 ? size + r.start : r.start;
    std::int64_t end = 0;  // exclusive
    switch (r.kind) {
      case SliceRange::Kind::Length:
        end = start + r.second;
        break;
      case SliceRange::Kind::End:
        end = (r.second < 0 ? size + r.second : r.second) + 1;
        break;
      case SliceRange::Kind::ToEnd:
        end = size;
        break;
    }
    if (start < 0 || end > size || end < start) return false;
    out.append(in.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)));
  }
  return true;
}

// The bytes of a protocol node. As in Wireshark, `contains` and `matches` search from the
// protocol's start to the end of the frame (its payload included: `udp contains 63:82:53:63`),
// while == and slices see the protocol's own range (eth[0:6]).
std::string_view protocol_bytes(const FieldNode& n, const FrameContext* frame, bool to_end) {
  if (!frame || n.offset > frame->data.size()) return {};
  const std::size_t available = frame->data.size() - n.offset;
  const std::size_t length = to_end ? available : std::min<std::size_t>(n.length, available);
  return {reinterpret_cast<const char*>(frame->data.data()) + n.offset, length};
}

// Reads one tree node as a candidate of the test's source domain; false when it has no
// value of that kind.
bool read_node(const Test& t, const FieldNode& n, const FrameContext* frame, Candidate& c) {
  c.node = &n;
  switch (t.source) {
    case Domain::Number:
      return node_number(n, c.number);
    case Domain::String:
      if (n.kind != ValueKind::String) return false;
      c.bytes = n.str_value;
      return true;
    case Domain::Bytes:
      c.bytes = node_bytes(n, true, scratch().decoded);
      return n.kind == ValueKind::String;
    case Domain::Ipv4:
      return node_ipv4(n, c.ipv4);
    case Domain::Ipv6:
      return node_ipv6(n, c.ipv6);
    case Domain::None:
      c.bytes = protocol_bytes(n, frame,
                               t.relation == Relation::Contains || t.relation == Relation::Matches);
      return true;
  }
  return false;
}

bool read_frame_field(FrameField f, const FrameContext& frame, Candidate& c) {
  switch (f) {
    case FrameField::None:
      return false;
    case FrameField::Protocol:
      c.bytes = {reinterpret_cast<const char*>(frame.data.data()), frame.data.size()};
      return true;
    case FrameField::Number:
      c.number = frame.number;
      return true;
    case FrameField::Len:
      c.number = frame.len;
      return true;
    case FrameField::CapLen:
      c.number = frame.cap_len;
      return true;
    case FrameField::Time:
    case FrameField::TimeEpoch:
      c.number = frame.time_ns;
      return true;
    case FrameField::TimeRelative:
      c.number = frame.relative_ns;
      return true;
    case FrameField::TimeDelta:
      c.number = frame.delta_ns;
      return true;
  }
  return false;
}

// A sliced value: the source's bytes (an address's bytes in network order) cut by the slice.
bool slice_candidate(const Test& t, Candidate& c) {
  char address[16];
  std::string_view whole = c.bytes;
  if (t.source == Domain::Ipv4) {
    for (int i = 0; i < 4; ++i) address[i] = static_cast<char>(c.ipv4 >> (24 - 8 * i));
    whole = {address, 4};
  } else if (t.source == Domain::Ipv6) {
    std::memcpy(address, c.ipv6, 16);
    whole = {address, 16};
  }
  std::string& out = scratch().sliced;
  if (!apply_slice(t.slice, whole, out)) return false;
  c.bytes = out;
  return true;
}

// One occurrence: -1 when it has no value to test, else whether the relation holds
// (negated per occurrence for != and !==).
int test_occurrence(const Test& t, Candidate& c) {
  if (!t.slice.empty() && !slice_candidate(t, c)) return -1;
  return relation_holds(t, c) != t.negate_each ? 1 : 0;
}

// A _ws pseudo-protocol: present or not (it has no bytes or value of its own to compare).
bool tree_fact_holds(const Test& t, const FieldTree& tree) {
  const Severity least = t.tree_fact == TreeFact::Malformed ? Severity::Error : Severity::Warn;
  return t.relation == Relation::Exists && tree.count_warnings(least) > 0;
}

bool run_test(const Test& t, const FieldTree& tree, const FrameContext* frame) {
  if (t.tree_fact != TreeFact::None) return tree_fact_holds(t, tree);
  bool seen = false;
  // Quantifiers: any — the first occurrence that holds decides; all — the first that fails.
  auto decide = [&](int r, bool& done) {
    if (r < 0) return false;
    seen = true;
    if (t.all ? r == 0 : r == 1) done = true;
    return done;
  };
  bool done = false;
  Candidate c;
  if (t.frame_field != FrameField::None) {
    if (!frame) return t.frame_field == FrameField::Protocol && t.relation == Relation::Exists;
    if (!read_frame_field(t.frame_field, *frame, c)) return false;
    if (t.relation == Relation::Exists) return true;
    decide(test_occurrence(t, c), done);
  } else {
    for (std::size_t i = 0; i < tree.size() && !done; ++i) {
      const FieldNode& n = tree[static_cast<NodeId>(i)];
      if (std::find(t.names.begin(), t.names.end(), n.name) == t.names.end()) continue;
      if (t.relation == Relation::Exists) return true;
      c = Candidate{};
      if (!read_node(t, n, frame, c)) continue;
      decide(test_occurrence(t, c), done);
    }
  }
  if (!seen) return false;
  return t.all ? !done : done;
}

bool eval_node(const Program& p, std::int32_t index, const FieldTree& tree,
               const FrameContext* frame) {
  const ExprNode& n = p.nodes[static_cast<std::size_t>(index)];
  switch (n.kind) {
    case NodeKind::And:
      return eval_node(p, n.lhs, tree, frame) && eval_node(p, n.rhs, tree, frame);
    case NodeKind::Or:
      return eval_node(p, n.lhs, tree, frame) || eval_node(p, n.rhs, tree, frame);
    case NodeKind::Xor:
      return eval_node(p, n.lhs, tree, frame) != eval_node(p, n.rhs, tree, frame);
    case NodeKind::Not:
      return !eval_node(p, n.lhs, tree, frame);
    case NodeKind::Test:
      return run_test(p.tests[static_cast<std::size_t>(n.test)], tree, frame);
  }
  return false;
}

}  // namespace

bool evaluate(const Program& program, const FieldTree& tree, const FrameContext* frame) {
  return program.root < 0 || eval_node(program, program.root, tree, frame);
}

}  // namespace pxescope::filter::detail
