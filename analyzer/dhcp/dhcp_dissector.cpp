// BOOTP header + DHCP options -> field tree. The option walk is two passes: first every
// option occurrence is located (option_scan.hpp: options field, then file, then sname, as
// RFC 2131 orders them when option 52 overloads them) so that RFC 3396 pieces can be joined
// and facts such as the vendor class are known before any value is decoded; then nodes are
// emitted.
#include "analyzer/dhcp/dhcp_dissector.hpp"

#include <vector>

#include "analyzer/dhcp/dhcp_decode.hpp"
#include "analyzer/dhcp/option_scan.hpp"

namespace pxescope {

using namespace dhcp;

namespace {

struct Scratch {
  std::vector<Occurrence> occ;
  std::vector<std::uint8_t> joined;
  PieceMap map;
};
thread_local Scratch t_scratch;

class Dissector {
 public:
  Dissector(std::span<const std::uint8_t> p, std::uint32_t base, FieldTree& tree)
      : p_(p), base_(base), tree_(tree), d_(tree, facts_), sc_(t_scratch) {}

  NodeId run(NodeId parent);

 private:
  NodeId add(NodeId parent, std::string_view name, std::size_t off, std::size_t len) {
    return tree_.add(parent, name, base_ + static_cast<std::uint32_t>(off),
                     static_cast<std::uint32_t>(len));
  }
  NodeId uint_field(NodeId parent, std::string_view name, std::size_t off, std::size_t len,
                    std::uint64_t v, std::string_view text) {
    const NodeId n = uint_field(parent, name, off, len, v);
    tree_.set_text(n, text);
    return n;
  }
  // A field whose line is the registry's default (dhcp_fields.cpp): made when a view asks.
  NodeId uint_field(NodeId parent, std::string_view name, std::size_t off, std::size_t len,
                    std::uint64_t v) {
    const NodeId n = add(parent, name, off, len);
    tree_.set_uint(n, v);
    return n;
  }
  void header(NodeId root);
  NodeId name_field(NodeId root, std::string_view name, std::string_view label, std::size_t begin,
                    std::size_t end, bool overloaded, Area area);
  void emit_area(Area area, NodeId parent);
  void emit_option(std::size_t k, NodeId parent);
  void cross_checks();

