#include "analyzer/dhcpv6/dhcpv6_dissector.hpp"

#include <cstdio>
#include <string>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/dhcpv6/dhcpv6_duid.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "analyzer/link/bytes.hpp"
#include "analyzer/link/ipv6_text.hpp"
#include "analyzer/link/node_helpers.hpp"
#include "analyzer/link/text_format.hpp"

namespace pxescope {
namespace {

using namespace dhcpv6;
using bytes::be16;
using bytes::be32;

constexpr std::uint32_t kInfinity = 0xffffffffu;

std::string colon_hex(std::span<const std::uint8_t> p) {
  std::string s;
  s.reserve(p.size() * 3);
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (i) s += ':';
    s += kHex[p[i] >> 4];
    s += kHex[p[i] & 15];
  }
  return s;
}

std::string plain_hex(std::span<const std::uint8_t> p) {
  std::string s = colon_hex(p);
  std::erase(s, ':');
  return s;
}

// RFC 1035 labels without compression (RFC 8415 §10); false when malformed.
bool read_name(std::span<const std::uint8_t> p, std::size_t& at, std::string& out) {
  out.clear();
  while (at < p.size()) {
    const std::uint8_t n = p[at++];
    if (n == 0) {
      out += '.';  // a full name ends at the root, and tshark shows its dot
      return true;
    }
    if (n > 63 || at + n > p.size()) return false;
    if (!out.empty()) out += '.';
    out.append(reinterpret_cast<const char*>(p.data() + at), n);
    at += n;
  }
  return !out.empty();  // a partial name (RFC 4704) has no root label
}

// The facts of the outermost message the Info column shows.
struct Summary {
  std::string info;
  int client_arch = -1;
  bool cid_seen = false;  // per message: tshark names the first client id
};

class Walker {
 public:
  Walker(FieldTree& t, std::span<const std::uint8_t> all, std::uint32_t base)
      : t_(t), all_(all), base_(base) {}

  // The message at all_[at, at + len) under `parent`.
  void message(NodeId parent, std::size_t at, std::size_t len, int depth, Summary* s);

 private:
  FieldTree& t_;
  std::span<const std::uint8_t> all_;
  std::uint32_t base_;
  Line line_;

  std::uint32_t off(std::size_t at) const { return base_ + static_cast<std::uint32_t>(at); }
  // Nodes at message-relative positions.
  NodeId uint_node(NodeId parent, std::string_view name, std::size_t at, std::size_t len,
                   std::uint64_t v, std::string_view text) {
    return add_uint(t_, parent, name, off(at), static_cast<std::uint32_t>(len), v, text);
  }
  NodeId str_node(NodeId parent, std::string_view name, std::size_t at, std::size_t len,
                  std::string_view v, std::string_view label) {
    const NodeId id = t_.add(parent, name, off(at), static_cast<std::uint32_t>(len));
    t_.set_string(id, v);
    std::string text(label);
    text += ": ";
    text += v;
    t_.set_text(id, text);
    return id;
  }

