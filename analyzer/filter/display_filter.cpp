#include "analyzer/filter/display_filter.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "analyzer/ascii.hpp"

namespace pxescope::filter {
namespace {

bool icontains(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    std::size_t j = 0;
    while (j < needle.size() && ascii_lower(hay[i + j]) == needle[j]) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

std::optional<std::int64_t> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  if (s[0] == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
}

// "DHCP Message Type: Discover (1)" -> "Discover": lets `dhcp.option.dhcp == discover` work
// on enum fields whose value is a number.
std::string_view value_name_in_text(std::string_view text) {
  auto colon = text.rfind(": ");
  if (colon == std::string_view::npos) return {};
  std::string_view rest = text.substr(colon + 2);
  if (!rest.empty() && rest.back() == ')') {
    auto open = rest.rfind(" (");
    if (open != std::string_view::npos) rest = rest.substr(0, open);
  }
  return rest;
}

bool is_field_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

bool is_bare_value_char(char c) {
  return c != ' ' && c != '\t' && c != '(' && c != ')' && c != '&' && c != '|' && c != '!' &&
         c != '<' && c != '>' && c != '=' && c != '"';
}

}  // namespace

// Recursive descent over the text; builds DisplayFilter::nodes_.
class Parser {
 public:
  Parser(std::string_view text, DisplayFilter& out) : s_(text), out_(out) {}

  bool run(std::string& error) {
    skip_blank();
    if (pos_ == s_.size()) return true;  // empty filter
    out_.root_ = parse_or();
    skip_blank();
    if (ok_ && pos_ != s_.size()) fail("unexpected '" + std::string(s_.substr(pos_, 12)) + "'");
    if (!ok_) error = error_;
    return ok_;
  }

 private:
  using Node = DisplayFilter::Node;
  using Kind = DisplayFilter::Kind;

  void skip_blank() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  void fail(std::string message) {
    if (!ok_) return;  // keep the first error: it is the one that explains
    ok_ = false;
    error_ = "column " + std::to_string(pos_ + 1) + ": " + message;
  }
  // Accepts a symbol (like "&&") or a keyword (like "and", which must end at a word boundary).
  bool accept(std::string_view token) {
    skip_blank();
    if (s_.substr(pos_, token.size()) != token) return false;
    const bool word = is_field_char(token.front());
    if (word && pos_ + token.size() < s_.size() && is_field_char(s_[pos_ + token.size()]))
      return false;
    pos_ += token.size();
    return true;
  }
  std::int32_t add(Node n) {
    out_.nodes_.push_back(std::move(n));
    return static_cast<std::int32_t>(out_.nodes_.size() - 1);
  }
  std::int32_t binary(Kind k, std::int32_t l, std::int32_t r) {
    Node n;
    n.kind = k;
    n.lhs = l;
    n.rhs = r;
    return add(std::move(n));
  }

  std::int32_t parse_or() {
    std::int32_t left = parse_and();
    while (ok_ && (accept("||") || accept("or"))) left = binary(Kind::Or, left, parse_and());
    return left;
  }
  std::int32_t parse_and() {
    std::int32_t left = parse_unary();
    while (ok_ && (accept("&&") || accept("and"))) left = binary(Kind::And, left, parse_unary());
    return left;
  }
  std::int32_t parse_unary() {
    if (accept("!") || accept("not")) {
      Node n;
      n.kind = Kind::Not;
      n.lhs = parse_unary();
      return add(std::move(n));
    }
    return parse_primary();
  }
  std::int32_t parse_primary() {
    skip_blank();
    if (pos_ == s_.size()) {
      fail("expected a field name or '(' at the end of the filter");
      return -1;
    }
    if (accept("(")) {
      std::int32_t inner = parse_or();
      if (ok_ && !accept(")")) fail("missing ')'");
      return inner;
    }
    const std::size_t start = pos_;
    while (pos_ < s_.size() && is_field_char(s_[pos_])) ++pos_;
    if (pos_ == start) {
      fail("expected a field name, found '" + std::string(1, s_[pos_]) + "'");
      return -1;
    }
    Node n;
    n.field.assign(s_.substr(start, pos_ - start));
    n.op = parse_operator();
    if (!ok_) return -1;
    if (n.op != CompareOp::Exists && !parse_value(n)) return -1;
    return add(std::move(n));
  }
  CompareOp parse_operator() {
    struct Spelling {
      std::string_view text;
      CompareOp op;
    };
    // Longest symbols first so "<=" is not read as "<".
    static constexpr Spelling kOps[] = {{"==", CompareOp::Eq},
                                        {"!=", CompareOp::Ne},
                                        {"<=", CompareOp::Le},
                                        {">=", CompareOp::Ge},
                                        {"<", CompareOp::Lt},
                                        {">", CompareOp::Gt},
                                        {"eq", CompareOp::Eq},
                                        {"ne", CompareOp::Ne},
                                        {"le", CompareOp::Le},
                                        {"ge", CompareOp::Ge},
                                        {"lt", CompareOp::Lt},
                                        {"gt", CompareOp::Gt},
                                        {"contains", CompareOp::Contains}};
    for (const auto& o : kOps) {
      const std::size_t save = pos_;
      if (accept(o.text)) {
        last_op_ = o.text;
        return o.op;
      }
      pos_ = save;
    }
    skip_blank();
    if (pos_ < s_.size() && s_[pos_] == '=') fail("'=' is not an operator: use '=='");
    return CompareOp::Exists;
  }
  bool parse_value(Node& n) {
    skip_blank();
    if (pos_ == s_.size()) {
      fail("expected a value after '" + std::string(last_op_) + "'");
      return false;
    }
    std::string value;
    if (s_[pos_] == '"') {
      ++pos_;
      bool closed = false;
      while (pos_ < s_.size()) {
        char c = s_[pos_++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && pos_ < s_.size()) c = s_[pos_++];
        value.push_back(c);
      }
      if (!closed) {
        fail("unterminated string: add the closing '\"'");
        return false;
      }
    } else {
      const std::size_t start = pos_;
      while (pos_ < s_.size() && is_bare_value_char(s_[pos_])) ++pos_;
      if (pos_ == start) {
        fail("expected a value after '" + std::string(last_op_) + "'");
        return false;
      }
      value.assign(s_.substr(start, pos_ - start));
      n.number = parse_number(value);
    }
    const bool ordering = n.op == CompareOp::Lt || n.op == CompareOp::Le || n.op == CompareOp::Gt ||
                          n.op == CompareOp::Ge;
    if (ordering && !n.number) {
      // Appended piece by piece: GCC 12 at -O3 flags the chained operator+ (a false
      // -Wrestrict, GCC bug 105329) and -Werror would stop a Release build.
      std::string message = "'";
      message.append(last_op_).append("' needs a number, not '").append(value).append("'");
      fail(message);
      return false;
    }
    n.value = ascii_lowercase(value);
    return true;
  }

