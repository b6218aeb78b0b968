// Field tree -> JSON and -> tshark -V style text. Hand-written and allocation-free once the
// output string has grown: the JSON path runs once per packet in `pxescope analyze --json`.
#include "analyzer/render.hpp"

#include <charconv>
#include <cstring>

namespace pxescope {
namespace {

constexpr char kHex[] = "0123456789abcdef";

template <typename Int>
void append_number(Int v, std::string& out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;  // 24 chars always hold a 64-bit integer
  out.append(buf, end);
}

void append_literal(std::string& out, std::string_view s) { out.append(s.data(), s.size()); }

// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 when the bytes there are not valid UTF-8.
std::size_t utf8_sequence_length(const unsigned char* s, std::size_t n) {
  const unsigned char b0 = s[0];
  auto cont = [&](std::size_t k) { return k < n && (s[k] & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (b0 == 0xE0 && s[1] < 0xA0) return 0;   // overlong
    if (b0 == 0xED && s[1] >= 0xA0) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (b0 == 0xF0 && s[1] < 0x90) return 0;   // overlong
    if (b0 == 0xF4 && s[1] >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;  // stray continuation byte, C0/C1, F5..FF
}

void append_value_json(const FieldNode& n, std::string& out) {
  switch (n.kind) {
    case ValueKind::None: append_literal(out, "null"); return;
    case ValueKind::UInt: append_number(n.uint_value, out); return;
    case ValueKind::Int: append_number(n.int_value, out); return;
    case ValueKind::Bool: append_literal(out, n.uint_value ? "true" : "false"); return;
    case ValueKind::String: append_json_string(n.str_value, out); return;
  }
  append_literal(out, "null");
}

void append_value_text(const FieldNode& n, std::string& out) {
  switch (n.kind) {
    case ValueKind::None: return;
    case ValueKind::UInt: append_number(n.uint_value, out); return;
    case ValueKind::Int: append_number(n.int_value, out); return;
    case ValueKind::Bool: append_literal(out, n.uint_value ? "True" : "False"); return;
    case ValueKind::String: out += n.str_value; return;
  }
}

void append_node_text(const FieldTree& tree, NodeId id, std::string& out, int indent) {
  const FieldNode& n = tree[id];
  out.append(static_cast<std::size_t>(indent) * 4, ' ');
  if (!n.text.empty()) {
    out += n.text;
  } else {
    // A node without human text still shows what it is.
    out.append(n.name.data(), n.name.size());
    if (n.kind != ValueKind::None) {
      append_literal(out, ": ");
      append_value_text(n, out);
    }
  }
  out += '\n';
  for (const Warning& w : n.warnings) {
    out.append(static_cast<std::size_t>(indent + 1) * 4, ' ');
    out += '[';
    append_literal(out, severity_name(w.severity));
    append_literal(out, ": ");
    out += w.message;
    append_literal(out, "]\n");
  }
  tree.for_each_child(id, [&](NodeId c) { append_node_text(tree, c, out, indent + 1); });
}

}  // namespace

void append_json_string(std::string_view s, std::string& out) {
  out += '"';
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t run_start = 0;  // bytes [run_start, i) are copied verbatim in one append
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (std::size_t len = utf8_sequence_length(p + i, n - i)) {
        i += len;
        continue;
      }
    }
    out.append(s.data() + run_start, i - run_start);
    switch (c) {
      case '"': append_literal(out, "\\\""); break;
      case '\\': append_literal(out, "\\\\"); break;
      case '\n': append_literal(out, "\\n"); break;
      case '\r': append_literal(out, "\\r"); break;
      case '\t': append_literal(out, "\\t"); break;
      case '\b': append_literal(out, "\\b"); break;
      case '\f': append_literal(out, "\\f"); break;
      default:
        if (c < 0x20) {
          const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
          out.append(esc, sizeof esc);
        } else {
          append_literal(out, "\\ufffd");  // a byte that is not valid UTF-8
        }
    }
    run_start = ++i;
  }
  out.append(s.data() + run_start, n - run_start);
  out += '"';
}

void append_node_json(const FieldTree& tree, NodeId id, std::string& out) {
  const FieldNode& n = tree[id];
  append_literal(out, "{\"name\":");
  append_json_string(n.name, out);
  append_literal(out, ",\"value\":");
  append_value_json(n, out);
  append_literal(out, ",\"text\":");
  append_json_string(n.text, out);
  append_literal(out, ",\"offset\":");
  append_number(n.offset, out);
  append_literal(out, ",\"length\":");
  append_number(n.length, out);
  append_literal(out, ",\"children\":[");
  bool first = true;
  tree.for_each_child(id, [&](NodeId c) {
    if (!first) out += ',';
    first = false;
    append_node_json(tree, c, out);
  });
  append_literal(out, "],\"warnings\":[");
  first = true;
  for (const Warning& w : n.warnings) {
    if (!first) out += ',';
    first = false;
    append_literal(out, "{\"severity\":\"");
    append_literal(out, severity_name(w.severity));
    append_literal(out, "\",\"message\":");
    append_json_string(w.message, out);
    out += '}';
  }
  append_literal(out, "]}");
}

void append_fields_json(const FieldTree& tree, std::string& out) {
  out += '[';
  bool first = true;
  tree.for_each_child(kNoNode, [&](NodeId c) {
    if (!first) out += ',';
    first = false;
    append_node_json(tree, c, out);
  });
  out += ']';
}

void append_tree_text(const FieldTree& tree, std::string& out, int base_indent) {
  tree.for_each_child(kNoNode, [&](NodeId c) { append_node_text(tree, c, out, base_indent); });
}

}  // namespace pxescope