  void options(NodeId parent, std::size_t at, std::size_t end, int depth, Summary* s);
  void value(NodeId opt, const OptionDef& def, std::size_t at, std::size_t end, int depth,
             Summary* s);
  // One value of `type` at [at, end); returns the bytes used (0: too short, warned).
  std::size_t typed(NodeId parent, std::string_view field, std::string_view label, Type type,
                    std::span<const ValueName> names, std::size_t at, std::size_t end);
  void duid(NodeId parent, std::size_t at, std::size_t end);
  void opaque_list(NodeId parent, std::string_view field, std::size_t at, std::size_t end);
  void vendor_class(NodeId opt, std::size_t at, std::size_t end);
  void vendor_options(NodeId opt, std::string_view data_field, std::size_t at, std::size_t end);
};

// 17: the enterprise's own (code, length, data) options; their codes mean nothing in the
// DHCPv6 table, so they stay numbers (as tshark's dhcpv6.vendoropts.enterprise.option_*).
void Walker::vendor_options(NodeId opt, std::string_view data_field, std::size_t at,
                            std::size_t end) {
  while (at < end) {
    if (end - at < 4) {
      t_.warn(opt, Severity::Warn, "vendor option header cut short");
      return;
    }
    const std::uint16_t code = be16(all_.data() + at), len = be16(all_.data() + at + 2);
    const NodeId sub = uint_node(opt, "dhcpv6.vendoropts.enterprise.option_code", at, 2, code,
                                 line_("Option code: %u", code));
    uint_node(sub, "dhcpv6.vendoropts.enterprise.option_length", at + 2, 2, len,
              line_("Option length: %u", len));
    at += 4;
    if (len > end - at) {
      t_.warn(sub, Severity::Warn, line_("vendor option of %u bytes goes past the option", len));
      return;
    }
    str_node(sub, data_field, at, len, colon_hex(all_.subspan(at, len)), "Option data");
    at += len;
  }
}

std::size_t Walker::typed(NodeId parent, std::string_view field, std::string_view label, Type type,
                          std::span<const ValueName> names, std::size_t at, std::size_t end) {
  const std::size_t need = fixed_size(type);
  const std::size_t have = end - at;
  if (have < need) {
    t_.warn(parent, Severity::Warn,
            line_("%.*s needs %zu bytes, %zu left", static_cast<int>(label.size()), label.data(),
                  need, have));
    return 0;
  }
  const std::uint8_t* p = all_.data() + at;
  switch (type) {
    case Type::U8:
    case Type::U16:
    case Type::U32:
    case Type::Seconds: {
      const std::uint32_t v = need == 1 ? p[0] : need == 2 ? be16(p) : be32(p);
      const std::string_view name = dhcp::value_name(names, v);
      std::string_view text;
      if (type == Type::Seconds && v == kInfinity)
        text = line_("%.*s: infinity", static_cast<int>(label.size()), label.data());
      else if (!name.empty())
        text = line_("%.*s: %.*s (%u)", static_cast<int>(label.size()), label.data(),
                     static_cast<int>(name.size()), name.data(), v);
      else
        text = line_("%.*s: %u", static_cast<int>(label.size()), label.data(), v);
      uint_node(parent, field, at, need, v, text);
      return need;
    }
    case Type::Id32: {
      char hex[9];
      std::snprintf(hex, sizeof hex, "%08x", be32(p));
      str_node(parent, field, at, 4, hex, label);
      return 4;
    }
    case Type::Centiseconds:
      uint_node(parent, field, at, 2, be16(p) * 10u,
                line_("%.*s: %u ms", static_cast<int>(label.size()), label.data(), be16(p) * 10u));
      return 2;
    case Type::Ipv6:
      str_node(parent, field, at, 16, Ipv6Text(p).view(), label);
      return 16;
    case Type::String: {
      std::string_view s(reinterpret_cast<const char*>(p), have);
      str_node(parent, field, at, have, s.substr(0, s.find('\0')), label);
      return have;
    }
    case Type::Fqdn: {
      std::string name;
      std::size_t i = 0;
      const std::span<const std::uint8_t> v(p, have);
      const bool ok = read_name(v, i, name);
      const NodeId id = str_node(parent, field, at, i, name, label);
      if (!ok) t_.warn(id, Severity::Warn, "malformed domain name (RFC 1035 labels)");
      return i ? i : have;
    }
    case Type::Duid:
      duid(parent, at, end);
      return have;
    case Type::Empty:
    case Type::Bytes:
    case Type::Record:
      str_node(parent, field, at, have, colon_hex({p, have}), label);
      return have;
  }
  return have;
}

void Walker::duid(NodeId parent, std::size_t at, std::size_t end) {
  const std::span<const std::uint8_t> d = all_.subspan(at, end - at);
  const NodeId id = str_node(parent, "dhcpv6.duid.bytes", at, d.size(), colon_hex(d), "DUID");
  if (d.size() < 2) {
    t_.warn(id, Severity::Warn, "a DUID needs at least its 2-byte type");
    return;
  }
  if (d.size() > 130)
    t_.warn(id, Severity::Warn, "a DUID is at most 130 bytes, its type included (RFC 8415 §11.1)");
  const std::uint16_t type = be16(d.data());
  const DuidLayout* row = find_duid_layout(type);
  const std::string_view name = row ? row->name : std::string_view("Unknown");
  uint_node(id, "dhcpv6.duid.type", at, 2, type,
            line_("DUID Type: %.*s (%u)", static_cast<int>(name.size()), name.data(), type));
  if (!row) return;
  const std::size_t n = d.size();
  if (row->fixed_size() ? n != row->min_size() : n < row->min_size()) {
    t_.warn(id, Severity::Warn, line_("DUID of type %u is too short (%zu bytes)", type, n));
    return;
  }
  std::size_t off = 2;
  for (const DuidField& f : row->fields) {
    if (f.part == DuidPart::None) break;
    const std::size_t size = f.size ? f.size : n - off;
    if (f.is_number()) {
      const std::uint32_t value = size == 2 ? be16(d.data() + off) : be32(d.data() + off);
      uint_node(id, f.field, at + off, size, value,
                line_("%.*s: %u", static_cast<int>(f.label.size()), f.label.data(), value));
    } else {
      str_node(id, f.field, at + off, size, colon_hex(d.subspan(off, size)), f.label);
    }
    off += size;
  }
}

void Walker::opaque_list(NodeId parent, std::string_view field, std::size_t at, std::size_t end) {
  while (at < end) {
    if (end - at < 2) {
      t_.warn(parent, Severity::Warn, "list item length cut short");
      return;
    }
    const std::uint16_t len = be16(all_.data() + at);
    uint_node(parent,
              field == "dhcpv6.userclass.opaque_data" ? "dhcpv6.userclass.length"
                                                      : "dhcpv6.bootfile_param.length",
              at, 2, len, line_("Length: %u", len));
    at += 2;
    if (len > end - at) {
      t_.warn(parent, Severity::Warn, line_("list item of %u bytes goes past the option", len));
      return;
    }
    const std::span<const std::uint8_t> item = all_.subspan(at, len);
    if (field == "dhcpv6.bootfile_param")
      str_node(parent, field, at, len,
               std::string_view(reinterpret_cast<const char*>(item.data()), item.size()),
               "Parameter");
    else
      str_node(parent, field, at, len, colon_hex(item), "Value");
    at += len;
  }
}

// 16: enterprise, then (u16 length, data) items; PXEClient:Arch:xxxxx:UNDI:yyyzzz is split
// like DHCPv4 option 60.
void Walker::vendor_class(NodeId opt, std::size_t at, std::size_t end) {
  if (end - at < 4) {
    t_.warn(opt, Severity::Warn, "vendor class needs its 4-byte enterprise number");
    return;
  }
  uint_node(opt, "dhcpv6.vendorclass.enterprise", at, 4, be32(all_.data() + at),
            line_("Enterprise ID: %u", be32(all_.data() + at)));
  at += 4;
  while (at < end) {
    if (end - at < 2) {
      t_.warn(opt, Severity::Warn, "vendor class item length cut short");
      return;
    }
    const std::uint16_t len = be16(all_.data() + at);
    at += 2;
    if (len > end - at) {
      t_.warn(opt, Severity::Warn,
              line_("vendor class item of %u bytes goes past the option", len));
      return;
    }
    const std::string_view text(reinterpret_cast<const char*>(all_.data() + at), len);
    const NodeId id = str_node(opt, "dhcpv6.vendorclass.data", at, len,
                               text.substr(0, text.find('\0')), "vendor-class-data");
    // PXEClient:Arch:00007:UNDI:003016 (RFC 5970 §3.3 borrows the PXE 2.1 form).
    unsigned arch = 0, major = 0, minor = 0;
    const std::string s(text);
    if ((s.rfind("PXEClient:Arch:", 0) == 0 || s.rfind("HTTPClient:Arch:", 0) == 0) &&
        std::sscanf(s.c_str() + s.find("Arch:") + 5, "%5u:UNDI:%3u%3u", &arch, &major, &minor) ==
            3) {
      const std::string_view name = dhcp::arch_name(static_cast<std::uint16_t>(arch));
      uint_node(id, "dhcpv6.vendorclass.pxe.arch", at, len, arch,
                line_("Architecture: %.*s (%u)", static_cast<int>(name.size()), name.data(), arch));
      uint_node(id, "dhcpv6.vendorclass.pxe.undi_major", at, len, major,
                line_("UNDI major: %u", major));
      uint_node(id, "dhcpv6.vendorclass.pxe.undi_minor", at, len, minor,
                line_("UNDI minor: %u", minor));
    }
    at += len;
  }
}

void Walker::value(NodeId opt, const OptionDef& def, std::size_t at, std::size_t end, int depth,
                   Summary* s) {
  const std::uint8_t* p = all_.data() + at;
  const std::size_t len = end - at;
  switch (def.hook) {
    case Hook::OptionRequest:
      if (len % 2) t_.warn(opt, Severity::Warn, "option request list has an odd length");
      for (std::size_t i = 0; i + 2 <= len; i += 2) {
        const std::uint16_t code = be16(p + i);
        const std::string_view name = option_label(code);
        uint_node(opt, def.field, at + i, 2, code,
                  line_("Requested Option code: %.*s (%u)", static_cast<int>(name.size()),
                        name.data(), code));
      }
      return;
    case Hook::RelayMessage: {
      const NodeId msg = t_.add(opt, def.field, off(at), static_cast<std::uint32_t>(len));
      t_.set_text(msg, "DHCPv6");
      if (depth + 1 >= kMaxDhcpv6RelayDepth) {
        t_.warn(
            msg, Severity::Warn,
            line_("relay messages nested more than %d deep: not followed", kMaxDhcpv6RelayDepth));
        return;
      }
      message(msg, at, len, depth + 1, s);
      return;
    }
    case Hook::OpaqueList:
      opaque_list(opt, def.field, at, end);
      return;
    case Hook::VendorClass:
      vendor_class(opt, at, end);
      return;
    case Hook::VendorOpts: {
      if (typed(opt, def.record[0].field, def.record[0].label, Type::U32, {}, at, end) == 0) return;
      vendor_options(opt, def.record[1].field, at + 4, end);
      return;
    }
    case Hook::ClientFqdn: {
      if (typed(opt, def.record[0].field, def.record[0].label, Type::U8, {}, at, end) == 0) return;
      if (at + 1 < end)
        typed(opt, def.record[1].field, def.record[1].label, Type::Fqdn, {}, at + 1, end);
      return;
    }
    case Hook::ClientArch:
      if (len % 2) t_.warn(opt, Severity::Warn, "architecture list has an odd length");
      for (std::size_t i = 0; i + 2 <= len; i += 2) {
        const std::uint16_t arch = be16(p + i);
        const std::string_view name = dhcp::arch_name(arch);
        uint_node(
            opt, def.field, at + i, 2, arch,
            line_("Architecture: %.*s (%u)", static_cast<int>(name.size()), name.data(), arch));
        if (s && s->client_arch < 0) s->client_arch = arch;
      }
      return;
    case Hook::StatusCode:
    case Hook::None:
      break;
  }
  if (def.type == Type::Empty) {
    if (len) t_.warn(opt, Severity::Warn, "this option carries no data, but has some");
    return;
  }
  if (def.type == Type::Record) {
    std::size_t i = at;
    for (const RecordField& f : def.record) {
      if (i == end && (f.type == Type::String || f.type == Type::Bytes)) break;  // empty tail
      const std::size_t used = typed(opt, f.field, f.label, f.type, f.names, i, end);
      if (used == 0) return;
      i += used;
    }
    if (def.options_follow)
      options(opt, i, end, depth, s);
    else if (i < end)
      t_.warn(opt, Severity::Warn, line_("%zu bytes after the option's fields", end - i));
    return;
  }
  if (len == 0 && def.type != Type::Duid) {
    t_.warn(opt, Severity::Warn, "empty option value");
    return;
  }
  if (def.array) {
    const std::size_t each = fixed_size(def.type);
    if (each && len % each)
      t_.warn(opt, Severity::Warn, line_("length %zu is not a multiple of %zu", len, each));
    for (std::size_t i = at; i < end;) {
      const std::size_t used = typed(opt, def.field, def.label, def.type, def.names, i, end);
      if (used == 0) return;
      i += used;
    }
    return;
  }
  const std::size_t used = typed(opt, def.field, def.label, def.type, def.names, at, end);
  if (used && at + used < end)
    t_.warn(opt, Severity::Warn, line_("%zu bytes after the value", end - at - used));
}

void Walker::options(NodeId parent, std::size_t at, std::size_t end, int depth, Summary* s) {
  while (at < end) {
    if (end - at < 4) {
      const NodeId bad =
          t_.add(parent, "dhcpv6.option.type", off(at), static_cast<std::uint32_t>(end - at));
      t_.set_text(bad, "Option: truncated header");
      t_.warn(bad, Severity::Warn, line_("%zu bytes left: an option header needs 4", end - at));
      return;
    }
    const std::uint16_t code = be16(all_.data() + at);
    const std::uint16_t len = be16(all_.data() + at + 2);
    const OptionDef* def = find_option(code);
    const std::string_view label = def ? def->label : "Unknown";
    const bool cut = len > end - at - 4;
    const std::size_t vend = cut ? end : at + 4 + len;
    const NodeId opt = uint_node(parent, "dhcpv6.option.type", at, vend - at, code,
                                 line_("%.*s", static_cast<int>(label.size()), label.data()));
    uint_node(opt, "dhcpv6.option.length", at + 2, 2, len, line_("Length: %u", len));
    if (cut)
      t_.warn(opt, Severity::Error,
              line_("option length %u goes past the end (%zu bytes left)", len, end - at - 4));
    if (def)
      value(opt, *def, at + 4, vend, depth, s);
    else if (vend > at + 4)
      str_node(opt, "dhcpv6.option.value", at + 4, vend - at - 4,
               colon_hex(all_.subspan(at + 4, vend - at - 4)), "Value");
    // CID and IAA for the Info column, as tshark writes them.
    if (s && code == kOptClientId && !s->cid_seen) {
      s->cid_seen = true;
      s->info += " CID: " + plain_hex(all_.subspan(at + 4, vend - at - 4));
    }
    if (s && code == kOptIaAddr && vend - at >= 20)
      s->info += std::string(" IAA: ") + Ipv6Text(all_.data() + at + 4).buf;
    at = vend;
  }
}

void Walker::message(NodeId parent, std::size_t at, std::size_t len, int depth, Summary* s) {
  const std::size_t end = at + len;
  if (len < 1) {
    t_.warn(parent, Severity::Error, "empty DHCPv6 message");
    return;
  }
  const std::uint8_t type = all_[at];
  const std::string_view tname = message_type_name(type);
  uint_node(parent, "dhcpv6.msgtype", at, 1, type,
            line_("Message type: %.*s (%u)", static_cast<int>(tname.size()), tname.data(), type));
  const bool relay = type == kRelayForw || type == kRelayRepl;
  const std::size_t header = relay ? 34 : 4;
  if (len < header) {
    t_.warn(parent, Severity::Error,
            line_("truncated %.*s header: %zu bytes needed, %zu present",
                  static_cast<int>(tname.size()), tname.data(), header, len));
    return;
  }
  if (s) {
    s->cid_seen = false;
    if (!s->info.empty()) s->info += ' ';
    s->info += tname;
  }
  if (relay) {
    uint_node(parent, "dhcpv6.hopcount", at + 1, 1, all_[at + 1],
              line_("Hopcount: %u", all_[at + 1]));
    const Ipv6Text link(all_.data() + at + 2), peer(all_.data() + at + 18);
    str_node(parent, "dhcpv6.linkaddr", at + 2, 16, link.view(), "Link address");
    str_node(parent, "dhcpv6.peeraddr", at + 18, 16, peer.view(), "Peer address");
    if (s) s->info += std::string(" L: ") + link.buf;
  } else {
    const std::uint32_t xid = (std::uint32_t{all_[at + 1]} << 16) | be16(all_.data() + at + 2);
    uint_node(parent, "dhcpv6.xid", at + 1, 3, xid, line_("Transaction ID: 0x%06x", xid));
    if (s) s->info += line_(" XID: 0x%06x", xid);
  }
  options(parent, at + header, end, depth, s);
}

}  // namespace

NodeId dissect_dhcpv6(std::span<const std::uint8_t> payload, std::uint32_t base_offset,
                      FieldTree& tree) {
  const NodeId top =
      tree.add(kNoNode, "dhcpv6", base_offset, static_cast<std::uint32_t>(payload.size()));
  tree.set_text(top, "DHCPv6");
  Summary summary;
  Walker(tree, payload, base_offset).message(top, 0, payload.size(), 0, &summary);
  if (summary.client_arch >= 0) {
    const std::string_view name = dhcp::arch_name(static_cast<std::uint16_t>(summary.client_arch));
    summary.info += " arch ";
    summary.info += name;
    summary.info += " (" + std::to_string(summary.client_arch) + ")";
  }
  tree.set_summary("DHCPv6", summary.info.empty() ? "Malformed" : summary.info);
  return top;
}

}  // namespace pxescope