  std::string_view s_;
  DisplayFilter& out_;
  std::size_t pos_ = 0;
  bool ok_ = true;
  std::string error_;
  std::string_view last_op_;
};

std::optional<DisplayFilter> DisplayFilter::parse(std::string_view text, std::string& error) {
  DisplayFilter f;
  f.text_.assign(text);
  Parser p(text, f);
  if (!p.run(error)) return std::nullopt;
  return f;
}

bool DisplayFilter::matches(const FieldTree& tree) const {
  return root_ < 0 || eval(root_, tree);
}

bool DisplayFilter::eval(std::int32_t index, const FieldTree& tree) const {
  const Node& n = nodes_[static_cast<std::size_t>(index)];
  switch (n.kind) {
    case Kind::And:
      return eval(n.lhs, tree) && eval(n.rhs, tree);
    case Kind::Or:
      return eval(n.lhs, tree) || eval(n.rhs, tree);
    case Kind::Not:
      return !eval(n.lhs, tree);
    case Kind::Compare:
      break;
  }
  bool present = false;
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const FieldNode& field = tree[static_cast<NodeId>(i)];
    if (field.name != n.field) continue;
    present = true;
    if (n.op == CompareOp::Exists) return true;
    if (n.op == CompareOp::Ne) {
      Node eq = n;  // rare path: evaluate as "==" and invert per node
      eq.op = CompareOp::Eq;
      if (compare(eq, field)) return false;
      continue;
    }
    if (compare(n, field)) return true;
  }
  return n.op == CompareOp::Ne && present;
}

bool DisplayFilter::compare(const Node& n, const FieldNode& field) const {
  const bool numeric = field.kind == ValueKind::UInt || field.kind == ValueKind::Bool ||
                       field.kind == ValueKind::Int;
  const std::int64_t field_number =
      field.kind == ValueKind::Int ? field.int_value : static_cast<std::int64_t>(field.uint_value);
  // The value as tshark would print it (no allocation: numbers are formatted on the stack).
  char digits[24];
  thread_local std::string scratch;  // the node's line, made only when a comparison needs it
  const auto text = [&field] { return node_text(field, scratch); };
  std::string_view display;
  if (numeric) {
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, field_number);
    display = std::string_view(digits, ec == std::errc() ? end - digits : 0);
  } else if (field.kind == ValueKind::String) {
    display = field.str_value;
  } else {
    display = text();
  }

  switch (n.op) {
    case CompareOp::Eq:
      if (numeric && n.number) return field_number == *n.number;
      if (numeric) return ascii_iequals(value_name_in_text(text()), n.value);
      return ascii_iequals(display, n.value);
    case CompareOp::Contains:
      return icontains(display, n.value) || (numeric && icontains(text(), n.value));
    case CompareOp::Lt:
      return numeric && field_number < *n.number;
    case CompareOp::Le:
      return numeric && field_number <= *n.number;
    case CompareOp::Gt:
      return numeric && field_number > *n.number;
    case CompareOp::Ge:
      return numeric && field_number >= *n.number;
    case CompareOp::Exists:
    case CompareOp::Ne:
      break;  // handled by eval()
  }
  return false;
}

}  // namespace pxescope::filter
