#include "analyzer/link/ipv6_dissector.hpp"

#include <algorithm>

#include "analyzer/link/bytes.hpp"
#include "analyzer/link/ipv6_text.hpp"
#include "analyzer/link/node_helpers.hpp"
#include "analyzer/link/text_format.hpp"

namespace pxescope {
namespace {

using bytes::be16;
using bytes::be32;

constexpr std::uint8_t kHopByHop = 0, kRouting = 43, kFragment = 44, kDestOptions = 60,
                       kNoNextHeader = 59;
constexpr std::uint32_t kFixedHeader = 40;

struct ProtocolName {
  std::uint8_t proto;
  std::string_view name;
};
constexpr ProtocolName kProtocolNames[] = {
    {0, "IPv6 Hop-by-Hop Option"},
    {1, "ICMP"},
    {4, "IPIP"},
    {6, "TCP"},
    {17, "UDP"},
    {41, "IPv6"},
    {43, "Routing Header for IPv6"},
    {44, "Fragment Header for IPv6"},
    {50, "Encap Security Payload"},
    {51, "Authentication Header"},
    {58, "ICMPv6"},
    {59, "IPv6 No Next Header"},
    {60, "Destination Options for IPv6"},
};

// The extension headers: the field prefix tshark gives each, and its label.
struct ExtHeader {
  std::uint8_t proto;
  std::string_view prefix;  // "ipv6.hopopts"
  std::string_view next_field, length_field;
  std::string_view label;
};
constexpr ExtHeader kExtHeaders[] = {
    {kHopByHop, "ipv6.hopopts", "ipv6.hopopts.nxt", "ipv6.hopopts.len", "IPv6 Hop-by-Hop Option"},
    {kRouting, "ipv6.routing", "ipv6.routing.nxt", "ipv6.routing.len", "Routing Header for IPv6"},
    {kDestOptions, "ipv6.dstopts", "ipv6.dstopts.nxt", "ipv6.dstopts.len",
     "Destination Options for IPv6"},
};

const ExtHeader* ext_header(std::uint8_t proto) {
  for (const ExtHeader& h : kExtHeaders)
    if (h.proto == proto) return &h;
  return nullptr;
}

class Walk {
 public:
  Walk(std::span<const std::uint8_t> f, FieldTree& t, bool quoted)
      : f_(f), t_(t), quoted_(quoted) {}

  std::string_view next_text(std::uint8_t nxt) {
    const std::string_view name = ipv6_next_header_name(nxt);
    return line_("Next Header: %.*s (%u)", static_cast<int>(name.size()), name.data(), nxt);
  }

  // Options of a hop-by-hop or destination options header (Pad1, PadN, others as type+len).
  void tlv_options(NodeId parent, std::uint32_t at, std::uint32_t end) {
    while (at < end) {
      const std::uint8_t type = f_[at];
      if (type == 0) {  // Pad1
        const NodeId id = t_.add(parent, "ipv6.opt.pad1", at, 1);
        t_.set_text(id, "Pad1");
        ++at;
        continue;
      }
      if (end - at < 2) {
        t_.warn(parent, Severity::Warn, "option cut short");
        return;
      }
      const std::uint8_t len = f_[at + 1];
      const NodeId opt = t_.add(parent, "ipv6.opt", at, std::min<std::uint32_t>(2 + len, end - at));
      t_.set_text(opt, type == 1 ? "PadN" : type == 5 ? "Router Alert" : "IPv6 Option");
      add_uint(t_, opt, "ipv6.opt.type", at, 1, type, line_("Type: %u", type));
      add_uint(t_, opt, "ipv6.opt.length", at + 1, 1, len, line_("Length: %u", len));
      if (len > end - at - 2) {
        t_.warn(opt, Severity::Warn, line_("option length %u goes past its header", len));
        return;
      }
      if (type == 5 && len == 2)
        add_uint(t_, opt, "ipv6.opt.router_alert", at + 2, 2, be16(&f_[at + 2]),
                 line_("Router Alert: %u", be16(&f_[at + 2])));
      at += 2u + len;
    }
  }

  Ipv6Layers run(std::uint32_t off, NodeId parent);

