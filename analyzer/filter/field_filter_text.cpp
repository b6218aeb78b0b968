#include "analyzer/filter/field_filter_text.hpp"

#include <cstdio>

#include "analyzer/fields/field_registry.hpp"
#include "analyzer/filter/display_filter.hpp"

namespace pxescope::filter {
namespace {

using fields::FieldType;

// "…" with the two characters the filter lexer treats specially escaped.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string dotted(std::uint64_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", unsigned(v >> 24 & 0xff), unsigned(v >> 16 & 0xff),
                unsigned(v >> 8 & 0xff), unsigned(v & 0xff));
  return buf;
}

bool parses(const std::string& text) {
  std::string error;
  return DisplayFilter::parse(text, error).has_value();
}

}  // namespace

std::string filter_literal(const FieldNode& node) {
  const fields::RegisteredField* f = fields::find_field(node.name);
  if (!f) return {};
  const FieldType type = f->info.type;
  switch (node.kind) {
    case ValueKind::None:
      return {};
    case ValueKind::Bool:
      return node.uint_value ? "1" : "0";
    case ValueKind::Int:
      return std::to_string(node.int_value);
    case ValueKind::UInt:
      if (type == FieldType::Ipv4) return dotted(node.uint_value);
      return std::to_string(node.uint_value);
    case ValueKind::String:
      if (node.str_value.empty()) return type == FieldType::String ? "\"\"" : std::string();
      switch (type) {
        case FieldType::String:
          return quoted(node.str_value);
        case FieldType::Protocol:
        case FieldType::Label:
          return {};
        default:
          return node.str_value;  // numbers, MACs, addresses, colon hex: as tshark prints them
      }
  }
  return {};
}

std::string filter_for_node(const FieldNode& node) {
  if (!fields::is_registered(node.name)) return {};
  std::string name(node.name);
  const std::string literal = filter_literal(node);
  if (!literal.empty()) {
    std::string text = name + " == " + literal;
    if (parses(text)) return text;
  }
  return parses(name) ? name : std::string();
}

std::string combine_filter(std::string_view current, std::string_view selected, FilterCombine how) {
  const std::string sel(selected);
  const std::string negated = "!(" + sel + ")";
  std::string cur(current);
  while (!cur.empty() && (cur.back() == ' ' || cur.back() == '\t')) cur.pop_back();
  while (!cur.empty() && (cur.front() == ' ' || cur.front() == '\t')) cur.erase(0, 1);
  auto join = [&](const char* op, const std::string& right) {
    if (cur.empty()) return right;
    return "(" + cur + ") " + op + " (" + right + ")";
  };
  switch (how) {
    case FilterCombine::Selected:
      return sel;
    case FilterCombine::NotSelected:
      return negated;
    case FilterCombine::AndSelected:
      return join("&&", sel);
    case FilterCombine::OrSelected:
      return join("||", sel);
    case FilterCombine::AndNotSelected:
      return join("&&", negated);
    case FilterCombine::OrNotSelected:
      return join("||", negated);
  }
  return sel;
}

}  // namespace pxescope::filter