  std::span<const std::uint8_t> p_;
  std::uint32_t base_;
  FieldTree& tree_;
  PacketFacts facts_;
  Decoder d_;
  Scratch& sc_;
  OptionScan scan_;
};

NodeId Dissector::run(NodeId parent) {
  const std::size_t n = p_.size();
  const NodeId root = add(parent, "dhcp", 0, n);
  // Pass 1: locate the options (52 decides whether file/sname hold more).
  scan_ = scan_options(p_, sc_.occ);
  // Facts other options' decoding depends on (60 may come after 43).
  for (auto& o : sc_.occ) {
    if (o.kind != Occurrence::Option) continue;
    const std::span<const std::uint8_t> value = p_.subspan(o.off + 2, o.len);
    if (o.code == 53 && o.len >= 1 && facts_.message_type == 0) facts_.message_type = value[0];
    if (o.code == 60 && !facts_.pxe_vendor)
      facts_.pxe_vendor = stringz(value).starts_with("PXEClient");
    if (o.code == 94 && o.len >= 3 && facts_.undi_major < 0) {
      facts_.undi_major = value[1];
      facts_.undi_minor = value[2];
    }
  }

  header(root);
  if (n >= kOptionsStart) {
    emit_area(Area::Options, root);
    if (!scan_.end_in_options) d_.warnf(root, Severity::Warn, {"End option (255) missing"});
  }
  cross_checks();

  TextBuf& t = d_.text();
  if (facts_.message_type) {
    t.assign("Dynamic Host Configuration Protocol (");
    t += message_type_name(facts_.message_type);
  } else {
    t.assign("Bootstrap Protocol (");
    t += n >= 1 && p_[0] == 2 ? "Reply" : "Request";
  }
  t += ')';
  tree_.set_text(root, t);
  return root;
}

void Dissector::header(NodeId root) {
  const std::size_t n = p_.size();
  TextBuf& t = d_.text();
  TextBuf& s = d_.value();
  if (n < kBootpHeaderSize) {
    s.clear();
    append_uint(s, n);
    d_.warnf(root, Severity::Error,
             {"truncated BOOTP header: ", s, " of the 236 fixed bytes; decoded as far as it goes"});
  }
  if (n < 1) return;
  const std::uint8_t op = p_[0];
  t.assign("Message type: ");
  t += op == 1 ? "Boot Request" : op == 2 ? "Boot Reply" : "Unknown";
  t += " (";
  append_uint(t, op);
  t += ')';
  const NodeId opn = uint_field(root, "dhcp.type", 0, 1, op, t);
  if (op != 1 && op != 2) d_.warnf(opn, Severity::Warn, {"op must be 1 (request) or 2 (reply)"});
  if (n < 2) return;
  t.assign("Hardware type: ");
  t += hardware_type_name(p_[1]);
  t += " (";
  append_hex(t, p_[1], 2);
  t += ')';
  uint_field(root, "dhcp.hw.type", 1, 1, p_[1], t);
  if (n < 3) return;
  const std::uint8_t hlen = p_[2];
  const NodeId hl = uint_field(root, "dhcp.hw.len", 2, 1, hlen);
  if (hlen > 16)
    d_.warnf(hl, Severity::Warn, {"hardware address length over 16 (chaddr holds 16 bytes)"});
  if (n < 4) return;
  uint_field(root, "dhcp.hops", 3, 1, p_[3]);
  if (n < 8) return;
  uint_field(root, "dhcp.id", 4, 4, be32(p_.data() + 4));
  if (n < 10) return;
  // Some clients (Windows; some PXE firmware) write secs little-endian: bytes "xx 00" read
  // as 1..255 that way. Like tshark, show that reading and say so.
  const bool secs_le = p_[8] != 0 && p_[9] == 0;
  const std::uint16_t secs = secs_le ? p_[8] : be16(p_.data() + 8);
  const NodeId sn = uint_field(root, "dhcp.secs", 8, 2, secs);
  if (secs_le) {
    s.clear();
    append_uint(s, be16(p_.data() + 8));
    d_.warnf(
        sn, Severity::Note,
        {"Seconds elapsed appears to be encoded as little-endian (big-endian would be ", s, ")"});
  }
  if (n < 12) return;
  const std::uint16_t flags = be16(p_.data() + 10);
  const bool bc = flags & 0x8000;
  t.assign("Bootp flags: ");
  append_hex(t, flags, 4);
  t += bc ? ", Broadcast flag (Broadcast)" : " (Unicast)";
  const NodeId fl = uint_field(root, "dhcp.flags", 10, 2, flags, t);
  const NodeId bcn = add(fl, "dhcp.flags.bc", 10, 2);
  tree_.set_bool(bcn, bc);
  tree_.set_text(bcn, bc ? "1... .... .... .... = Broadcast flag: Broadcast"
                         : "0... .... .... .... = Broadcast flag: Unicast");
  t.clear();  // ".000 0000 0000 0000 = Reserved flags: 0x0000", as tshark draws the bits
  for (int bit = 15; bit >= 0; --bit) {
    t.push_back(bit == 15 ? '.' : ((flags >> bit) & 1) ? '1' : '0');
    if (bit % 4 == 0 && bit) t.push_back(' ');
  }
  t += " = Reserved flags: ";
  append_hex(t, flags & 0x7fff, 4);
  const NodeId rs = uint_field(fl, "dhcp.flags.reserved", 10, 2, flags & 0x7fff, t);
  if (flags & 0x7fff) d_.warnf(rs, Severity::Note, {"reserved flag bits are set (RFC 2131: MBZ)"});
  constexpr std::string_view kIps[4] = {"dhcp.ip.client", "dhcp.ip.your", "dhcp.ip.server",
                                        "dhcp.ip.relay"};
  for (std::size_t i = 0; i < 4; ++i) {
    const std::size_t off = 12 + 4 * i;
    if (n < off + 4) return;
    s.clear();
    append_ipv4(s, p_.data() + off);
    tree_.set_string(add(root, kIps[i], off, 4), s);  // "Client IP address: ..." by default
  }
  if (n < 44) return;
  // chaddr: 16 bytes, the first hlen of which are the address.
  const std::size_t addr_len = hlen > 16 ? 16 : hlen;
  const bool is_mac = p_[1] == 1 && hlen == 6;
  if (addr_len) {
    const NodeId a = add(root, is_mac ? "dhcp.hw.mac_addr" : "dhcp.hw.addr", 28, addr_len);
    s.clear();
    append_colon_hex(s, p_.subspan(28, addr_len));
    tree_.set_string(a, s);  // "Client MAC address: ..." by default
  }
  if (addr_len < 16) {
    const NodeId pad = add(root, "dhcp.hw.addr_padding", 28 + addr_len, 16 - addr_len);
    s.clear();
    append_colon_hex(s, p_.subspan(28 + addr_len, 16 - addr_len));
    tree_.set_string(pad, s);
    t.assign("Client hardware address padding: ");
    append_plain_hex(t, p_.subspan(28 + addr_len, 16 - addr_len));
    tree_.set_text(pad, t);
  }
  if (n <= kSnameAt) return;
  name_field(root, "dhcp.server", "Server host name", kSnameAt, std::min(n, kSnameEnd),
             scan_.overload & 2, Area::Sname);
  if (n <= kFileAt) return;
  name_field(root, "dhcp.file", "Boot file name", kFileAt, std::min(n, kFileEnd),
             scan_.overload & 1, Area::File);
  if (n < kFileEnd) return;
  if (n == kBootpHeaderSize) {
    d_.warnf(root, Severity::Note, {"no magic cookie and no options: plain BOOTP"});
    return;
  }
  if (n < kOptionsStart) {
    const NodeId c = add(root, "dhcp.cookie", kBootpHeaderSize, n - kBootpHeaderSize);
    d_.warnf(c, Severity::Error, {"truncated magic cookie"});
    return;
  }
  const NodeId c = add(root, "dhcp.cookie", kBootpHeaderSize, 4);
  s.clear();
  append_ipv4(s, p_.data() + kBootpHeaderSize);
  tree_.set_string(c, s);
  t.assign("Magic cookie: ");
  t += scan_.cookie_ok ? std::string_view("DHCP") : std::string_view(s);
  tree_.set_text(c, t);
  if (!scan_.cookie_ok)
    d_.warnf(c, Severity::Error,
             {"bad magic cookie ", s,
              " (DHCP needs 99.130.83.99 = 63:82:53:63); options decoded anyway"});
}

NodeId Dissector::name_field(NodeId root, std::string_view name, std::string_view label,
                             std::size_t begin, std::size_t end, bool overloaded, Area area) {
  TextBuf& t = d_.text();
  const NodeId f = add(root, name, begin, end - begin);
  if (overloaded) {
    t.assign(label);
    t += " option overloaded by DHCP";
    tree_.set_text(f, t);
    d_.warnf(f, Severity::Note, {label, " option overloaded by DHCP (option 52)"});
    emit_area(area, f);
    if (!scan_.end_in(area))
      d_.warnf(f, Severity::Warn, {"overloaded field has no End option (255)"});
    return f;
  }
  const auto value = stringz(p_.subspan(begin, end - begin));
  tree_.set_string(f, value);
  if (end - begin < (area == Area::File ? kFileEnd - kFileAt : kSnameEnd - kSnameAt))
    d_.warnf(f, Severity::Warn, {label, " field is cut short by the end of the data"});
  if (value.empty()) {  // else "Server host name: ..." by default
    t.assign(label);
    t += " not given";
    tree_.set_text(f, t);
  }
  return f;
}

void Dissector::emit_area(Area area, NodeId parent) {
  for (std::size_t k = 0; k < sc_.occ.size(); ++k)
    if (sc_.occ[k].area == area) emit_option(k, parent);
}

void Dissector::emit_option(std::size_t k, NodeId parent) {
  const Occurrence o = sc_.occ[k];
  TextBuf& t = d_.text();
  TextBuf& s = d_.value();
  switch (o.kind) {
    case Occurrence::Pad:
    case Occurrence::Trailing: {
      bool zeros = true;
      for (std::size_t i = 0; i < o.len; ++i) zeros = zeros && p_[o.off + i] == 0;
      // Zero fill after End in an overloaded sname/file is that field's normal tail, already
      // covered by its node (tshark shows no padding there either).
      if (zeros && o.kind == Occurrence::Trailing && o.area != Area::Options) return;
      const NodeId n =
          add(parent, zeros ? "dhcp.option.padding" : "dhcp.option.trailing_data", o.off, o.len);
      s.clear();
      append_colon_hex(s, p_.subspan(o.off, o.len));
      tree_.set_string(n, s);
      t.assign(zeros ? "Padding: " : "Trailing data: ");
      append_plain_hex(t, p_.subspan(o.off, o.len));
      tree_.set_text(n, t);
      if (!zeros) d_.warnf(n, Severity::Warn, {"junk after the End option (255)"});
      return;
    }
    // Titles ("Option: (255) End") and "Option End: 255" are the registry's default lines.
    case Occurrence::End: {
      const NodeId n = uint_field(parent, "dhcp.option.type", o.off, 1, 255);
      uint_field(n, "dhcp.option.end", o.off, 1, 255);
      return;
    }
    case Occurrence::NoLength: {
      const NodeId n = uint_field(parent, "dhcp.option.type", o.off, 1, o.code);
      d_.warnf(n, Severity::Warn, {"option has no room left for its length byte"});
      return;
    }
    case Occurrence::Option:
      break;
  }

  const OptionDef* def = find_option(OptionSpace::Dhcp, o.code);
  // The title "Option: (N) Label" is the registry's default line for dhcp.option.type
  // (dhcp_fields.cpp): it is stored only when it says more (a continuation, a value).
  const auto put_title = [&] {
    t.assign("Option: (");
    append_uint(t, o.code);
    t += ") ";
    t += def ? def->label : "Unknown";
  };
  const NodeId n = add(parent, "dhcp.option.type", o.off, 2 + o.len);
  tree_.set_uint(n, o.code);
  const NodeId ln = add(n, "dhcp.option.length", o.off + 1, 1);
  tree_.set_uint(ln, o.declared);  // "Length: N", the registry's default line
  if (o.truncated) {
    s.clear();
    append_uint(s, o.declared);
    s += " runs past the end of the ";
    s += o.area == Area::Options ? "packet" : o.area == Area::File ? "file field" : "sname field";
    s += " (";
    append_uint(s, o.len);
    s += " bytes left)";
    d_.warnf(n, Severity::Warn, {"option length ", s});
  }

  if (o.continuation) {
    put_title();
    t += " (continued: joined into the first (";
    append_uint(t, o.code);
    t += ") option, RFC 3396)";
    tree_.set_text(n, t);
    d_.warnf(n, Severity::Note,
             {"RFC 3396 continuation: its bytes are decoded with the first occurrence"});
    return;
  }

  // Join the RFC 3396 pieces (this occurrence and every later one with the same code).
  PieceMap& map = sc_.map;
  map.count = 0;
  ValueView view{p_.subspan(o.off + 2, o.len), &map, 0};
  map.add(0, base_ + o.off + 2, o.len);
  std::size_t pieces = 1;
  for (std::size_t m = next_piece(sc_.occ, k); m < sc_.occ.size(); m = next_piece(sc_.occ, m))
    ++pieces;
  if (pieces > 1) {
    sc_.joined.assign(view.data.begin(), view.data.end());
    for (std::size_t m = next_piece(sc_.occ, k); m < sc_.occ.size(); m = next_piece(sc_.occ, m)) {
      const auto& c = sc_.occ[m];
      map.add(static_cast<std::uint32_t>(sc_.joined.size()), base_ + c.off + 2, c.len);
      sc_.joined.insert(sc_.joined.end(), p_.begin() + c.off + 2, p_.begin() + c.off + 2 + c.len);
    }
    view.data = sc_.joined;
    s.clear();
    append_uint(s, pieces);
    s += " pieces, ";
    append_uint(s, sc_.joined.size());
    s += " bytes";
    d_.warnf(n, Severity::Note,
             {"RFC 3396: this option is split into ", s,
              "; decoded here as one value, each field's offset points into the piece it came "
              "from"});
  }

  d_.title_suffix = {};
  d_.decode_value(n, def, view, "dhcp.option.value");

  // "Option: (53) DHCP Message Type (Discover)": tshark shows single values in the title.
  if ((def && def->value_in_title) || !d_.title_suffix.empty()) {
    put_title();
    const NodeId value_node = tree_[ln].next_sibling;
    if (!d_.title_suffix.empty()) {
      t += d_.title_suffix;
    } else if (value_node != kNoNode) {
      const FieldNode& v = tree_[value_node];
      std::string_view shown;
      if (v.kind == ValueKind::UInt)
        shown = value_name(def->names, static_cast<std::uint32_t>(v.uint_value));
      else if (v.kind == ValueKind::String)
        shown = v.str_value;
      if (!shown.empty()) {
        t += " (";
        t += shown;
        t += ')';
      }
    }
    tree_.set_text(n, t);
  }
}

void Dissector::cross_checks() {
  TextBuf& s = d_.value();
  const NodeId vc = facts_.vendor_class_node;
  if (vc == kNoNode) return;
  if (facts_.vci_arch >= 0 && facts_.arch93 >= 0 && facts_.vci_arch != facts_.arch93) {
    s.clear();
    append_uint(s, static_cast<std::uint64_t>(facts_.vci_arch));
    s += " but option 93 says ";
    append_uint(s, static_cast<std::uint64_t>(facts_.arch93));
    s += " (";
    s += arch_name(static_cast<std::uint16_t>(facts_.arch93));
    s += ')';
    d_.warnf(vc, Severity::Warn, {"vendor class Arch is ", s});
  }
  if (facts_.vci_undi_major >= 0 && facts_.undi_major >= 0 &&
      (facts_.vci_undi_major != facts_.undi_major || facts_.vci_undi_minor != facts_.undi_minor)) {
    s.clear();
    append_uint(s, static_cast<std::uint64_t>(facts_.vci_undi_major));
    s += '.';
    append_uint(s, static_cast<std::uint64_t>(facts_.vci_undi_minor));
    s += " but option 94 says ";
    append_uint(s, static_cast<std::uint64_t>(facts_.undi_major));
    s += '.';
    append_uint(s, static_cast<std::uint64_t>(facts_.undi_minor));
    d_.warnf(vc, Severity::Warn, {"vendor class UNDI is ", s});
  }
}

}  // namespace

NodeId dissect_dhcp(std::span<const std::uint8_t> payload, std::uint32_t base_offset,
                    FieldTree& tree, NodeId parent) {
  Dissector d(payload, base_offset, tree);
  return d.run(parent);
}

}  // namespace pxescope
