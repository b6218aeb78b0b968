// The default text of a node whose line was not stored: "Description: value", from the
// field registry. One formatter, written against a sink, so that the JSON writer puts the
// text straight into its output (escaping only the value) and node_text() into a string.
#pragma once

#include <algorithm>

#include "analyzer/field_tree.hpp"
#include "analyzer/fields/field_registry.hpp"

namespace pxescope {

// Sink: trusted(string_view) for registry text (descriptions, value names, punctuation),
// value(string_view) for anything else (may need escaping), decimal(uint64),
// signed_decimal(int64), hex(uint64, digits) ("0x" + at least `digits` digits).
template <typename Sink>
void put_default_text(const FieldNode& n, const fields::FieldInfo* info, Sink& out) {
  // A node without a registration still shows what it is: its name.
  info ? out.trusted(info->description) : out.value(n.name);
  if (n.kind == ValueKind::None) return;
  out.trusted(": ");
  switch (n.kind) {
    case ValueKind::String:
      out.value(n.str_value);
      return;
    case ValueKind::Int:
      out.signed_decimal(n.int_value);
      return;
    case ValueKind::Bool:
      out.trusted(n.uint_value ? "True" : "False");
      return;
    case ValueKind::None:
    case ValueKind::UInt:
      break;
  }
  const std::uint64_t v = n.uint_value;
  const int digits = info ? info->hex_digits : 0;
  auto number = [&] { digits ? out.hex(v, digits) : out.decimal(v); };
  if (!info || info->names.empty()) return number();
  std::string_view name = "Unknown";  // as Wireshark shows a value its table lacks
  const auto it =
      std::lower_bound(info->names.begin(), info->names.end(), v,
                       [](const fields::ValueName& vn, std::uint64_t x) { return vn.value < x; });
  if (it != info->names.end() && it->value == v) name = it->name;
  if (info->code_first) {  // "(3) Router"
    out.trusted("(");
    number();
    out.trusted(") ");
    out.trusted(name);
    return;
  }
  out.trusted(name);
  out.trusted(" (");
  number();
  out.trusted(")");
}

// The registration that makes `n`'s default text (nullptr: none, or the text is stored).
inline const fields::FieldInfo* default_text_info(const FieldNode& n) {
  return n.has_text ? nullptr : fields::find_field_info_cached(n.name);
}

// Writes `digits`+ lowercase hex digits of v (no "0x") ending at `end`; returns the start.
inline char* hex_digits_before(char* end, std::uint64_t v, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  char* p = end;
  for (int n = 0; v || n < digits; ++n, v >>= 4) *--p = kHex[v & 0xf];
  return p;
}

}  // namespace pxescope
