#include "analyzer/icmpv6/icmpv6_dissector.hpp"

#include <algorithm>
#include <string>

#include "analyzer/link/bytes.hpp"
#include "analyzer/link/ipv6_text.hpp"
#include "analyzer/link/node_helpers.hpp"
#include "analyzer/link/text_format.hpp"
#include "analyzer/tftp/tftp_dissector.hpp"

namespace pxescope {
namespace {

using bytes::be16;
using bytes::be32;

enum class Body : std::uint8_t {
  Error,        // 4 bytes (unused / MTU / pointer), then the invoking packet
  Echo,         // identifier, sequence, data
  RouterSol,    // reserved, options
  RouterAdv,    // hop limit, flags, lifetimes, options
  NeighborSol,  // reserved, target, options
  NeighborAdv,  // flags, target, options
  Redirect,     // reserved, target, destination, options
  MldReport,    // reserved (2), number of records, records
  Mld,          // MLDv1: maximum response delay, reserved, multicast address
  Other,
};

struct MessageKind {
  std::uint8_t type;
  std::string_view name;
  Body body;
  std::string_view word_field;  // the 4 bytes after the checksum of an error message
};
constexpr MessageKind kMessages[] = {
    {1, "Destination Unreachable", Body::Error, "icmpv6.reserved"},
    {2, "Packet Too Big", Body::Error, "icmpv6.mtu"},
    {3, "Time Exceeded", Body::Error, "icmpv6.reserved"},
    {4, "Parameter Problem", Body::Error, "icmpv6.pointer"},
    {128, "Echo (ping) request", Body::Echo, ""},
    {129, "Echo (ping) reply", Body::Echo, ""},
    {130, "Multicast Listener Query", Body::Mld, ""},
    {131, "Multicast Listener Report", Body::Mld, ""},
    {132, "Multicast Listener Done", Body::Mld, ""},
    {133, "Router Solicitation", Body::RouterSol, ""},
    {134, "Router Advertisement", Body::RouterAdv, ""},
    {135, "Neighbor Solicitation", Body::NeighborSol, ""},
    {136, "Neighbor Advertisement", Body::NeighborAdv, ""},
    {137, "Redirect", Body::Redirect, ""},
    {143, "Multicast Listener Report Message v2", Body::MldReport, ""},
};

struct CodeName {
  std::uint8_t type, code;
  std::string_view name;
};
constexpr CodeName kCodes[] = {
    {1, 0, "no route to destination"},
    {1, 1, "Administratively prohibited"},
    {1, 2, "beyond scope of source address"},
    {1, 3, "Address unreachable"},
    {1, 4, "Port unreachable"},
    {1, 5, "source address failed ingress/egress policy"},
    {1, 6, "reject route to destination"},
    {3, 0, "hop limit exceeded in transit"},
    {3, 1, "fragment reassembly time exceeded"},
    {4, 0, "erroneous header field encountered"},
    {4, 1, "unrecognized Next Header type encountered"},
    {4, 2, "unrecognized IPv6 option encountered"},
};

// Neighbor discovery options (RFC 4861 §4.6).
enum NdOption : std::uint8_t {
  kSourceLinkAddr = 1,
  kTargetLinkAddr = 2,
  kPrefixInfo = 3,
  kRedirected = 4,
  kMtu = 5,
};
struct NdOptionName {
  std::uint8_t type;
  std::string_view name;
};
constexpr NdOptionName kNdOptions[] = {
    {kSourceLinkAddr, "Source link-layer address"},
    {kTargetLinkAddr, "Target link-layer address"},
    {kPrefixInfo, "Prefix information"},
    {kRedirected, "Redirected header"},
    {kMtu, "MTU"},
    {25, "Recursive DNS Server"},
    {31, "DNS Search List"},
};

const MessageKind* message_kind(std::uint8_t type) {
  for (const MessageKind& m : kMessages)
    if (m.type == type) return &m;
  return nullptr;
}

std::string_view code_name(std::uint8_t type, std::uint8_t code) {
  for (const CodeName& c : kCodes)
    if (c.type == type && c.code == code) return c.name;
  return {};
}

std::string_view nd_option_name(std::uint8_t type) {
  for (const NdOptionName& o : kNdOptions)
    if (o.type == type) return o.name;
  return "Unknown";
}

class Icmpv6 {
 public:
  Icmpv6(std::span<const std::uint8_t> f, FieldTree& t) : f_(f), t_(t) {}

