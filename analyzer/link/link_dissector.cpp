#include "analyzer/link/link_dissector.hpp"

#include "analyzer/arp/arp_dissector.hpp"
#include "analyzer/capwap/capwap_dissector.hpp"
#include "analyzer/link/bytes.hpp"
#include "analyzer/link/ethertype_names.hpp"
#include "analyzer/link/ipv4_dissector.hpp"
#include "analyzer/link/text_format.hpp"
#include "analyzer/link/tree_add.hpp"
#include "analyzer/link/udp_dissector.hpp"
#include "analyzer/wlan/wlan_dissector.hpp"

namespace pxescope {
namespace {

using bytes::be16;
using bytes::be32;

// An EtherType: "Type: IPv4 (0x0800)" from the registry's names.
NodeId add_type(FieldTree& t, NodeId parent, std::string_view name, std::uint32_t off,
                std::uint16_t type) {
  return add_value(t, parent, name, off, 2, type);
}

// The Ethernet header at p + off (the frame's own, or one a CAPWAP tunnel carries).
NodeId add_ethernet(const std::uint8_t* p, std::size_t n, std::uint32_t off, FieldTree& t) {
  const std::size_t avail = n > off ? n - off : 0;
  const NodeId eth =
      t.add(kNoNode, "eth", off, static_cast<std::uint32_t>(avail < 14 ? avail : 14));
  if (avail < 14) {
    t.set_text(eth, "Ethernet II");
    t.warn(eth, Severity::Error, "truncated Ethernet header: 14 bytes needed");
    return eth;
  }
  const MacText src(p + off + 6), dst(p + off);
  TextLine title;
  t.set_text(eth, (title << "Ethernet II, Src: " << src.view() << ", Dst: " << dst.view()).view());
  add_string_value(t, eth, "eth.dst", off, 6, dst.view());
  add_string_value(t, eth, "eth.src", off + 6, 6, src.view());
  add_type(t, eth, "eth.type", off + 12, be16(p + off + 12));
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
  if (hatype == 1 && halen == 6)
    add_string_value(t, sll, "sll.src.eth", 6, 6, MacText(p + 6).view());
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
  if (hatype == 1 && halen == 6)
    add_string_value(t, sll, "sll.src.eth", 12, 6, MacText(p + 12).view());
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

// VLAN tags at `offsets` (made even when the walk stopped inside them); `tpid_at` is where the
// first tag's TPID is.
void add_vlan_tags(FieldTree& tree, const std::uint8_t* p, std::size_t n, std::uint32_t tpid_at,
                   const std::uint32_t* offsets, int count, std::uint32_t link_end,
                   std::string_view failure) {
  for (int i = 0; i < count; ++i) {
    add_vlan_tag(p, offsets[i], be16(p + tpid_at), tree);
    tpid_at = offsets[i] + 2;
  }
  if (failure == "truncated VLAN tag" || failure == "too many VLAN tags") {
    const std::uint32_t off = count ? offsets[count - 1] + 4 : link_end;
    const NodeId tag =
        tree.add(kNoNode, "vlan", off, static_cast<std::uint32_t>(n - off < 4 ? n - off : 4));
    tree.set_text(tag, "802.1Q Virtual LAN");
    tree.warn(tag, Severity::Error, failure);
  }
}

// Where the first VLAN tag's TPID is: the link's type field.
std::uint32_t first_tpid_offset(LinkKind kind, std::uint32_t link_end) {
  return kind == LinkKind::Sll2 ? 0 : link_end - 2;
}

// The frame's own link header(s): radiotap and 802.11, Ethernet, Linux cooked.
NodeId add_frame_link(const std::uint8_t* p, std::size_t n, const UdpLocation& loc,
                      FieldTree& tree) {
  switch (loc.link) {
    case LinkKind::Ethernet:
      return add_ethernet(p, n, 0, tree);
    case LinkKind::Sll:
      return add_sll(p, n, tree);
    case LinkKind::Sll2:
      return add_sll2(p, n, tree);
    case LinkKind::Radiotap:
    case LinkKind::Ieee80211: {
      NodeId first = kNoNode;
      if (loc.link == LinkKind::Radiotap) {
        wlan::RadiotapLayout r;
        std::string_view why;
        if (!wlan::read_radiotap(p, n, r, why)) {
          first = tree.add(kNoNode, "radiotap", 0, static_cast<std::uint32_t>(n < 8 ? n : 8));
          tree.set_text(first, "Radiotap Header");
          tree.warn(first, Severity::Error, why);
          return first;
        }
        first = add_radiotap(tree, p, r);
      }
      // In a tunnel, `loc` describes the frame inside; the frame's own 802.11 is in `outer`.
      const wlan::MacHeader& own = loc.tunnelled ? loc.outer.wlan : loc.wlan;
      const std::size_t end = n - loc.fcs_length;
      const NodeId w =
          add_wlan(tree, p, end, own, loc.fcs_length ? static_cast<std::uint32_t>(end) : 0,
                   loc.tunnelled ? std::string_view{} : loc.failure);
      if (first == kNoNode) first = w;
      const std::uint32_t llc = loc.tunnelled ? loc.outer.llc_offset : loc.llc_offset;
      if (llc) add_llc(tree, p, end, llc);
      return first;
    }
    case LinkKind::RawIp:
    case LinkKind::Unsupported:
      break;
  }
  return kNoNode;
}

// The CAPWAP tunnel's IPv4 and UDP (the outer ones), its header, then the frame it carries.
void add_tunnel(const std::uint8_t* p, std::size_t n, const UdpLocation& loc, FieldTree& tree) {
  const TunnelOuter& o = loc.outer;
  add_vlan_tags(tree, p, n, first_tpid_offset(loc.link, o.link_end), o.vlan_offset, o.vlan_count,
                o.link_end, {});
  add_ipv4(tree, kNoNode, p, n, o.ip_offset);
  const std::size_t declared = std::size_t{o.ip_offset} + o.ip_total_length;
  const std::size_t ip_end = o.ip_total_length >= o.ip_header_length && declared < n ? declared : n;
  UdpHeaderContext context;
  context.pseudo_header_sum = udp_ipv4_pseudo_sum(o.src_ip, o.dst_ip);
  context.checkable = !o.ip_more_fragments;
  add_udp(tree, kNoNode, p, ip_end, o.udp_offset, context);
  const std::uint32_t capwap_at = o.udp_offset + 8;
  const std::size_t udp_end =
      std::size_t{capwap_at} + (o.udp_length >= 8 && o.udp_length - 8u < ip_end - capwap_at
                                    ? o.udp_length - 8u
                                    : ip_end - capwap_at);
  add_capwap(tree, p, udp_end, capwap_at);
  if (loc.inner_link == LinkKind::Ethernet) {
    add_ethernet(p, udp_end, loc.capwap.offset + loc.capwap.length, tree);
  } else {
    add_wlan(tree, p, udp_end, loc.wlan, 0, loc.failure);
    if (loc.llc_offset) add_llc(tree, p, udp_end, loc.llc_offset);
  }
}

}  // namespace

bool dissect_link_layers(const Frame& frame, FieldTree& tree, UdpLocation& loc, LinkNodes& nodes) {
  const std::uint8_t* p = frame.data.data();
  const std::size_t n = frame.data.size();
  nodes = {};
  const bool found = locate_udp(frame.data, frame.link_type, loc);

  nodes.first = add_frame_link(p, n, loc, tree);
  if (loc.tunnelled) add_tunnel(p, n, loc, tree);
  const std::size_t link_n = n - loc.fcs_length;  // where the network layer's bytes end
  if (loc.link != LinkKind::RawIp && loc.link != LinkKind::Unsupported)
    add_vlan_tags(
        tree, p, n,
        first_tpid_offset(loc.tunnelled ? loc.inner_link : loc.link, loc.link_header_length),
        loc.vlan_offset, loc.vlan_count, loc.link_header_length, loc.failure);
  // What the frame is when no layer above says more (an IPv4, ARP... dissector overwrites it).
  if (loc.reached >= UdpStage::Link) {
    std::string_view name = "Unknown";
    for (const fields::ValueName& v : fields::kEtherTypeNames)
      if (v.value == loc.ethertype) name = v.name;
    TextLine line;  // every frame: no printf, and only when a view shows the Info column
    if (tree.info_wanted()) {
      line << "Ethertype " << name << " (0x";
      line.hex(loc.ethertype, 4) << ")";
    }
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
      // CAPWAP that carries no frame (keep-alive, DTLS...): its header is the last layer.
      if (loc.has_capwap && !loc.tunnelled)
        add_capwap(tree, p, std::size_t{loc.payload_offset} + loc.payload_length,
                   loc.payload_offset);
    }
  } else if (loc.reached >= UdpStage::Link && loc.ethertype == kEtherTypeArp) {
    const NodeId arp = add_arp(tree, p, link_n, network_offset(loc));
    if (nodes.first == kNoNode) nodes.first = arp;
  }
  if (nodes.first == kNoNode && tree.size() > 0) nodes.first = tree.first_root();
  return found;
}

}  // namespace pxescope