 private:
  std::span<const std::uint8_t> f_;
  FieldTree& t_;
  bool quoted_;
  Line line_;

  void udp(Ipv6Layers& r, NodeId parent);
};

Ipv6Layers Walk::run(std::uint32_t off, NodeId parent) {
  Ipv6Layers r;
  const std::size_t n = f_.size();
  const std::size_t avail = n > off ? n - off : 0;
  const NodeId ip =
      t_.add(parent, "ipv6", off, static_cast<std::uint32_t>(std::min<std::size_t>(avail, 40)));
  r.ip_node = ip;
  if (avail < kFixedHeader || (f_[off] >> 4) != 6) {
    t_.set_text(ip, "Internet Protocol Version 6");
    t_.warn(
        ip, Severity::Error,
        avail < kFixedHeader ? "truncated IPv6 header: 40 bytes needed" : "IPv6 version is not 6");
    r.failure = avail < kFixedHeader ? "truncated IPv6 header" : "bad IPv6 version";
    return r;
  }
  const std::uint8_t* h = f_.data() + off;
  r.header_ok = true;
  std::copy(h + 8, h + 24, r.src.begin());
  std::copy(h + 24, h + 40, r.dst.begin());
  const Ipv6Text src(h + 8), dst(h + 24);
  t_.set_text(ip, line_("Internet Protocol Version 6, Src: %s, Dst: %s", src.buf, dst.buf));
  const std::uint32_t first = be32(h);
  const std::uint32_t tclass = (first >> 20) & 0xff, flow = first & 0xfffff;
  const std::uint16_t plen = be16(h + 4);
  std::uint8_t nxt = h[6];
  add_uint(t_, ip, "ipv6.version", off, 1, 6, "0110 .... = Version: 6");
  const NodeId tc =
      add_uint(t_, ip, "ipv6.tclass", off, 2, tclass, line_("Traffic Class: 0x%02x", tclass));
  add_uint(t_, tc, "ipv6.tclass.dscp", off, 2, tclass >> 2,
           line_("Differentiated Services Codepoint: %u", tclass >> 2));
  add_uint(t_, tc, "ipv6.tclass.ecn", off, 2, tclass & 3,
           line_("Explicit Congestion Notification: %u", tclass & 3));
  add_uint(t_, ip, "ipv6.flow", off + 1, 3, flow, line_("Flow Label: 0x%05x", flow));
  const NodeId plen_node =
      add_uint(t_, ip, "ipv6.plen", off + 4, 2, plen, line_("Payload Length: %u", plen));
  add_uint(t_, ip, "ipv6.nxt", off + 6, 1, nxt, next_text(nxt));
  add_uint(t_, ip, "ipv6.hlim", off + 7, 1, h[7], line_("Hop Limit: %u", h[7]));
  add_ipv6_node(t_, line_, f_.data(), ip, "ipv6.src", off + 8, "Source Address");
  add_ipv6_node(t_, line_, f_.data(), ip, "ipv6.dst", off + 24, "Destination Address");

  // The payload length bounds the datagram (Ethernet pads short frames); jumbograms (0)
  // are not expected on a boot LAN.
  std::size_t end = off + kFixedHeader + plen;
  if (end > n) {
    if (!quoted_)
      t_.warn(plen_node, Severity::Warn,
              line_("payload length %u goes past the captured data (%zu bytes present)", plen,
                    n - off - kFixedHeader));
    end = n;
    r.cut = true;
  }
  r.end = static_cast<std::uint32_t>(end);

  std::uint32_t at = off + kFixedHeader;
  for (int count = 0; count < 16; ++count) {  // bounded: a loop of headers is malformed
    if (const ExtHeader* ext = ext_header(nxt)) {
      if (end - at < 8) {
        t_.warn(ip, Severity::Error,
                line_("truncated %.*s", static_cast<int>(ext->label.size()), ext->label.data()));
        r.failure = "truncated IPv6 extension header";
        return r;
      }
      const std::uint32_t len = (f_[at + 1] + 1u) * 8u;
      const NodeId hdr = t_.add(ip, ext->prefix, at,
                                static_cast<std::uint32_t>(std::min<std::size_t>(len, end - at)));
      t_.set_text(hdr, ext->label);
      add_uint(t_, hdr, ext->next_field, at, 1, f_[at], next_text(f_[at]));
      add_uint(t_, hdr, ext->length_field, at + 1, 1, f_[at + 1],
               line_("Length: %u (%u bytes)", f_[at + 1], len));
      if (len > end - at) {
        t_.warn(hdr, Severity::Error, line_("header length %u goes past the datagram", len));
        r.failure = "truncated IPv6 extension header";
        return r;
      }
      if (nxt == kRouting) {
        add_uint(t_, hdr, "ipv6.routing.type", at + 2, 1, f_[at + 2],
                 line_("Type: %u", f_[at + 2]));
        add_uint(t_, hdr, "ipv6.routing.segleft", at + 3, 1, f_[at + 3],
                 line_("Segments Left: %u", f_[at + 3]));
      } else {
        tlv_options(hdr, at + 2, at + len);
      }
      if (nxt == kHopByHop && at != off + kFixedHeader)
        t_.warn(hdr, Severity::Warn, "a hop-by-hop header must come right after the IPv6 header");
      nxt = f_[at];
      at += len;
      continue;
    }
    if (nxt == kFragment) {
      if (end - at < 8) {
        t_.warn(ip, Severity::Error, "truncated Fragment Header for IPv6");
        r.failure = "truncated IPv6 extension header";
        return r;
      }
      const NodeId hdr = t_.add(ip, "ipv6.fraghdr", at, 8);
      const std::uint16_t fo = be16(&f_[at + 2]);
      const std::uint16_t offset = fo >> 3;  // in 8-byte units, as tshark holds it
      const bool more = fo & 1;
      const std::uint32_t ident = be32(&f_[at + 4]);
      t_.set_text(hdr, line_("Fragment Header for IPv6, off=%u, more=%s, ident=0x%08x", offset * 8u,
                             more ? "y" : "n", ident));
      add_uint(t_, hdr, "ipv6.fraghdr.nxt", at, 1, f_[at], next_text(f_[at]));
      add_uint(t_, hdr, "ipv6.fraghdr.offset", at + 2, 2, offset,
               line_("Offset: %u (%u bytes)", offset, offset * 8u));
      const NodeId m = add_uint(t_, hdr, "ipv6.fraghdr.more", at + 3, 1, more,
                                line_("More Fragments: %s", more ? "Yes" : "No"));
      t_[m].kind = ValueKind::Bool;
      add_uint(t_, hdr, "ipv6.fraghdr.ident", at + 4, 4, ident,
               line_("Identification: 0x%08x", ident));
      nxt = f_[at];
      at += 8;
      if (offset != 0) {
        r.later_fragment = true;
        t_.warn(hdr, Severity::Note, "later IPv6 fragment: not reassembled, not decoded");
        r.failure = "IPv6 fragment (not the first)";
        r.upper_protocol = nxt;
        r.upper_offset = at;
        return r;
      }
      if (more)
        t_.warn(hdr, Severity::Warn,
                "first fragment only: the rest of the datagram is in later fragments (not "
                "reassembled)");
      continue;
    }
    break;
  }
  r.upper_protocol = nxt;
  r.upper_offset = at;
  t_[ip].length = std::min<std::uint32_t>(at, static_cast<std::uint32_t>(end)) - off;
  if (nxt == kIpProtoUdp)
    udp(r, parent);
  else if (nxt == kNoNextHeader)
    r.failure = "IPv6, no next header";
  else if (nxt != kIpProtoIcmpv6)
    r.failure = "IPv6, not UDP or ICMPv6";
  return r;
}

void Walk::udp(Ipv6Layers& r, NodeId parent) {
  const std::uint32_t off = r.upper_offset;
  const std::size_t avail = r.end > off ? r.end - off : 0;
  const NodeId u =
      t_.add(parent, "udp", off, static_cast<std::uint32_t>(std::min<std::size_t>(avail, 8)));
  if (avail < 8) {
    t_.set_text(u, "User Datagram Protocol");
    if (!quoted_) t_.warn(u, Severity::Error, "truncated UDP header: 8 bytes needed");
    r.failure = "truncated UDP header";
    return;
  }
  const std::uint8_t* p = f_.data() + off;
  r.src_port = be16(p);
  r.dst_port = be16(p + 2);
  const std::uint16_t length = be16(p + 4), sum = be16(p + 6);
  t_.set_text(u,
              line_("User Datagram Protocol, Src Port: %u, Dst Port: %u", r.src_port, r.dst_port));
  add_uint(t_, u, "udp.srcport", off, 2, r.src_port, line_("Source Port: %u", r.src_port));
  add_uint(t_, u, "udp.dstport", off + 2, 2, r.dst_port, line_("Destination Port: %u", r.dst_port));
  const NodeId len = add_uint(t_, u, "udp.length", off + 4, 2, length, line_("Length: %u", length));
  const NodeId cs =
      add_uint(t_, u, "udp.checksum", off + 6, 2, sum, line_("Checksum: 0x%04x", sum));
  std::size_t payload = avail - 8;
  if (length < 8) {
    t_.warn(len, Severity::Warn, "UDP length smaller than its 8-byte header");
  } else if (length - 8u < payload) {
    payload = length - 8u;
  } else if (length - 8u > payload && !quoted_) {
    t_.warn(len, Severity::Warn,
            line_("UDP length %u goes past the captured data (%zu payload bytes present)", length,
                  payload));
  }
  // RFC 8200 §8.1: the checksum is mandatory over IPv6; check it when the datagram is whole.
  if (!quoted_) {
    if (sum == 0)
      t_.warn(cs, Severity::Warn, "UDP checksum 0 is not allowed over IPv6 (RFC 8200 §8.1)");
    else if (length >= 8 && off + length <= r.end &&
             ipv6_checksum(r.src, r.dst, kIpProtoUdp, f_.subspan(off, length)) != 0) {
      // Captured on the sending host with checksum offload, the field holds only the
      // pseudo-header's sum for the NIC to finish: not an error on the wire.
      const std::uint16_t pseudo = pseudo_header_sum(r.src, r.dst, kIpProtoUdp, length);
      const bool offloaded = sum == pseudo || sum == static_cast<std::uint16_t>(~pseudo);
      if (offloaded)
        t_.warn(cs, Severity::Note,
                "checksum left to the network card (offload): captured on the sending host, "
                "not checked");
      else
        t_.warn(cs, Severity::Warn, "bad UDP checksum (pseudo-header included)");
    }
  }
  r.udp_ok = true;
  r.payload_offset = off + 8;
  r.payload_length = static_cast<std::uint32_t>(payload);
}

}  // namespace

std::string_view ipv6_next_header_name(std::uint8_t proto) {
  for (const ProtocolName& p : kProtocolNames)
    if (p.proto == proto) return p.name;
  return "Unknown";
}

namespace {

// One's complement sum of big-endian 16-bit words, not folded.
std::uint64_t word_sum(std::span<const std::uint8_t> b) {
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i + 1 < b.size(); i += 2) sum += be16(b.data() + i);
  if (b.size() % 2) sum += std::uint32_t{b.back()} << 8;
  return sum;
}

std::uint16_t fold(std::uint64_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

}  // namespace

std::uint16_t pseudo_header_sum(const Ipv6Address& src, const Ipv6Address& dst, std::uint8_t proto,
                                std::uint32_t length) {
  return fold(word_sum(src) + word_sum(dst) + (length >> 16) + (length & 0xffff) + proto);
}

std::uint16_t ipv6_checksum(const Ipv6Address& src, const Ipv6Address& dst, std::uint8_t proto,
                            std::span<const std::uint8_t> data) {
  const std::uint32_t length = static_cast<std::uint32_t>(data.size());
  return static_cast<std::uint16_t>(
      ~fold(std::uint64_t{pseudo_header_sum(src, dst, proto, length)} + word_sum(data)) & 0xffff);
}

Ipv6Layers dissect_ipv6(std::span<const std::uint8_t> frame, std::uint32_t off, FieldTree& tree,
                        NodeId parent) {
  return Walk(frame, tree, parent != kNoNode).run(off, parent);
}

}  // namespace pxescope
