#include "analyzer/link/link_dissector.hpp"

#include "analyzer/link/bytes.hpp"
#include "analyzer/link/text_format.hpp"

namespace pxescope {
namespace {

using bytes::be16;
using bytes::be32;

NodeId add_uint(FieldTree& t, NodeId parent, std::string_view name, std::uint32_t off,
                std::uint32_t len, std::uint64_t v, std::string_view text) {
  const NodeId id = t.add(parent, name, off, len);
  t.set_uint(id, v);
  t.set_text(id, text);
  return id;
}

// Nodes whose line is the registry's default ("Description: value", *_fields.cpp): no text
// is made here; a view makes it when it asks (node_text).
NodeId add_value(FieldTree& t, NodeId parent, std::string_view name, std::uint32_t off,
                 std::uint32_t len, std::uint64_t v) {
  const NodeId id = t.add(parent, name, off, len);
  t.set_uint(id, v);
  return id;
}

NodeId add_str(FieldTree& t, NodeId parent, std::string_view name, std::uint32_t off,
               std::uint32_t len, std::string_view v) {
  const NodeId id = t.add(parent, name, off, len);
  t.set_string(id, v);
  return id;
}

// An EtherType: "Type: IPv4 (0x0800)" from the registry's names.
NodeId add_type(FieldTree& t, NodeId parent, std::string_view name, std::uint32_t off,
                std::uint16_t type) {
  return add_value(t, parent, name, off, 2, type);
}

NodeId add_ethernet(const std::uint8_t* p, std::size_t n, FieldTree& t) {
  const NodeId eth = t.add(kNoNode, "eth", 0, static_cast<std::uint32_t>(n < 14 ? n : 14));
  if (n < 14) {
    t.set_text(eth, "Ethernet II");
    t.warn(eth, Severity::Error, "truncated Ethernet header: 14 bytes needed");
    return eth;
  }
  const MacText src(p + 6), dst(p);
  TextLine title;
  t.set_text(eth, (title << "Ethernet II, Src: " << src.view() << ", Dst: " << dst.view()).view());
  add_str(t, eth, "eth.dst", 0, 6, dst.view());
  add_str(t, eth, "eth.src", 6, 6, src.view());
  add_type(t, eth, "eth.type", 12, be16(p + 12));
  return eth;
}

NodeId add_sll(const std::uint8_t* p, std::size_t n, FieldTree& t) {
  const NodeId sll = t.add(kNoNode, "sll", 0, static_cast<std::uint32_t>(n < 16 ? n : 16));
  t.set_text(sll, "Linux cooked capture v1");
  if (n < 16) {
    t.warn(sll, Severity::Error, "truncated Linux cooked header: 16 bytes needed");
    return sll;
  }
  const std::uint16_t pkttype = be16(p), hatype = be16(p + 2), halen = be16(p + 4);
  add_value(t, sll, "sll.pkttype", 0, 2, pkttype);
  add_value(t, sll, "sll.hatype", 2, 2, hatype);
  add_value(t, sll, "sll.halen", 4, 2, halen);
  if (hatype == 1 && halen == 6) add_str(t, sll, "sll.src.eth", 6, 6, MacText(p + 6).view());
  add_type(t, sll, "sll.etype", 14, be16(p + 14));
  return sll;
}

NodeId add_sll2(const std::uint8_t* p, std::size_t n, FieldTree& t) {
  const NodeId sll = t.add(kNoNode, "sll", 0, static_cast<std::uint32_t>(n < 20 ? n : 20));
  t.set_text(sll, "Linux cooked capture v2");
  if (n < 20) {
    t.warn(sll, Severity::Error, "truncated Linux cooked v2 header: 20 bytes needed");
    return sll;
  }
  add_type(t, sll, "sll.etype", 0, be16(p));
  add_value(t, sll, "sll.ifindex", 4, 4, be32(p + 4));
  const std::uint16_t hatype = be16(p + 8);
  add_value(t, sll, "sll.hatype", 8, 2, hatype);
  const std::uint8_t pkttype = p[10], halen = p[11];
  add_value(t, sll, "sll.pkttype", 10, 1, pkttype);
  add_value(t, sll, "sll.halen", 11, 1, halen);
  if (hatype == 1 && halen == 6) add_str(t, sll, "sll.src.eth", 12, 6, MacText(p + 12).view());
  return sll;
}

// One tag at `off` (TCI then the next type). The TPID before it says which kind.
NodeId add_vlan_tag(const std::uint8_t* p, std::uint32_t off, std::uint16_t tpid, FieldTree& t) {
  const bool provider = tpid == 0x88a8;
  const std::uint16_t tci = be16(p + off);
  const std::uint16_t pri = tci >> 13, dei = (tci >> 12) & 1, vid = tci & 0x0fff;
  const NodeId tag = t.add(kNoNode, provider ? "ieee8021ad" : "vlan", off, 4);
  Line line;
  t.set_text(
      tag, line(provider ? "IEEE 802.1ad, ID: %u" : "802.1Q Virtual LAN, PRI: %u, DEI: %u, ID: %u",
                provider ? vid : pri, dei, vid));
  add_value(t, tag, provider ? "ieee8021ad.priority" : "vlan.priority", off, 2, pri);
  add_value(t, tag, provider ? "ieee8021ad.dei" : "vlan.dei", off, 2, dei);
  add_value(t, tag, provider ? "ieee8021ad.id" : "vlan.id", off, 2, vid);
  // tshark names the type after an 802.1ad tag "ieee8021ah.etype".
  add_type(t, tag, provider ? "ieee8021ah.etype" : "vlan.etype", off + 2, be16(p + off + 2));
  return tag;
}

NodeId add_ipv4(const std::uint8_t* p, std::size_t n, const UdpLocation& loc, FieldTree& t) {
  const std::uint32_t off = loc.ip_offset;
  const std::size_t avail = n - off;
  const std::uint32_t hl = loc.reached >= UdpStage::Ipv4 ? loc.ip_header_length : 20;
  const NodeId ip = t.add(kNoNode, "ip", off, static_cast<std::uint32_t>(avail < hl ? avail : hl));
  Line line;
  if (loc.reached < UdpStage::Ipv4) {
    t.set_text(ip, "Internet Protocol Version 4");
    t.warn(ip, Severity::Error,
           avail < 20 ? "truncated IPv4 header: 20 bytes needed"
                      : "bad IPv4 version or header length");
    return ip;
  }
  const Ipv4Text src(loc.src_ip), dst(loc.dst_ip);
  TextLine title;
  t.set_text(
      ip, (title << "Internet Protocol Version 4, Src: " << src.view() << ", Dst: " << dst.view())
              .view());
  const std::uint8_t* h = p + off;
  add_value(t, ip, "ip.version", off, 1, h[0] >> 4);
  add_uint(t, ip, "ip.hdr_len", off, 1, loc.ip_header_length,
           line("Header Length: %u bytes (%u)", loc.ip_header_length, loc.ip_header_length / 4));
  add_value(t, ip, "ip.len", off + 2, 2, loc.ip_total_length);
  add_uint(t, ip, "ip.id", off + 4, 2, be16(h + 4),
           line("Identification: 0x%04x (%u)", be16(h + 4), be16(h + 4)));
  add_uint(t, ip, "ip.flags.mf", off + 6, 1, loc.ip_more_fragments ? 1 : 0,
           line("More fragments: %s", loc.ip_more_fragments ? "Set" : "Not set"));
  add_value(t, ip, "ip.frag_offset", off + 6, 2, loc.ip_fragment_offset * 8u);
  add_value(t, ip, "ip.ttl", off + 8, 1, h[8]);
  add_value(t, ip, "ip.proto", off + 9, 1, loc.ip_proto);
  add_value(t, ip, "ip.checksum", off + 10, 2, be16(h + 10));
  add_str(t, ip, "ip.src", off + 12, 4, src.view());
  add_str(t, ip, "ip.dst", off + 16, 4, dst.view());
  if (loc.ip_header_length > 20) {
    const NodeId opts = t.add(
        ip, "ip.options", off + 20,
        static_cast<std::uint32_t>(avail < loc.ip_header_length ? (avail > 20 ? avail - 20 : 0)
                                                                : loc.ip_header_length - 20));
    t.set_text(opts, line("Options: (%u bytes)", loc.ip_header_length - 20));
    if (avail < loc.ip_header_length) t.warn(opts, Severity::Error, "truncated IPv4 options");
  }
  if (loc.ip_more_fragments && loc.ip_fragment_offset == 0)
    t.warn(ip, Severity::Warn,
           "first fragment only: the rest of the datagram is in later fragments (not reassembled)");
  else if (loc.ip_fragment_offset != 0)
    t.warn(ip, Severity::Note, "later IPv4 fragment: not reassembled, not decoded");
  if (loc.ip_total_length < loc.ip_header_length)
    t.warn(ip, Severity::Warn, "IPv4 total length smaller than the header");
  return ip;
}

NodeId add_udp(const std::uint8_t* p, std::size_t end, const UdpLocation& loc, FieldTree& t) {
  const std::uint32_t off = loc.udp_offset;
  const std::size_t avail = end > off ? end - off : 0;
  const NodeId udp = t.add(kNoNode, "udp", off, static_cast<std::uint32_t>(avail < 8 ? avail : 8));
  Line line;
  if (loc.reached < UdpStage::Udp) {
    t.set_text(udp, "User Datagram Protocol");
    t.warn(udp, Severity::Error, "truncated UDP header: 8 bytes needed");
    return udp;
  }
  TextLine title;
  t.set_text(udp, (title << "User Datagram Protocol, Src Port: " << unsigned{loc.src_port}
                         << ", Dst Port: " << unsigned{loc.dst_port})
                      .view());
  add_value(t, udp, "udp.srcport", off, 2, loc.src_port);
  add_value(t, udp, "udp.dstport", off + 2, 2, loc.dst_port);
  const NodeId len = add_value(t, udp, "udp.length", off + 4, 2, loc.udp_length);
  add_value(t, udp, "udp.checksum", off + 6, 2, be16(p + off + 6));
  if (loc.udp_length < 8)
    t.warn(len, Severity::Warn, "UDP length smaller than its 8-byte header");
  else if (loc.payload_cut)
    t.warn(len, Severity::Warn,
           line("UDP length %u goes past the captured data (%u payload bytes present)",
                loc.udp_length, loc.payload_length));
  return udp;
}

}  // namespace

bool dissect_link_layers(const Frame& frame, FieldTree& tree, UdpLocation& loc, LinkNodes& nodes) {
  const std::uint8_t* p = frame.data.data();
  const std::size_t n = frame.data.size();
  nodes = {};
  const bool found = locate_udp(frame.data, frame.link_type, loc);

  switch (loc.link) {
    case LinkKind::Ethernet:
      nodes.first = add_ethernet(p, n, tree);
      break;
    case LinkKind::Sll:
      nodes.first = add_sll(p, n, tree);
      break;
    case LinkKind::Sll2:
      nodes.first = add_sll2(p, n, tree);
      break;
    case LinkKind::RawIp:
    case LinkKind::Unsupported:
      break;
  }
  // VLAN tags (made even when the walk stopped inside them).
  if (loc.link == LinkKind::Ethernet || loc.link == LinkKind::Sll || loc.link == LinkKind::Sll2) {
    std::uint32_t tpid_at = loc.link == LinkKind::Ethernet ? 12
                            : loc.link == LinkKind::Sll    ? 14
                                                           : 0;
    for (int i = 0; i < loc.vlan_count; ++i) {
      add_vlan_tag(p, loc.vlan_offset[i], be16(p + tpid_at), tree);
      tpid_at = loc.vlan_offset[i] + 2;
    }
    if (loc.failure == "truncated VLAN tag" || loc.failure == "too many VLAN tags") {
      const std::uint32_t off =
          loc.vlan_count ? loc.vlan_offset[loc.vlan_count - 1] + 4 : loc.link_header_length;
      const NodeId tag =
          tree.add(kNoNode, "vlan", off, static_cast<std::uint32_t>(n - off < 4 ? n - off : 4));
      tree.set_text(tag, "802.1Q Virtual LAN");
      tree.warn(tag, Severity::Error, loc.failure);
    }
  }
  if (loc.reached >= UdpStage::Link && loc.ethertype == kEtherTypeIpv4) {
    nodes.ip = add_ipv4(p, n, loc, tree);
    if (nodes.first == kNoNode) nodes.first = nodes.ip;
    if (loc.reached >= UdpStage::Ipv4 && loc.ip_proto == 17 && loc.ip_fragment_offset == 0 &&
        n >= loc.ip_offset + loc.ip_header_length) {
      std::size_t end = n;
      if (loc.ip_total_length >= loc.ip_header_length && loc.ip_offset + loc.ip_total_length < end)
        end = loc.ip_offset + loc.ip_total_length;
      nodes.udp = add_udp(p, end, loc, tree);
    }
  }
  if (nodes.first == kNoNode && tree.size() > 0) nodes.first = tree.first_root();
  return found;
}

}  // namespace pxescope
