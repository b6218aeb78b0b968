// The display filter's parser: tokens -> Program, resolving every name through the field
// registry (an unknown name is an error) and typing every literal against its field.
//
// Grammar (Wireshark 4; lowest precedence first):
//   expr    := xor { ("or" | "||") xor }
//   xor     := and { ("xor" | "^^") and }
//   and     := unary { ("and" | "&&") unary }
//   unary   := ("not" | "!") unary | "(" expr ")" | test
//   test    := FIELD [SLICE] [ relation VALUE | ["not"] "in" "{" item {[","] item} "}" ]
//   item    := VALUE | VALUE ".." VALUE
#include <array>
#include <charconv>

#include "analyzer/filter/filter_lexer.hpp"
#include "analyzer/filter/filter_program.hpp"

namespace pxescope::filter::detail {
namespace {

using fields::FieldType;

// Names Wireshark gives to "source or destination" that pxescope's dissectors do not put in
// the tree as hidden nodes (tshark does): the filter reads both fields instead, which keeps
// trees and their JSON as they are. The alias's own name is read too, should a dissector
// ever add it.
struct Alias {
  std::string_view name;
  std::array<std::string_view, 5> fields;  // what it reads (the first is its type's)
};
constexpr Alias kAliases[] = {
    {"eth.addr", {"eth.src", "eth.dst"}},
    {"ip.addr", {"ip.src", "ip.dst"}},
    {"ipv6.addr", {"ipv6.src", "ipv6.dst"}},
    {"udp.port", {"udp.srcport", "udp.dstport"}},
    {"tcp.port", {"tcp.srcport", "tcp.dstport"}},
    {"arp.addr", {"arp.src.proto_ipv4", "arp.dst.proto_ipv4"}},
    {"wlan.addr", {"wlan.ra", "wlan.ta", "wlan.da", "wlan.sa", "wlan.bssid"}},
};

struct FrameName {
  std::string_view name;
  FrameField field;
};
constexpr FrameName kFrameNames[] = {
    {"frame", FrameField::Protocol},
    {"frame.number", FrameField::Number},
    {"frame.len", FrameField::Len},
    {"frame.cap_len", FrameField::CapLen},
    {"frame.time", FrameField::Time},
    {"frame.time_epoch", FrameField::TimeEpoch},
    {"frame.time_relative", FrameField::TimeRelative},
    {"frame.time_delta", FrameField::TimeDelta},
};

struct TreeFactName {
  std::string_view name;
  TreeFact fact;
};
constexpr TreeFactName kTreeFactNames[] = {
    {"_ws.expert", TreeFact::Expert},
    {"_ws.malformed", TreeFact::Malformed},
};

// The relations, with their quantifier: the symbols and Wireshark's word forms.
struct RelationSpelling {
  std::string_view text;
  Relation relation;
  bool all;
  bool negate_each;
};
constexpr RelationSpelling kRelations[] = {
    {"==", Relation::Eq, false, false},
    {"eq", Relation::Eq, false, false},
    {"any_eq", Relation::Eq, false, false},
    {"!=", Relation::Eq, true, true},
    {"ne", Relation::Eq, true, true},
    {"all_ne", Relation::Eq, true, true},
    {"===", Relation::Eq, true, false},
    {"all_eq", Relation::Eq, true, false},
    {"!==", Relation::Eq, false, true},
    {"any_ne", Relation::Eq, false, true},
    {"<", Relation::Lt, false, false},
    {"lt", Relation::Lt, false, false},
    {"<=", Relation::Le, false, false},
    {"le", Relation::Le, false, false},
    {">", Relation::Gt, false, false},
    {"gt", Relation::Gt, false, false},
    {">=", Relation::Ge, false, false},
    {"ge", Relation::Ge, false, false},
    {"contains", Relation::Contains, false, false},
    {"matches", Relation::Matches, false, false},
    {"~", Relation::Matches, false, false},
};

constexpr std::string_view kKeywords[] = {"and", "or", "xor", "not", "in"};

bool is_keyword(std::string_view w) {
  for (std::string_view k : kKeywords)
    if (w == k) return true;
  for (const RelationSpelling& r : kRelations)
    if (w == r.text) return true;
  return false;
}

bool parse_int32(std::string_view s, std::int32_t& out) {
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

// One range of a slice: "0:3", "1-3", "-1", "2", "2:", ":2".
bool parse_slice_range(std::string_view s, SliceRange& out) {
  if (const std::size_t colon = s.find(':'); colon != std::string_view::npos) {
    const std::string_view a = s.substr(0, colon), b = s.substr(colon + 1);
    out.start = 0;
    if (!a.empty() && !parse_int32(a, out.start)) return false;
    if (b.empty()) {
      out.kind = SliceRange::Kind::ToEnd;
      return true;
    }
    out.kind = SliceRange::Kind::Length;
    return parse_int32(b, out.second) && out.second >= 0;
  }
  // "a-b": a dash after the first character (a leading one is a negative start).
  if (const std::size_t dash = s.find('-', 1); dash != std::string_view::npos) {
    out.kind = SliceRange::Kind::End;
    return parse_int32(s.substr(0, dash), out.start) && parse_int32(s.substr(dash + 1), out.second);
  }
  out.kind = SliceRange::Kind::Length;
  out.second = 1;
  return parse_int32(s, out.start);
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, Program& out) : tokens_(std::move(tokens)), out_(out) {}

  bool run(std::string& error) {
    if (peek().kind != TokenKind::End) {
      out_.root = parse_or();
      if (ok_ && peek().kind != TokenKind::End)
        fail(peek(), "unexpected '" + peek().text.substr(0, 12) + "'");
    }
    if (!ok_) error = error_;
    return ok_;
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& take() {
    const Token& t = peek();
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool fail(const Token& at, std::string_view message) {
    if (!ok_) return false;  // the first error is the one that explains
    ok_ = false;
    error_ = "column " + std::to_string(at.column) + ": ";
    error_ += message;
    return false;
  }
  // Accepts a symbol or a keyword from `spellings`.
  bool accept(std::initializer_list<std::string_view> spellings) {
    const Token& t = peek();
    if (t.kind != TokenKind::Symbol && t.kind != TokenKind::Word) return false;
    for (std::string_view s : spellings)
      if (t.text == s) {
        take();
        return true;
      }
    return false;
  }
  std::int32_t add(ExprNode n) {
    out_.nodes.push_back(n);
    return static_cast<std::int32_t>(out_.nodes.size() - 1);
  }
  std::int32_t binary(NodeKind k, std::int32_t l, std::int32_t r) { return add({k, l, r, -1}); }

  std::int32_t parse_or() {
    std::int32_t left = parse_xor();
    while (ok_ && accept({"||", "or"})) left = binary(NodeKind::Or, left, parse_xor());
    return left;
  }
  std::int32_t parse_xor() {
    std::int32_t left = parse_and();
    while (ok_ && accept({"^^", "xor"})) left = binary(NodeKind::Xor, left, parse_and());
    return left;
  }
  std::int32_t parse_and() {
    std::int32_t left = parse_unary();
    while (ok_ && accept({"&&", "and"})) left = binary(NodeKind::And, left, parse_unary());
    return left;
  }
  std::int32_t parse_unary() {
    if (accept({"!", "not"})) return add({NodeKind::Not, parse_unary(), -1, -1});
    if (peek().kind == TokenKind::LParen) {
      take();
      const std::int32_t inner = parse_or();
      if (ok_ && peek().kind != TokenKind::RParen) fail(peek(), "missing ')'");
      take();
      return inner;
    }
    return parse_test();
  }

  // Resolves a field name into `t`; false (with the error) when it is not registered.
  bool resolve(const Token& name, Test& t) {
    for (const FrameName& f : kFrameNames)
      if (name.text == f.name) {
        // frame_fields.cpp registers them; read from the frame, not the tree.
        const fields::RegisteredField* reg = fields::find_field(f.name);
        if (!reg) return fail(name, name.text + " is not a known field");
        t.frame_field = f.field;
        t.type = reg->info.type;
        return true;
      }
    const fields::RegisteredField* reg = fields::find_field(name.text);
    for (const TreeFactName& f : kTreeFactNames)
      if (reg && name.text == f.name) {
        t.tree_fact = f.fact;
        t.type = reg->info.type;
        return true;
      }
    for (const Alias& a : kAliases) {
      if (name.text != a.name) continue;
      const fields::RegisteredField* target = fields::find_field(a.fields[0]);
      if (!reg && !target) break;
      t.names = {a.name};
      for (std::string_view f : a.fields)
        if (!f.empty()) t.names.push_back(f);
      t.type = (reg ? reg : target)->info.type;
      return true;
    }
    if (!reg) return fail(name, name.text + " is not a known field");
    t.names = {reg->info.name};
    t.type = reg->info.type;
    return true;
  }

  std::int32_t parse_test() {
    const Token& name = take();
    if (name.kind == TokenKind::End)
      return fail(name, "expected a field name or '(' at the end of the filter"), -1;
    if (name.kind != TokenKind::Word || is_keyword(name.text))
      return fail(name, "expected a field name, found '" + name.text + "'"), -1;
    Test t;
    if (!resolve(name, t)) return -1;
    t.source = t.domain = domain_of(t.type);
    if (t.frame_field == FrameField::Protocol) t.source = t.domain = Domain::None;
    if (peek().kind == TokenKind::Slice && !parse_slice(name, take(), t)) return -1;

    const Token& op = peek();
    if (accept({"in"})) {
      if (!parse_set(name, t)) return -1;
    } else if (op.kind == TokenKind::Word && op.text == "not" && peek(1).kind == TokenKind::Word &&
               peek(1).text == "in") {
      take();
      take();
      if (!parse_set(name, t)) return -1;
      t.all = true;  // "not in": no occurrence is in the set
      t.negate_each = true;
    } else if (const RelationSpelling* r = relation_at(op)) {
      take();
      t.relation = r->relation;
      t.all = r->all;
      t.negate_each = r->negate_each;
      if (!check_relation(name, op, t) || !parse_value(name, op, t)) return -1;
    }
    out_.tests.push_back(std::move(t));
    return add({NodeKind::Test, -1, -1, static_cast<std::int32_t>(out_.tests.size() - 1)});
  }

  const RelationSpelling* relation_at(const Token& t) const {
    if (t.kind != TokenKind::Symbol && t.kind != TokenKind::Word) return nullptr;
    for (const RelationSpelling& r : kRelations)
      if (t.text == r.text) return &r;
    return nullptr;
  }

  bool parse_slice(const Token& name, const Token& slice, Test& t) {
    if (t.source == Domain::Number)
      return fail(slice, name.text + " is " + std::string(fields::field_type_name(t.type)) +
                             ": only strings, bytes, addresses and protocols can be sliced");
    std::string_view rest = slice.text;
    while (true) {
      const std::size_t comma = rest.find(',');
      std::string_view part = rest.substr(0, comma);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
      SliceRange range;
      if (!parse_slice_range(part, range))
        return fail(slice, "'[" + slice.text + "]' is not a slice (e.g. [0:3], [1-3], [-1], [2:])");
      t.slice.push_back(range);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    t.domain = Domain::Bytes;
    return true;
  }

  // Which relations a domain supports, as Wireshark's type checks.
  bool check_relation(const Token& name, const Token& op, Test& t) {
    const std::string type(fields::field_type_name(t.type));
    if (t.domain == Domain::None &&
        !(t.relation == Relation::Contains || t.relation == Relation::Matches))
      return fail(op, name.text + " has no value to compare: test it alone (" + name.text +
                          ") or slice it (" + name.text + "[0:4])");
    if (t.relation == Relation::Contains &&
        (t.domain == Domain::Number || t.domain == Domain::Ipv4 || t.domain == Domain::Ipv6))
      return fail(
          op, "'contains' needs a string, bytes or protocol field; " + name.text + " is " + type);
    if (t.relation == Relation::Matches &&
        !(t.domain == Domain::String || t.domain == Domain::Bytes || t.domain == Domain::None))
      return fail(op, "'" + op.text + "' needs a string field; " + name.text + " is " + type);
    // Protocols' contents are bytes.
    if (t.domain == Domain::None) t.domain = Domain::Bytes;
    return true;
  }

  bool parse_value(const Token& name, const Token& op, Test& t) {
    const Token& v = take();
    if (v.kind != TokenKind::Word && v.kind != TokenKind::String)
      return fail(v, "expected a value after '" + op.text + "'");
    if (t.relation == Relation::Matches) {
      std::string error;
      t.regex = Regex::compile(v.text, error);
      return t.regex || fail(v, "bad regular expression: " + error);
    }
    if (!literal(name, v, t, t.value)) return false;
    const bool ordering = t.relation == Relation::Lt || t.relation == Relation::Le ||
                          t.relation == Relation::Gt || t.relation == Relation::Ge;
    if (ordering && !t.value.value_name.empty())
      return fail(v, "'" + op.text + "' needs a number, not '" + v.text + "'");
    return true;
  }

  bool literal(const Token& name, const Token& v, const Test& t, Value& out) {
    if (v.kind == TokenKind::Word && is_keyword(v.text))
      return fail(v, "expected a value, found '" + v.text + "'");
    std::string error;
    // A slice, or a part of a MAC that `contains` looks for, is any byte string.
    const bool any_bytes =
        !t.slice.empty() || (t.relation == Relation::Contains && t.type == FieldType::Ether);
    const FieldType type = any_bytes ? FieldType::Bytes : t.type;
    Domain domain = t.domain;
    if (!parse_literal(v.text, v.kind == TokenKind::String, type, domain, name.text, out, error)) {
      if (v.kind == TokenKind::Word && fields::is_registered(v.text))
        return fail(v, "comparing two fields (" + name.text + ", " + v.text +
                           ") is not supported: compare with a value");
      return fail(v, error);
    }
    return true;
  }

  // "{" item {[","] item} "}", an item a value or a range low..high.
  bool parse_set(const Token& name, Test& t) {
    t.relation = Relation::In;
    if (t.domain == Domain::None)
      return fail(name, name.text + " has no value to compare: test it alone (" + name.text + ")");
    const Token& open = take();
    if (open.kind != TokenKind::LBrace) return fail(open, "expected '{' after 'in'");
    while (ok_) {
      const Token& v = take();
      if (v.kind == TokenKind::RBrace) {
        if (t.set.empty()) return fail(v, "empty set: put values between the braces");
        return true;
      }
      if (v.kind == TokenKind::Comma && !t.set.empty()) continue;
      if (v.kind == TokenKind::End) return fail(v, "missing '}' after the set");
      if (v.kind != TokenKind::Word && v.kind != TokenKind::String)
        return fail(v, "expected a value in the set, found '" + v.text + "'");
      SetItem item;
      const std::size_t dots = v.kind == TokenKind::Word ? v.text.find("..") : std::string::npos;
      if (dots != std::string::npos) {
        Token low = v, high = v;
        low.text = v.text.substr(0, dots);
        high.text = v.text.substr(dots + 2);
        high.column = v.column + static_cast<std::uint32_t>(dots + 2);
        if (low.text.empty() || high.text.empty())
          return fail(v, "a range needs both ends (e.g. 1..10)");
        item.range = true;
        if (!literal(name, low, t, item.low) || !literal(name, high, t, item.high)) return false;
      } else {
        if (!literal(name, v, t, item.low)) return false;
        if (peek().kind == TokenKind::Word && peek().text == "..") {  // "a" .. "b"
          take();
          item.range = true;
          if (!literal(name, take(), t, item.high)) return false;
        }
      }
      if (item.range && (!item.low.value_name.empty() || !item.high.value_name.empty()))
        return fail(v, "a range needs numbers, not names");
      t.set.push_back(std::move(item));
    }
    return false;
  }

  std::vector<Token> tokens_;
  Program& out_;
  std::size_t pos_ = 0;
  bool ok_ = true;
  std::string error_;
};

}  // namespace

std::shared_ptr<const Program> parse_program(std::string_view text, std::string& error) {
  std::vector<Token> tokens;
  if (!tokenize(text, tokens, error)) return nullptr;
  auto program = std::make_shared<Program>();
  Parser parser(std::move(tokens), *program);
  if (!parser.run(error)) return nullptr;
  return program;
}

}  // namespace pxescope::filter::detail
