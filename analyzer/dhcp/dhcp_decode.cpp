// The generic, table-driven part of option decoding: one typed value, a whole option
// value (fixed, array, string, bytes, record), and sub-option lists.
#include "analyzer/dhcp/dhcp_decode.hpp"

#include "analyzer/fields/field_registry.hpp"

namespace pxescope::dhcp {

namespace {
thread_local TextBuf t_text;
thread_local TextBuf t_value;
thread_local std::string t_warning;

struct SubNames {
  std::string_view suboption, length, raw, title;
};
SubNames sub_names(OptionSpace s) {
  switch (s) {
    case OptionSpace::Pxe:
      return {"dhcp.option.vendor.pxeclient.suboption", "dhcp.option.suboption_length",
              "dhcp.option.vendor.value", "Option 43 Suboption: ("};
    case OptionSpace::Ipxe:
      return {"dhcp.option.ipxe.suboption", "dhcp.option.ipxe.suboption_length",
              "dhcp.option.ipxe.value", "Option 175 Suboption: ("};
    case OptionSpace::Relay:
      return {"dhcp.option.agent_information_option.suboption", "dhcp.option.suboption_length",
              "dhcp.option.agent_information_option.value", "Option 82 Suboption: ("};
    default:
      return {"dhcp.option.type", "dhcp.option.length", "dhcp.option.value", "Option: ("};
  }
}

// Labels and descriptions are usually the same option-table string: compare addresses first.
bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.data() == b.data() || a == b);
}

std::string_view plural_bytes(std::size_t n) {
  return n == 1 ? " byte" : " bytes";
}
}  // namespace

Decoder::Decoder(FieldTree& t, PacketFacts& f) : tree(t), facts(f) {}

TextBuf& Decoder::text() {
  return t_text;
}
TextBuf& Decoder::value() {
  return t_value;
}

void Decoder::warnf(NodeId id, Severity s, std::initializer_list<std::string_view> parts) {
  t_warning.clear();
  for (auto p : parts) t_warning += p;
  tree.warn(id, s, t_warning);
}

NodeId Decoder::add_typed(NodeId parent, std::string_view field, std::string_view label,
                          ValueType type, std::span<const ValueName> names, bool hex,
                          const ValueView& v, std::size_t rel, std::size_t len) {
  const NodeId id = add(parent, field, v, rel, len);
  const std::uint8_t* p = v.data.data() + rel;
  // When the line is the registry's default for `field` ("label: value", plain number), it
  // is left to the views (node_text) instead of being made for every packet here.
  const fields::FieldInfo* info = tree[id].info;
  const bool default_line = info && info->names.empty() && info->hex_digits == 0 && names.empty() &&
                            !hex && same_text(info->description, label);
  TextBuf& t = t_text;
  t.assign(label);
  t += ": ";
  auto number = [&](std::uint64_t n, int hex_digits) {
    tree.set_uint(id, n);
    if (default_line) return;
    const std::string_view name = value_name(names, static_cast<std::uint32_t>(n));
    if (!name.empty()) {
      t += name;
      t += " (";
      hex ? append_hex(t, n, hex_digits) : append_uint(t, n);
      t += ')';
    } else {
      hex ? append_hex(t, n, hex_digits) : append_uint(t, n);
    }
  };
  switch (type) {
    case ValueType::U8:
      number(p[0], 2);
      break;
    case ValueType::U16:
      number(be16(p), 4);
      break;
    case ValueType::U32:
      number(be32(p), 8);
      break;
    case ValueType::I8:
      tree.set_int(id, static_cast<std::int8_t>(p[0]));
      if (default_line) return id;
      append_int(t, static_cast<std::int8_t>(p[0]));
      break;
    case ValueType::I32:
      tree.set_int(id, static_cast<std::int32_t>(be32(p)));
      if (default_line) return id;
      append_int(t, static_cast<std::int32_t>(be32(p)));
      break;
    case ValueType::Seconds:
      tree.set_uint(id, be32(p));
      append_duration(t, be32(p));
      break;
    case ValueType::Bool:
      tree.set_bool(id, p[0] != 0);
      t += p[0] ? "Enabled" : "Disabled";
      if (p[0] > 1) {
        t += " (";
        append_uint(t, p[0]);
        t += ')';
        warnf(id, Severity::Warn, {"a boolean must be 0 or 1"});
      }
      break;
    case ValueType::Ipv4: {
      TextBuf& s = t_value;
      s.clear();
      append_ipv4(s, p);
      tree.set_string(id, s);
      if (default_line) return id;
      t += s;
      break;
    }
    case ValueType::String: {
      const auto s = stringz({p, len});
      tree.set_string(id, s);
      if (default_line) return id;
      t += s;
      break;
    }
    case ValueType::Bytes:
    case ValueType::Record:
    case ValueType::Empty: {
      TextBuf& s = t_value;
      s.clear();
      append_colon_hex(s, {p, len});
      tree.set_string(id, s);
      if (default_line) return id;
      t += s;
      break;
    }
  }
  if (!(default_line &&
        (type == ValueType::U8 || type == ValueType::U16 || type == ValueType::U32)))
    tree.set_text(id, t);
  return id;
}