  NodeId run(const Ipv6Layers& ip);

 private:
  std::span<const std::uint8_t> f_;
  FieldTree& t_;
  Line line_;
  // The Info column, built in a buffer kept from frame to frame (no allocation once warm).
  std::string& info_ = info_buffer();
  static std::string& info_buffer() {
    thread_local std::string buffer;
    buffer.clear();
    return buffer;
  }
  // Link-layer addresses for the Info column (up to 8 bytes as colon hex).
  struct LinkAddr {
    char buf[32] = "";
    std::string_view view() const { return buf; }
    bool empty() const { return buf[0] == '\0'; }
  } source_lla_, target_lla_;

  NodeId flag_node(NodeId parent, std::string_view name, std::uint32_t off, std::uint32_t len,
                   bool v, std::string_view label) {
    const NodeId id = t_.add(parent, name, off, len);
    t_.set_bool(id, v);
    t_.set_text(
        id, line_("%.*s: %s", static_cast<int>(label.size()), label.data(), v ? "Set" : "Not set"));
    return id;
  }
  // Colon hex of up to 8 bytes (link-layer addresses, reserved words).
  LinkAddr hex(std::uint32_t off, std::uint32_t len) {
    LinkAddr a;
    static constexpr char kHex[] = "0123456789abcdef";
    char* p = a.buf;
    for (std::uint32_t i = 0; i < len && i < 8; ++i) {
      if (i) *p++ = ':';
      *p++ = kHex[f_[off + i] >> 4];
      *p++ = kHex[f_[off + i] & 15];
    }
    *p = '\0';
    return a;
  }

