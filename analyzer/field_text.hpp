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
  if (v < info->names.size() && info->names[v].value == v) {
    name = info->names[v].name;  // a dense table from 0 (DHCP option codes): no search
  } else {
    const auto it =
        std::lower_bound(info->names.begin(), info->names.end(), v,
                         [](const fields::ValueName& vn, std::uint64_t x) { return vn.value < x; });
    if (it != info->names.end() && it->value == v) name = it->name;
  }
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

// The longest line the header dissectors printed into their 256-byte line buffer: a
// "label: value" line keeps that cut (and stops at a NUL, as printf's %.*s did), so the
// lazy line is the line they stored before.
inline constexpr std::size_t kMaxLabeledLine = 255;

inline std::string_view labeled_value(std::string_view label, std::string_view v) {
  const std::size_t nul = v.find('\0');
  if (nul != std::string_view::npos) v = v.substr(0, nul);
  const std::size_t room =
      label.size() + 2 < kMaxLabeledLine ? kMaxLabeledLine - label.size() - 2 : 0;
  return v.substr(0, room);
}

// A line made from a NodeLine style (field_tree.hpp); the value parts come from the node.
template <typename Sink>
void put_styled_text(const FieldNode& n, Sink& out) {
  const NodeLine& l = n.line;
  const int digits = l.digits ? l.digits : 1;
  auto ipv4 = [&](std::uint64_t a) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.decimal((a >> shift) & 0xff);
      if (shift) out.trusted(".");
    }
  };
  auto value = [&] {
    switch (n.kind) {
      case ValueKind::String:
        return out.value(labeled_value(l.label, n.str_value));
      case ValueKind::Int:
        return out.signed_decimal(n.int_value);
      case ValueKind::Bool:
        return out.trusted(n.uint_value ? "True" : "False");
      case ValueKind::UInt:
      case ValueKind::None:
        return out.decimal(n.uint_value);
    }
  };
  if (l.style == LineStyle::Status) {
    out.trusted("[");
    out.trusted(l.label);
    out.trusted(" status: ");
    out.trusted(l.extra);
    out.trusted("]");
    return;
  }
  out.trusted(l.label);
  switch (l.style) {
    case LineStyle::Default:
    case LineStyle::Status:
    case LineStyle::Labeled:
      out.trusted(": ");
      return value();
    case LineStyle::Named:
      out.trusted(": ");
      out.trusted(l.extra);
      out.trusted(" (");
      value();
      return out.trusted(")");
    case LineStyle::Hex:
      out.trusted(": ");
      out.hex(n.uint_value, digits);
      return out.trusted(l.extra);
    case LineStyle::HexDecimal:
      out.trusted(": ");
      out.hex(n.uint_value, digits);
      out.trusted(" (");
      value();
      return out.trusted(")");
    case LineStyle::Bytes:
      out.trusted(": ");
      value();
      out.trusted(" bytes (");
      out.decimal(l.aux);
      return out.trusted(")");
    case LineStyle::Flag:
      return out.trusted(n.uint_value ? ": Set" : ": Not set");
    case LineStyle::Ipv4Pair:
      out.trusted(", Src: ");
      ipv4(l.aux >> 32);
      out.trusted(", Dst: ");
      return ipv4(l.aux & 0xffffffffu);
    case LineStyle::PortPair:
      out.trusted(", Src Port: ");
      out.decimal(l.aux >> 16);
      out.trusted(", Dst Port: ");
      return out.decimal(l.aux & 0xffff);
  }
}

// The registration that makes `n`'s default text (nullptr: none, or the text is stored).
inline const fields::FieldInfo* default_text_info(const FieldNode& n) {
  return n.has_text ? nullptr : n.info;
}

// A node's line when no text is stored: its style's, or the registry's default made with
// `info` (the node's registration, looked up once by the caller).
template <typename Sink>
void put_lazy_text(const FieldNode& n, const fields::FieldInfo* info, Sink& out) {
  if (n.line.style == LineStyle::Default) return put_default_text(n, info, out);
  put_styled_text(n, out);
}

// Writes `digits`+ lowercase hex digits of v (no "0x") ending at `end`; returns the start.
inline char* hex_digits_before(char* end, std::uint64_t v, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  char* p = end;
  for (int n = 0; v || n < digits; ++n, v >>= 4) *--p = kHex[v & 0xf];
  return p;
}

}  // namespace pxescope
