// Finds the UDP payload of a frame: link layer (Ethernet, 802.1Q/QinQ, Linux cooked v1/v2,
// raw IPv4, IEEE 802.11 with LLC/SNAP, radiotap + 802.11), IPv4 and UDP, by bare byte access;
// through a CAPWAP data tunnel (UDP 5247) to the frame it carries. No tree, no allocation: the
// summary fast path uses it directly, and the tree dissector turns the offsets it records into
// nodes.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "analyzer/capwap/capwap_locator.hpp"
#include "analyzer/wlan/wlan_locator.hpp"

namespace pxescope {

// libpcap DLT values seen for raw IP: DLT_RAW is 12 on Linux (libpcap maps LINKTYPE_RAW
// 101 to it when reading files), 14 on OpenBSD; 101 and 228 (LINKTYPE_IPV4) as such.
inline constexpr std::uint32_t kDltEthernet = 1;
inline constexpr std::uint32_t kDltRawLinux = 12;
inline constexpr std::uint32_t kDltRawBsd = 14;
inline constexpr std::uint32_t kDltRaw = 101;
inline constexpr std::uint32_t kDltIeee80211 = 105;
inline constexpr std::uint32_t kDltLinuxSll = 113;
inline constexpr std::uint32_t kDltRadiotap = 127;
inline constexpr std::uint32_t kDltIpv4 = 228;
inline constexpr std::uint32_t kDltLinuxSll2 = 276;

enum class LinkKind : std::uint8_t { Unsupported, Ethernet, Sll, Sll2, RawIp, Ieee80211, Radiotap };

inline LinkKind link_kind(std::uint32_t dlt) {
  switch (dlt) {
    case kDltEthernet:
      return LinkKind::Ethernet;
    case kDltLinuxSll:
      return LinkKind::Sll;
    case kDltLinuxSll2:
      return LinkKind::Sll2;
    case kDltIeee80211:
      return LinkKind::Ieee80211;
    case kDltRadiotap:
      return LinkKind::Radiotap;
    case kDltRawLinux:
    case kDltRawBsd:
    case kDltRaw:
    case kDltIpv4:
      return LinkKind::RawIp;
    default:
      return LinkKind::Unsupported;
  }
}

inline constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
inline bool is_vlan_tpid(std::uint16_t t) {
  return t == 0x8100 || t == 0x88a8 || t == 0x9100;
}

// How far the walk got. Each stage's offsets are valid once the walk passed it.
enum class UdpStage : std::uint8_t { None, Link, Ipv4, Udp };

inline constexpr std::uint32_t kNoMacOffset = wlan::kNoOffset;

// The outer layers of a CAPWAP data tunnel (the walk goes on inside it).
struct TunnelOuter {
  std::uint32_t link_end = 0;  // the frame's own link header's end (before its VLAN tags)
  std::uint32_t llc_offset = 0;
  wlan::MacHeader wlan;  // when the frame itself is 802.11
  std::uint8_t vlan_count = 0;
  std::uint32_t vlan_offset[4] = {};
  std::uint32_t ip_offset = 0, ip_header_length = 0;
  std::uint16_t ip_total_length = 0;
  bool ip_more_fragments = false;
  std::uint32_t src_ip = 0, dst_ip = 0;  // host order
  std::uint32_t udp_offset = 0;
  std::uint16_t src_port = 0, dst_port = 0, udp_length = 0;
};

struct UdpLocation {
  static constexpr int kMaxVlanTags = 4;

  LinkKind link = LinkKind::Unsupported;  // the frame's own link type
  UdpStage reached = UdpStage::None;
  std::string_view failure;  // static text; empty when the UDP payload was found

