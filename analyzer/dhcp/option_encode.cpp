// Text -> wire value, from the same option rows the dissector decodes with, so the
// responder's replies and the analyzer's reading of them cannot drift apart.
#include <charconv>

#include "analyzer/dhcp/config_text.hpp"
#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/dhcp/option_writer.hpp"

namespace pxescope::dhcp {

namespace {

using config_text::fail;
using config_text::split;
using config_text::trim;

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// A number in decimal or 0x-hex, or a name from `names` (or an arch short name for 93).
bool parse_number(std::string_view s, std::span<const ValueName> names, bool arch,
                  std::int64_t& out) {
  s = trim(s);
  for (const auto& n : names)
    if (iequal(n.name, s)) {
      out = n.value;
      return true;
    }
  if (arch) {
    auto codes = arch_codes_from_name(s);
    if (!codes.empty()) {
      out = codes.front();
      return true;
    }
  }
  int base = 10;
  bool neg = false;
  if (!s.empty() && s.front() == '-') {
    neg = true;
    s.remove_prefix(1);
  }
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    base = 16;
  }
  std::uint64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return false;
  if (v > 0xffffffffull) return false;
  out = neg ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
  return true;
}

bool parse_ipv4(std::string_view s, std::vector<std::uint8_t>& out) {
  s = trim(s);
  std::uint8_t b[4];
  for (int i = 0; i < 4; ++i) {
    const auto dot = i < 3 ? s.find('.') : s.size();
    if (dot == std::string_view::npos) return false;
    const auto part = s.substr(0, dot);
    unsigned v = 0;
    auto r = std::from_chars(part.data(), part.data() + part.size(), v);
    if (part.empty() || r.ec != std::errc() || r.ptr != part.data() + part.size() || v > 255)
      return false;
    b[i] = static_cast<std::uint8_t>(v);
    s = i < 3 ? s.substr(dot + 1) : std::string_view{};
  }
  out.insert(out.end(), b, b + 4);
  return true;
}

bool parse_hex(std::string_view s, std::vector<std::uint8_t>& out) {
  s = trim(s);
  int nibbles = 0;
  std::uint8_t cur = 0;
  for (char c : s) {
    if (c == ':' || c == ' ' || c == '-') continue;
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0) return false;
    cur = static_cast<std::uint8_t>(cur << 4 | d);
    if (++nibbles % 2 == 0) {
      out.push_back(cur);
      cur = 0;
    }
  }
  return nibbles % 2 == 0;
}