  void reserved(NodeId parent, std::uint32_t at, std::uint32_t len) {
    const NodeId r = t_.add(parent, "icmpv6.reserved", at, len);
    const LinkAddr h = hex(at, len);
    t_.set_string(r, h.view());
    t_.set_text(r, line_("Reserved: %s", h.buf));
  }
  void nd_options(NodeId parent, std::uint32_t at, std::uint32_t end);
  void error_body(NodeId icmp, const Ipv6Layers& ip, const MessageKind& kind, std::uint32_t at,
                  std::uint32_t end);
};

void Icmpv6::nd_options(NodeId parent, std::uint32_t at, std::uint32_t end) {
  while (at < end) {
    if (end - at < 2) {
      t_.warn(parent, Severity::Warn, "option header cut short");
      return;
    }
    const std::uint8_t type = f_[at], units = f_[at + 1];
    const std::uint32_t len = units * 8u;
    const std::string_view name = nd_option_name(type);
    const NodeId opt = t_.add(parent, "icmpv6.opt", at, std::min(len ? len : 2, end - at));
    t_.set_text(opt, line_("ICMPv6 Option (%.*s)", static_cast<int>(name.size()), name.data()));
    add_uint(t_, opt, "icmpv6.opt.type", at, 1, type,
                  line_("Type: %.*s (%u)", static_cast<int>(name.size()), name.data(), type));
    add_uint(t_, opt, "icmpv6.opt.length", at + 1, 1, units,
                  line_("Length: %u (%u bytes)", units, len));
    if (len == 0) {
      t_.warn(opt, Severity::Error, "option length 0 is invalid (RFC 4861 §4.6)");
      return;
    }
    if (len > end - at) {
      t_.warn(opt, Severity::Error, line_("option of %u bytes goes past the message", len));
      return;
    }
    const std::uint32_t v = at + 2;
    switch (type) {
      case kSourceLinkAddr:
      case kTargetLinkAddr: {
        const std::uint32_t n = len - 2 >= 6 ? 6 : len - 2;
        const LinkAddr addr = hex(v, n);
        const NodeId a = t_.add(opt, "icmpv6.opt.linkaddr", v, n);
        t_.set_string(a, addr.view());
        t_.set_text(a, line_("Link-layer address: %s", addr.buf));
        const bool source = type == kSourceLinkAddr;
        const NodeId b =
            t_.add(opt, source ? "icmpv6.opt.src_linkaddr" : "icmpv6.opt.target_linkaddr", v, n);
        t_.set_string(b, addr.view());
        t_.set_text(b, line_("%s Link-layer address: %s", source ? "Source" : "Target", addr.buf));
        (source ? source_lla_ : target_lla_) = addr;
        break;
      }
      case kPrefixInfo: {
        if (len != 32) {
          t_.warn(opt, Severity::Warn, "prefix information must be 32 bytes (length 4)");
          break;
        }
        const std::uint8_t flags = f_[v + 1];
        add_uint(t_, opt, "icmpv6.opt.prefix.length", v, 1, f_[v],
                      line_("Prefix Length: %u", f_[v]));
        const NodeId fl = add_uint(t_, opt, "icmpv6.opt.prefix.flag", v + 1, 1, flags,
                                        line_("Flag: 0x%02x", flags));
        flag_node(fl, "icmpv6.opt.prefix.flag.l", v + 1, 1, flags & 0x80, "On-link flag(L)");
        flag_node(fl, "icmpv6.opt.prefix.flag.a", v + 1, 1, flags & 0x40,
                  "Autonomous address-configuration flag(A)");
        flag_node(fl, "icmpv6.opt.prefix.flag.r", v + 1, 1, flags & 0x20, "Router address flag(R)");
        add_uint(t_, opt, "icmpv6.opt.prefix.valid_lifetime", v + 2, 4, be32(&f_[v + 2]),
                      line_("Valid Lifetime: %u", be32(&f_[v + 2])));
        add_uint(t_, opt, "icmpv6.opt.prefix.preferred_lifetime", v + 6, 4, be32(&f_[v + 6]),
                      line_("Preferred Lifetime: %u", be32(&f_[v + 6])));
        add_ipv6_node(t_, line_, f_.data(), opt, "icmpv6.opt.prefix", v + 14, "Prefix");
        break;
      }
      case kMtu:
        if (len != 8) {
          t_.warn(opt, Severity::Warn, "MTU option must be 8 bytes (length 1)");
          break;
        }
        add_uint(t_, opt, "icmpv6.opt.mtu", v + 2, 4, be32(&f_[v + 2]),
                      line_("MTU: %u", be32(&f_[v + 2])));
        break;
      default:
        break;
    }
    at += len;
  }
}

void Icmpv6::error_body(NodeId icmp, const Ipv6Layers& ip, const MessageKind& kind,
                        std::uint32_t at, std::uint32_t end) {
  const std::uint32_t word = be32(&f_[at]);
  if (kind.word_field == "icmpv6.reserved") {
    reserved(icmp, at, 4);
  } else {
    add_uint(t_, icmp, kind.word_field, at, 4, word,
                  line_("%s: %u", kind.type == 2 ? "MTU" : "Pointer", word));
  }
  if (end - at <= 4) return;
  // The invoking packet, as far as it was quoted (RFC 4443 §2.4 (c): cut to the minimum MTU).
  const Ipv6Layers quoted = dissect_ipv6(f_.first(end), at + 4, t_, icmp);
  if (!quoted.header_ok || !quoted.udp_ok) return;
  // Which request the error answers: "Port unreachable (2001:db8::1:69 ← RRQ bootx64.efi)".
  const Ipv6Text dst(quoted.dst.data());
  info_ += line_(" (%s:%u", dst.buf, quoted.dst_port);
  TftpHeader tftp;
  if (quoted.dst_port == 69 && quoted.payload_offset <= end &&
      peek_tftp(f_.subspan(quoted.payload_offset, end - quoted.payload_offset), tftp) &&
      (tftp.opcode == kTftpRrq || tftp.opcode == kTftpWrq)) {
    info_ += tftp.opcode == kTftpRrq ? " \xe2\x86\x90 RRQ " : " \xe2\x86\x90 WRQ ";
    info_ += tftp.file_name;
  }
  info_ += ')';
  (void)ip;
}

NodeId Icmpv6::run(const Ipv6Layers& ip) {
  const std::uint32_t at = ip.upper_offset, end = std::max(ip.end, at);
  const NodeId icmp = t_.add(kNoNode, "icmpv6", at, end - at);
  t_.set_text(icmp, "Internet Control Message Protocol v6");
  if (end - at < 4) {
    t_.warn(icmp, Severity::Error, "truncated ICMPv6 header: 4 bytes needed");
    t_.set_summary("ICMPv6", "Malformed");
    return icmp;
  }
  const std::uint8_t type = f_[at], code = f_[at + 1];
  const MessageKind* kind = message_kind(type);
  const std::string_view name = kind ? kind->name : "Unknown";
  const std::string_view cname = code_name(type, code);
  add_uint(t_, icmp, "icmpv6.type", at, 1, type,
                line_("Type: %.*s (%u)", static_cast<int>(name.size()), name.data(), type));
  add_uint(t_, icmp, "icmpv6.code", at + 1, 1, code,
                cname.empty()
                    ? line_("Code: %u", code)
                    : line_("Code: %u (%.*s)", code, static_cast<int>(cname.size()), cname.data()));
  const NodeId cs = add_uint(t_, icmp, "icmpv6.checksum", at + 2, 2, be16(&f_[at + 2]),
                                  line_("Checksum: 0x%04x", be16(&f_[at + 2])));
  if (!ip.cut && end <= f_.size() && ip.end == end &&
      ipv6_checksum(ip.src, ip.dst, kIpProtoIcmpv6, f_.subspan(at, end - at)) != 0)
    t_.warn(cs, Severity::Warn, "bad ICMPv6 checksum (pseudo-header included)");
  info_.assign(name);
  if (!cname.empty() && kind && kind->body == Body::Error) info_ += line_(" (%s)", cname.data());

  const std::uint32_t body = at + 4;
  const Body what = kind ? kind->body : Body::Other;
  static constexpr std::uint32_t kBodySize[] = {4, 4, 4, 12, 20, 20, 36, 4, 20, 0};
  const std::uint32_t need = kBodySize[static_cast<int>(what)];
  if (end - body < need) {
    t_.warn(icmp, Severity::Error,
            line_("truncated %.*s: %u bytes needed after the header", static_cast<int>(name.size()),
                  name.data(), need));
    t_.set_summary("ICMPv6", info_);
    return icmp;
  }
  switch (what) {
    case Body::Error:
      error_body(icmp, ip, *kind, body, end);
      break;
    case Body::Echo: {
      const std::uint16_t id = be16(&f_[body]), seq = be16(&f_[body + 2]);
      add_uint(t_, icmp, "icmpv6.echo.identifier", body, 2, id,
                    line_("Identifier: 0x%04x", id));
      add_uint(t_, icmp, "icmpv6.echo.sequence_number", body + 2, 2, seq,
                    line_("Sequence: %u", seq));
      info_ += line_(" id=0x%04x, seq=%u", id, seq);
      break;
    }
    case Body::RouterSol:
      reserved(icmp, body, 4);
      nd_options(icmp, body + 4, end);
      if (!source_lla_.empty()) info_.append(" from ").append(source_lla_.view());
      break;
    case Body::RouterAdv: {
      const std::uint8_t flags = f_[body + 1];
      add_uint(t_, icmp, "icmpv6.nd.ra.cur_hop_limit", body, 1, f_[body],
                    line_("Cur hop limit: %u", f_[body]));
      const NodeId fl = add_uint(t_, icmp, "icmpv6.nd.ra.flag", body + 1, 1, flags,
                                      line_("Flags: 0x%02x", flags));
      flag_node(fl, "icmpv6.nd.ra.flag.m", body + 1, 1, flags & 0x80,
                "Managed address configuration");
      flag_node(fl, "icmpv6.nd.ra.flag.o", body + 1, 1, flags & 0x40, "Other configuration");
      flag_node(fl, "icmpv6.nd.ra.flag.h", body + 1, 1, flags & 0x20, "Home Agent");
      add_uint(t_, fl, "icmpv6.nd.ra.flag.prf", body + 1, 1, (flags >> 3) & 3,
                    line_("Prf (Default Router Preference): %u", (flags >> 3) & 3));
      add_uint(t_, icmp, "icmpv6.nd.ra.router_lifetime", body + 2, 2, be16(&f_[body + 2]),
                    line_("Router lifetime (s): %u", be16(&f_[body + 2])));
      add_uint(t_, icmp, "icmpv6.nd.ra.reachable_time", body + 4, 4, be32(&f_[body + 4]),
                    line_("Reachable time (ms): %u", be32(&f_[body + 4])));
      add_uint(t_, icmp, "icmpv6.nd.ra.retrans_timer", body + 8, 4, be32(&f_[body + 8]),
                    line_("Retrans timer (ms): %u", be32(&f_[body + 8])));
      nd_options(icmp, body + 12, end);
      if (!source_lla_.empty()) info_.append(" from ").append(source_lla_.view());
      break;
    }
    case Body::NeighborSol: {
      reserved(icmp, body, 4);
      add_ipv6_node(t_, line_, f_.data(), icmp, "icmpv6.nd.ns.target_address", body + 4,
                    "Target Address");
      nd_options(icmp, body + 20, end);
      info_ += " for ";
      info_ += Ipv6Text(&f_[body + 4]).view();
      if (!source_lla_.empty()) info_.append(" from ").append(source_lla_.view());
      break;
    }
    case Body::NeighborAdv: {
      const std::uint32_t flags = be32(&f_[body]);
      const NodeId fl = add_uint(t_, icmp, "icmpv6.nd.na.flag", body, 4, flags,
                                      line_("Flags: 0x%08x", flags));
      flag_node(fl, "icmpv6.nd.na.flag.r", body, 4, flags & 0x80000000u, "Router");
      flag_node(fl, "icmpv6.nd.na.flag.s", body, 4, flags & 0x40000000u, "Solicited");
      flag_node(fl, "icmpv6.nd.na.flag.o", body, 4, flags & 0x20000000u, "Override");
      add_ipv6_node(t_, line_, f_.data(), icmp, "icmpv6.nd.na.target_address", body + 4,
                    "Target Address");
      nd_options(icmp, body + 20, end);
      info_ += ' ';
      info_ += Ipv6Text(&f_[body + 4]).view();
      const bool r = flags & 0x80000000u, s = flags & 0x40000000u, o = flags & 0x20000000u;
      if (r || s || o) {
        info_ += " (";
        info_ += r ? "rtr" : "";
        info_ += s ? (r ? ", sol" : "sol") : "";
        info_ += o ? (r || s ? ", ovr" : "ovr") : "";
        info_ += ')';
      }
      if (!target_lla_.empty()) info_.append(" is at ").append(target_lla_.view());
      break;
    }
    case Body::Redirect:
      reserved(icmp, body, 4);
      add_ipv6_node(t_, line_, f_.data(), icmp, "icmpv6.nd.rd.target_address", body + 4,
                    "Target Address");
      nd_options(icmp, body + 36, end);
      break;
    case Body::MldReport:
      reserved(icmp, body, 2);
      break;
    case Body::Mld:
      add_uint(t_, icmp, "icmpv6.mld.maximum_response_delay", body, 2, be16(&f_[body]),
                    line_("Maximum Response Delay [ms]: %u", be16(&f_[body])));
      reserved(icmp, body + 2, 2);
      add_ipv6_node(t_, line_, f_.data(), icmp, "icmpv6.mld.multicast_address", body + 4,
                    "Multicast Address");
      break;
    case Body::Other:
      break;
  }
  t_.set_summary("ICMPv6", info_);
  return icmp;
}

}  // namespace

NodeId dissect_icmpv6(std::span<const std::uint8_t> frame, const Ipv6Layers& ip, FieldTree& tree) {
  return Icmpv6(frame, tree).run(ip);
}

}  // namespace pxescope