  // Where the link header ends (absolute: after radiotap, 802.11 and LLC/SNAP, or inside a
  // tunnel), before the VLAN tags. Ethernet 14, SLL 16, SLL2 20, raw 0.
  std::uint32_t link_header_length = 0;
  std::uint8_t vlan_count = 0;  // tags found (offset of each tag's TCI below)
  std::uint32_t vlan_offset[kMaxVlanTags] = {};
  std::uint16_t ethertype = 0;  // after the tags
  // The station's addresses (the tunnelled frame's, in CAPWAP): Ethernet's source and
  // destination, Linux cooked's source, 802.11's SA and DA. kNoMacOffset when absent.
  std::uint32_t src_mac_offset = kNoMacOffset, dst_mac_offset = kNoMacOffset;
  std::uint8_t fcs_length = 0;  // a trailing FCS (radiotap's flag says so): not payload

  // Wireless layers, when the frame (or the tunnelled frame) is 802.11.
  bool has_radiotap = false;
  wlan::RadiotapLayout radiotap;
  bool has_wlan = false;  // the MAC header was read (wlan.length > 0)
  wlan::MacHeader wlan;
  std::uint32_t llc_offset = 0;  // of the LLC header after it (0: none read)

  // CAPWAP on the (outer) UDP: `capwap.offset` != 0 once its header was read; `tunnelled`
  // when the walk went on into the frame it carries (everything below is then the inner
  // frame's, `outer` the tunnel's IPv4/UDP).
  bool has_capwap = false;
  capwap::Header capwap;
  bool tunnelled = false;
  LinkKind inner_link = LinkKind::Unsupported;
  TunnelOuter outer;

  std::uint32_t ip_offset = 0;
  std::uint32_t ip_header_length = 0;
  std::uint16_t ip_total_length = 0;
  std::uint8_t ip_proto = 0;
  bool ip_more_fragments = false;
  std::uint16_t ip_fragment_offset = 0;  // in 8-byte units
  std::uint32_t src_ip = 0, dst_ip = 0;  // host order

