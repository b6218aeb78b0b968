// Finds the UDP payload of a frame: link layer (Ethernet, 802.1Q/QinQ, Linux cooked v1/v2,
// raw IPv4), IPv4 and UDP, by bare byte access. No tree, no allocation: the summary fast
// path uses it directly, and the tree dissector turns the offsets it records into nodes.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace pxescope {

// libpcap DLT values seen for raw IP: DLT_RAW is 12 on Linux (libpcap maps LINKTYPE_RAW
// 101 to it when reading files), 14 on OpenBSD; 101 and 228 (LINKTYPE_IPV4) as such.
inline constexpr std::uint32_t kDltEthernet = 1;
inline constexpr std::uint32_t kDltRawLinux = 12;
inline constexpr std::uint32_t kDltRawBsd = 14;
inline constexpr std::uint32_t kDltRaw = 101;
inline constexpr std::uint32_t kDltLinuxSll = 113;
inline constexpr std::uint32_t kDltIpv4 = 228;
inline constexpr std::uint32_t kDltLinuxSll2 = 276;

enum class LinkKind : std::uint8_t { Unsupported, Ethernet, Sll, Sll2, RawIp };

inline LinkKind link_kind(std::uint32_t dlt) {
  switch (dlt) {
    case kDltEthernet:
      return LinkKind::Ethernet;
    case kDltLinuxSll:
      return LinkKind::Sll;
    case kDltLinuxSll2:
      return LinkKind::Sll2;
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

struct UdpLocation {
  static constexpr int kMaxVlanTags = 4;

  LinkKind link = LinkKind::Unsupported;
  UdpStage reached = UdpStage::None;
  std::string_view failure;  // static text; empty when the UDP payload was found

  std::uint32_t link_header_length = 0;  // Ethernet 14, SLL 16, SLL2 20, raw 0 (no tags)
  std::uint8_t vlan_count = 0;           // tags found (offset of each tag's TCI below)
  std::uint32_t vlan_offset[kMaxVlanTags] = {};
  std::uint16_t ethertype = 0;  // after the tags

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

// Walks the frame; returns true when a UDP payload was found (a first fragment counts).
// `failure` then stays empty; otherwise it says why ("not IPv4", "truncated UDP header"...).
inline bool locate_udp(std::span<const std::uint8_t> frame, std::uint32_t dlt, UdpLocation& loc) {
  const std::uint8_t* p = frame.data();
  const std::size_t n = frame.size();
  auto be16 = [p](std::size_t o) { return static_cast<std::uint16_t>((p[o] << 8) | p[o + 1]); };

  loc.link = link_kind(dlt);
  loc.reached = UdpStage::None;
  loc.failure = {};
  loc.vlan_count = 0;
  std::size_t off = 0;
  std::uint16_t type = kEtherTypeIpv4;
  switch (loc.link) {
    case LinkKind::Ethernet:
      if (n < 14) return loc.failure = "truncated Ethernet header", false;
      type = be16(12);
      off = 14;
      break;
    case LinkKind::Sll:
      if (n < 16) return loc.failure = "truncated Linux cooked header", false;
      type = be16(14);
      off = 16;
      break;
    case LinkKind::Sll2:
      if (n < 20) return loc.failure = "truncated Linux cooked v2 header", false;
      type = be16(0);
      off = 20;
      break;
    case LinkKind::RawIp:
      break;
    case LinkKind::Unsupported:
      return loc.failure = "unsupported link type", false;
  }
  loc.link_header_length = static_cast<std::uint32_t>(off);
  if (loc.link != LinkKind::RawIp) {
    while (is_vlan_tpid(type)) {
      if (loc.vlan_count == UdpLocation::kMaxVlanTags)
        return loc.failure = "too many VLAN tags", false;
      if (n < off + 4) return loc.failure = "truncated VLAN tag", false;
      loc.vlan_offset[loc.vlan_count++] = static_cast<std::uint32_t>(off);
      type = be16(off + 2);
      off += 4;
    }
  } else if (n >= 1 && (p[0] >> 4) != 4) {
    type = (p[0] >> 4) == 6 ? 0x86dd : 0;
  }
  loc.ethertype = type;
  loc.reached = UdpStage::Link;
  if (type != kEtherTypeIpv4) return loc.failure = "not IPv4", false;

  loc.ip_offset = static_cast<std::uint32_t>(off);
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
  std::size_t end = n;
  if (loc.ip_total_length >= ihl && off + loc.ip_total_length < end)
    end = off + loc.ip_total_length;
  off += ihl;
  loc.udp_offset = static_cast<std::uint32_t>(off);
  if (end < off + 8) return loc.failure = "truncated UDP header", false;
  loc.src_port = be16(off);
  loc.dst_port = be16(off + 2);
  loc.udp_length = be16(off + 4);
  loc.reached = UdpStage::Udp;
  loc.payload_offset = static_cast<std::uint32_t>(off + 8);
  std::size_t avail = end - off - 8;
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

}  // namespace pxescope