bool encode_one(ValueType type, std::span<const ValueName> names, bool arch, std::string_view s,
                std::vector<std::uint8_t>& out, std::string* error) {
  std::int64_t v = 0;
  auto put = [&](int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  switch (type) {
    case ValueType::Empty:
      return trim(s).empty() ? true : fail(error, "this option carries no value", s);
    case ValueType::U8:
    case ValueType::U16:
    case ValueType::U32:
    case ValueType::Seconds: {
      const std::uint64_t max = type == ValueType::U8    ? 0xff
                                : type == ValueType::U16 ? 0xffff
                                                         : 0xffffffff;
      if (!parse_number(s, names, arch, v) || v < 0 || static_cast<std::uint64_t>(v) > max)
        return fail(error, "not an unsigned number in range", s);
      put(static_cast<int>(fixed_size(type)));
      return true;
    }
    case ValueType::I8:
    case ValueType::I32: {
      const std::int64_t lim = type == ValueType::I8 ? 0x80 : 0x80000000ll;
      if (!parse_number(s, names, arch, v) || v < -lim || v >= lim)
        return fail(error, "not a signed number in range", s);
      put(static_cast<int>(fixed_size(type)));
      return true;
    }
    case ValueType::Bool: {
      const auto t = trim(s);
      if (iequal(t, "true") || t == "1" || iequal(t, "on") || iequal(t, "yes"))
        out.push_back(1);
      else if (iequal(t, "false") || t == "0" || iequal(t, "off") || iequal(t, "no"))
        out.push_back(0);
      else
        return fail(error, "not a boolean (true/false)", s);
      return true;
    }
    case ValueType::Ipv4:
      return parse_ipv4(s, out) ? true : fail(error, "not a dotted IPv4 address", s);
    case ValueType::String:
      out.insert(out.end(), s.begin(), s.end());
      return true;
    case ValueType::Bytes:
    case ValueType::Record:
      return parse_hex(s, out) ? true : fail(error, "not hex bytes (\"01:02:ff\")", s);
  }
  return false;
}

// 119 (RFC 3397) from "lab.example,example.com": each name as RFC 1035 labels, no
// compression (the decoder reads both).
bool encode_domain_list(std::string_view text, std::vector<std::uint8_t>& out, std::string* error) {
  return split(text, ',', [&](std::string_view name) {
    name = trim(name);
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    if (name.empty()) return fail(error, "empty domain name", text);
    const bool labels_ok = split(name, '.', [&](std::string_view label) {
      if (label.empty() || label.size() > 63)
        return fail(error, "a domain label must be 1-63 characters", name);
      out.push_back(static_cast<std::uint8_t>(label.size()));
      out.insert(out.end(), label.begin(), label.end());
      return true;
    });
    out.push_back(0);  // the root label ends each name
    return labels_ok;
  });
}

// 121 (RFC 3442) from "10.0.0.0/8,192.168.1.1[,NET/WIDTH,ROUTER...]": width, the
// significant octets of the network, the router.
bool encode_classless_routes(std::string_view text, std::vector<std::uint8_t>& out,
                             std::string* error) {
  std::vector<std::string_view> items;
  split(text, ',', [&](std::string_view item) {
    items.push_back(trim(item));
    return true;
  });
  if (items.size() % 2 != 0) return fail(error, "expected NET/WIDTH,ROUTER pairs", text);
  for (std::size_t i = 0; i < items.size(); i += 2) {
    const auto slash = items[i].find('/');
    std::vector<std::uint8_t> net, router;
    std::int64_t width = -1;
    if (slash == std::string_view::npos || !parse_ipv4(items[i].substr(0, slash), net) ||
        !parse_number(items[i].substr(slash + 1), {}, false, width) || width < 0 || width > 32)
      return fail(error, "not a NET/WIDTH network (10.0.0.0/8)", items[i]);
    if (!parse_ipv4(items[i + 1], router)) return fail(error, "not a router address", items[i + 1]);
    out.push_back(static_cast<std::uint8_t>(width));
    out.insert(out.end(), net.begin(), net.begin() + (width + 7) / 8);
    out.insert(out.end(), router.begin(), router.end());
  }
  return true;
}

// 120 (RFC 3361) as dnsmasq writes it: addresses (encoding 1) when every item is one,
// else domain names (encoding 0).
bool encode_sip_servers(std::string_view text, std::vector<std::uint8_t>& out, std::string* error) {
  std::vector<std::uint8_t> addresses{1};
  const bool all_addresses =
      split(text, ',', [&](std::string_view item) { return parse_ipv4(item, addresses); });
  if (all_addresses) {
    out.insert(out.end(), addresses.begin(), addresses.end());
    return true;
  }
  out.push_back(0);
  return encode_domain_list(text, out, error);
}

}  // namespace

bool encode_value(const OptionDef& def, std::string_view text, std::vector<std::uint8_t>& out,
                  std::string* error) {
  // Names and routes as people write them (dnsmasq's syntax); hex ("01:02") still works.
  const bool hex = text.find(':') != std::string_view::npos;
  if (def.hook == DecodeHook::DomainSearch && !hex) return encode_domain_list(text, out, error);
  if (def.hook == DecodeHook::ClasslessRoutes && !hex)
    return encode_classless_routes(text, out, error);
  if (def.hook == DecodeHook::SipServers && !hex) return encode_sip_servers(text, out, error);
  const bool arch = def.hook == DecodeHook::ClientArch;
  if (def.type == ValueType::Record && !def.record.empty()) {
    auto one_record = [&](std::string_view rec) {
      std::size_t i = 0;
      bool ok = split(rec, ',', [&](std::string_view field) {
        if (i >= def.record.size()) return fail(error, "too many record fields", rec);
        const auto& f = def.record[i++];
        return encode_one(f.type, f.names, false, f.type == ValueType::String ? field : trim(field),
                          out, error);
      });
      if (ok && i != def.record.size()) return fail(error, "too few record fields", rec);
      return ok;
    };
    return def.array ? split(text, ';', one_record) : one_record(text);
  }
  if (def.array && def.type != ValueType::String && def.type != ValueType::Bytes)
    return split(text, ',', [&](std::string_view item) {
      return encode_one(def.type, def.names, arch, item, out, error);
    });
  return encode_one(def.type, def.names, arch, text, out, error);
}

void append_option(std::vector<std::uint8_t>& out, std::uint8_t code,
                   std::span<const std::uint8_t> value) {
  if (code == 0 || code == 255) {
    out.push_back(code);
    return;
  }
  const std::size_t at = out.size();
  out.resize(at + option_wire_size(value.size()));
  frame_option(std::span(out).subspan(at), code, value);
}

}  // namespace pxescope::dhcp