void Decoder::decode_value(NodeId option_node, const OptionDef* def, const ValueView& v,
                           std::string_view raw_name) {
  const std::size_t len = v.size();
  if (!def) {
    if (len) add_typed(option_node, raw_name, "Value", ValueType::Bytes, {}, false, v, 0, len);
    return;
  }
  if (def->hook != DecodeHook::None && run_hook(*this, option_node, *def, v)) return;
  if (def->encapsulates != OptionSpace::None && def->hook == DecodeHook::None) {
    decode_suboptions(option_node, def->encapsulates, v);
    return;
  }
  const std::string_view label = def->value_label.empty() ? def->label : def->value_label;
  switch (def->type) {
    case ValueType::Empty:
      if (len) {
        warnf(option_node, Severity::Warn, {def->label, " carries no data, but has some"});
        add_typed(option_node, raw_name, "Value", ValueType::Bytes, {}, false, v, 0, len);
      }
      return;
    case ValueType::String:
    case ValueType::Bytes:
      if (len == 0) {
        warnf(option_node, Severity::Warn, {def->label, " is empty"});
        return;
      }
      add_typed(option_node, def->field, label, def->type, def->names, false, v, 0, len);
      return;
    case ValueType::Record:
      decode_record(option_node, *def, v);
      return;
    default:
      break;
  }
  const std::size_t size = fixed_size(def->type);
  TextBuf& t = t_value;
  if (!def->array) {
    if (len != size) {
      t.clear();
      append_uint(t, len);
      warnf(option_node, Severity::Warn,
            {def->label, " must be ",
             size == 1   ? "1 byte"
             : size == 2 ? "2 bytes"
                         : "4 bytes",
             ", got ", t, plural_bytes(len)});
    }
    if (len >= size)
      add_typed(option_node, def->field, label, def->type, def->names, false, v, 0, size);
    else if (len)
      add_typed(option_node, raw_name, "Value", ValueType::Bytes, {}, false, v, 0, len);
    return;
  }
  if (len == 0 || len % size) {
    t.clear();
    append_uint(t, len);
    warnf(option_node, Severity::Warn,
          {def->label, " must be a non-empty list of ",
           size == 1   ? "1-byte"
           : size == 2 ? "2-byte"
                       : "4-byte",
           " items, got ", t, plural_bytes(len)});
  }
  for (std::size_t i = 0; i + size <= len; i += size)
    add_typed(option_node, def->field, label, def->type, def->names, false, v, i, size);
}

