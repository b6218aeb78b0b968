#include "analyzer/link/link_dissector.hpp"

#include "analyzer/arp/arp_dissector.hpp"
#include "analyzer/link/bytes.hpp"
#include "analyzer/link/ethertype_names.hpp"
#include "analyzer/link/ipv4_dissector.hpp"
#include "analyzer/link/text_format.hpp"
#include "analyzer/link/tree_add.hpp"
#include "analyzer/link/udp_dissector.hpp"

namespace pxescope {
namespace {

using bytes::be16;
using bytes::be32;

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

constexpr std::uint16_t kEtherTypeArp = 0x0806;

// Where the link layer's payload starts: after the header and the VLAN tags.
std::uint32_t network_offset(const UdpLocation& loc) {
  return loc.vlan_count ? loc.vlan_offset[loc.vlan_count - 1] + 4 : loc.link_header_length;
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
  // What the frame is when no layer above says more (an IPv4, ARP... dissector overwrites it).
  if (loc.reached >= UdpStage::Link) {
    TextLine line;  // every frame: no printf
    std::string_view name = "Unknown";
    for (const fields::ValueName& v : fields::kEtherTypeNames)
      if (v.value == loc.ethertype) name = v.name;
    line << "Ethertype " << name << " (0x";
    line.hex(loc.ethertype, 4) << ")";
    tree.set_summary(name == "Unknown" ? "Ethernet" : name, line.view());
  }
  if (loc.reached >= UdpStage::Link && loc.ethertype == kEtherTypeIpv4) {
    nodes.ip = add_ipv4(tree, kNoNode, p, n, loc.ip_offset);
    if (nodes.first == kNoNode) nodes.first = nodes.ip;
    if (loc.reached >= UdpStage::Ipv4 && loc.ip_proto == 17 && loc.ip_fragment_offset == 0 &&
        n >= loc.ip_offset + loc.ip_header_length) {
      const std::size_t end = ipv4_payload_end(loc, n);
      UdpHeaderContext context;
      context.pseudo_header_sum = udp_ipv4_pseudo_sum(loc.src_ip, loc.dst_ip);
      context.checkable = !loc.ip_more_fragments;
      nodes.udp = add_udp(tree, kNoNode, p, end, loc.udp_offset, context);
    }
  } else if (loc.reached >= UdpStage::Link && loc.ethertype == kEtherTypeArp) {
    const NodeId arp = add_arp(tree, p, n, network_offset(loc));
    if (nodes.first == kNoNode) nodes.first = arp;
  }
  if (nodes.first == kNoNode && tree.size() > 0) nodes.first = tree.first_root();
  return found;
}

}  // namespace pxescope