  std::uint32_t udp_offset = 0;
  std::uint16_t udp_length = 0;  // the header's length field
  std::uint16_t src_port = 0, dst_port = 0;
  std::uint32_t payload_offset = 0;
  std::uint32_t payload_length = 0;  // what is captured of it (cut by snaplen or IP length)
  bool payload_cut = false;          // UDP length says more than what was captured
};

// Where the IPv4 payload ends once the walk passed IPv4: the total length bounds it
// (Ethernet pads short frames), the captured bytes when fewer.
inline std::size_t ipv4_payload_end(const UdpLocation& loc, std::size_t captured) {
  const std::size_t declared = std::size_t{loc.ip_offset} + loc.ip_total_length;
  return loc.ip_total_length >= loc.ip_header_length && declared < captured ? declared : captured;
}

namespace locate_detail {

// The link header of `kind` at frame[off] (frame ends at `n`): the EtherType after the VLAN
// tags, where the link header ends, the station addresses. False (with loc.failure) when the
// frame carries no EtherType payload or is cut.
inline bool walk_link(const std::uint8_t* p, std::size_t& n, LinkKind kind, std::uint32_t off,
                      bool in_tunnel, UdpLocation& loc) {
  auto be16 = [p](std::size_t o) { return static_cast<std::uint16_t>((p[o] << 8) | p[o + 1]); };
  loc.vlan_count = 0;
  loc.src_mac_offset = loc.dst_mac_offset = kNoMacOffset;
  std::uint16_t type = kEtherTypeIpv4;
  switch (kind) {
    case LinkKind::Ethernet:
      if (n < off + 14u) return loc.failure = "truncated Ethernet header", false;
      loc.dst_mac_offset = off;
      loc.src_mac_offset = off + 6;
      type = be16(off + 12);
      off += 14;
      break;
    case LinkKind::Sll:
      if (n < 16) return loc.failure = "truncated Linux cooked header", false;
      if (be16(2) == 1 && be16(4) == 6) loc.src_mac_offset = 6;
      type = be16(14);
      off = 16;
      break;
    case LinkKind::Sll2:
      if (n < 20) return loc.failure = "truncated Linux cooked v2 header", false;
      if (be16(8) == 1 && p[11] == 6) loc.src_mac_offset = 12;
      type = be16(0);
      off = 20;
      break;
    case LinkKind::RawIp:
      if (n >= 1 && (p[0] >> 4) != 4) type = (p[0] >> 4) == 6 ? 0x86dd : 0;
      break;
    case LinkKind::Radiotap:
      loc.has_radiotap = wlan::read_radiotap(p, n, loc.radiotap, loc.failure);
      if (!loc.has_radiotap) return false;
      if (loc.radiotap.fcs_at_end) n -= loc.fcs_length = 4;
      off = loc.radiotap.length;
      [[fallthrough]];
    case LinkKind::Ieee80211: {
      const bool swapped = in_tunnel && wlan::frame_control_looks_swapped(p, n, off);
      const bool payload = wlan::read_mac_header(p, n, off, swapped, loc.wlan, loc.failure);
      loc.has_wlan = loc.wlan.length > 0;
      loc.src_mac_offset = loc.wlan.sa;
      loc.dst_mac_offset = loc.wlan.da;
      if (!payload) return false;
      off += loc.wlan.length;
      loc.llc_offset = off;
      if (!wlan::read_llc_snap(p, n, off, type, loc.failure)) return false;
      off += wlan::kLlcSnapLength;
      break;
    }
    case LinkKind::Unsupported:
      return loc.failure = "unsupported link type", false;
  }
  loc.link_header_length = off;
  if (kind != LinkKind::RawIp) {
    while (is_vlan_tpid(type)) {
      if (loc.vlan_count == UdpLocation::kMaxVlanTags)
        return loc.failure = "too many VLAN tags", false;
      if (n < off + 4u) return loc.failure = "truncated VLAN tag", false;
      loc.vlan_offset[loc.vlan_count++] = off;
      type = be16(off + 2);
      off += 4;
    }
  }
  loc.ethertype = type;
  loc.ip_offset = off;  // where the network layer starts, whatever it is
  loc.reached = UdpStage::Link;
  return true;
}

// IPv4 then UDP at loc.ip_offset.
inline bool walk_ipv4_udp(const std::uint8_t* p, std::size_t n, UdpLocation& loc) {
  auto be16 = [p](std::size_t o) { return static_cast<std::uint16_t>((p[o] << 8) | p[o + 1]); };
  if (loc.ethertype != kEtherTypeIpv4) return loc.failure = "not IPv4", false;
  const std::size_t off = loc.ip_offset;
  if (n < off + 20) return loc.failure = "truncated IPv4 header", false;
  const std::uint8_t* ip = p + off;
  const std::uint32_t ihl = (ip[0] & 0x0fu) * 4u;
  if ((ip[0] >> 4) != 4 || ihl < 20) return loc.failure = "bad IPv4 header", false;
  loc.ip_header_length = ihl;
  loc.ip_total_length = be16(off + 2);
  const std::uint16_t frag = be16(off + 6);
  loc.ip_more_fragments = (frag & 0x2000) != 0;
  loc.ip_fragment_offset = frag & 0x1fff;
  loc.ip_proto = ip[9];
  loc.src_ip = (std::uint32_t{ip[12]} << 24) | (std::uint32_t{ip[13]} << 16) |
               (std::uint32_t{ip[14]} << 8) | ip[15];
  loc.dst_ip = (std::uint32_t{ip[16]} << 24) | (std::uint32_t{ip[17]} << 16) |
               (std::uint32_t{ip[18]} << 8) | ip[19];
  loc.reached = UdpStage::Ipv4;
  if (n < off + ihl) return loc.failure = "truncated IPv4 options", false;
  if (loc.ip_fragment_offset != 0) return loc.failure = "IPv4 fragment (not the first)", false;
  if (loc.ip_proto != 17) return loc.failure = "not UDP", false;

  // The IP total length bounds the datagram (Ethernet pads short frames).
  const std::size_t end = ipv4_payload_end(loc, n);
  const std::size_t udp = off + ihl;
  loc.udp_offset = static_cast<std::uint32_t>(udp);
  if (end < udp + 8) return loc.failure = "truncated UDP header", false;
  loc.src_port = be16(udp);
  loc.dst_port = be16(udp + 2);
  loc.udp_length = be16(udp + 4);
  loc.reached = UdpStage::Udp;
  loc.payload_offset = static_cast<std::uint32_t>(udp + 8);
  std::size_t avail = end - udp - 8;
  loc.payload_cut = false;
  if (loc.udp_length >= 8) {
    const std::size_t declared = loc.udp_length - 8u;
    if (declared < avail)
      avail = declared;
    else if (declared > avail)
      loc.payload_cut = true;
  }
  loc.payload_length = static_cast<std::uint32_t>(avail);
  return true;
}

// The UDP payload is CAPWAP data: when it carries a whole frame, walk that frame instead
// (one level: a tunnel inside a tunnel is not entered). True when a UDP payload was found.
inline bool walk_capwap(const std::uint8_t* p, UdpLocation& loc) {
  const std::size_t end = std::size_t{loc.payload_offset} + loc.payload_length;
  std::string_view why;
  loc.has_capwap = true;
  if (!capwap::read_header(p, end, loc.payload_offset, loc.capwap, why)) return true;
  TunnelOuter& o = loc.outer;
  o.link_end = loc.link_header_length;
  o.llc_offset = loc.llc_offset;
  o.wlan = loc.wlan;
  o.vlan_count = loc.vlan_count;
  for (int i = 0; i < loc.vlan_count; ++i) o.vlan_offset[i] = loc.vlan_offset[i];
  o.ip_offset = loc.ip_offset;
  o.ip_header_length = loc.ip_header_length;
  o.ip_total_length = loc.ip_total_length;
  o.ip_more_fragments = loc.ip_more_fragments;
  o.src_ip = loc.src_ip;
  o.dst_ip = loc.dst_ip;
  o.udp_offset = loc.udp_offset;
  o.src_port = loc.src_port;
  o.dst_port = loc.dst_port;
  o.udp_length = loc.udp_length;
  loc.llc_offset = 0;
  loc.tunnelled = true;
  loc.inner_link = loc.capwap.native ? LinkKind::Ieee80211 : LinkKind::Ethernet;
  loc.reached = UdpStage::None;
  std::size_t inner_end = end;
  return walk_link(p, inner_end, loc.inner_link, loc.payload_offset + loc.capwap.length, true,
                   loc) &&
         walk_ipv4_udp(p, inner_end, loc);
}

}  // namespace locate_detail

// Walks the frame; returns true when a UDP payload was found (a first fragment counts).
// `failure` then stays empty; otherwise it says why ("not IPv4", "truncated UDP header"...).
inline bool locate_udp(std::span<const std::uint8_t> frame, std::uint32_t dlt, UdpLocation& loc) {
  const std::uint8_t* p = frame.data();
  std::size_t n = frame.size();
  loc.link = link_kind(dlt);
  loc.reached = UdpStage::None;
  loc.failure = {};
  loc.fcs_length = 0;
  loc.has_radiotap = loc.has_wlan = loc.has_capwap = loc.tunnelled = false;
  loc.wlan.length = 0;
  loc.llc_offset = 0;
  if (!locate_detail::walk_link(p, n, loc.link, 0, false, loc) ||
      !locate_detail::walk_ipv4_udp(p, n, loc))
    return false;
  if (loc.src_port != capwap::kDataPort && loc.dst_port != capwap::kDataPort) return true;
  return locate_detail::walk_capwap(p, loc);
}

}  // namespace pxescope