void Decoder::decode_record(NodeId parent, const OptionDef& def, const ValueView& v) {
  std::size_t fixed = 0;
  bool open_ended = false;  // a trailing String/Bytes field takes the rest
  for (const auto& f : def.record) {
    fixed += fixed_size(f.type);
    if (f.type == ValueType::String || f.type == ValueType::Bytes) open_ended = true;
  }
  NodeId container = parent;
  if (!def.field.empty() && v.size())
    container =
        add_typed(parent, def.field, def.label.substr(def.label.starts_with("PXE ") ? 4 : 0),
                  ValueType::Bytes, {}, false, v, 0, v.size());
  const std::size_t len = v.size();
  TextBuf& t = t_value;
  if (len < fixed || (!open_ended && (def.array ? (len == 0 || len % fixed) : len != fixed))) {
    t.clear();
    append_uint(t, len);
    warnf(parent, Severity::Warn,
          {def.label, def.array ? " must be a list of " : " must be ",
           open_ended ? "at least " : "", std::to_string(fixed), " bytes",
           def.array ? " records" : "", ", got ", t, plural_bytes(len)});
  }
  std::size_t pos = 0;
  do {
    if (pos + fixed > len) break;
    for (const auto& f : def.record) {
      std::size_t n = fixed_size(f.type);
      if (n == 0) n = len - pos;  // String/Bytes: the rest
      if (pos + n > len) break;
      if (n == 0) {
        warnf(container, Severity::Warn, {f.label, " is missing"});
        continue;
      }
      add_typed(container, f.field, f.label, f.type, f.names, f.hex, v, pos, n);
      pos += n;
    }
  } while (def.array && !open_ended && pos < len);
}

void Decoder::decode_suboptions(NodeId parent, OptionSpace space, const ValueView& v) {
  const SubNames names = sub_names(space);
  const auto& data = v.data;
  std::size_t i = 0;
  bool saw_end = false;
  while (i < data.size()) {
    const std::uint8_t code = data[i];
    const OptionDef* def = find_option(space, code);
    if (code == 0 || code == 255) {
      const NodeId n = add(parent, def ? def->field : names.raw, v, i, 1);
      tree.set_uint(n, code);
      TextBuf& t = t_text;
      t.assign(def ? def->label : "Padding");
      t += ": ";
      append_uint(t, code);
      tree.set_text(n, t);
      ++i;
      if (code == 255) {
        saw_end = true;
        break;
      }
      continue;
    }
    if (i + 1 >= data.size()) {
      const NodeId n = add(parent, names.suboption, v, i, 1);
      tree.set_uint(n, code);
      warnf(n, Severity::Warn, {"no room left for the sub-option length"});
      i = data.size();
      break;
    }
    std::size_t len = data[i + 1];
    const std::size_t left = data.size() - i - 2;
    const NodeId n = add(parent, names.suboption, v, i, 2 + (len < left ? len : left));
    tree.set_uint(n, code);
    TextBuf& t = t_text;
    t.assign(names.title);
    append_uint(t, code);
    t += ") ";
    t += option_label(space, code);
    tree.set_text(n, t);
    const NodeId ln = add(n, names.length, v, i + 1, 1);
    tree.set_uint(ln, len);  // "Length: N", the registry's default line
    if (len > left) {
      TextBuf& s = t_value;
      s.clear();
      append_uint(s, len);
      s += " runs past the end of the option (";
      append_uint(s, left);
      s += plural_bytes(left);
      s += " left)";
      warnf(n, Severity::Warn, {"sub-option length ", s});
      len = left;
    }
    decode_value(n, def, v.sub(i + 2, len), names.raw);
    i += 2 + len;
  }
  if (i < data.size()) {
    bool zeros = true;
    for (std::size_t k = i; k < data.size(); ++k) zeros = zeros && data[k] == 0;
    if (!zeros) {
      const NodeId n = add_typed(parent, names.raw, "Trailing data", ValueType::Bytes, {}, false, v,
                                 i, data.size() - i);
      warnf(n, Severity::Warn, {"data after the End sub-option"});
    }
  }
  if (!saw_end && space == OptionSpace::Pxe)
    warnf(parent, Severity::Note, {"PXE sub-options should end with End (255)"});
}

}  // namespace pxescope::dhcp
