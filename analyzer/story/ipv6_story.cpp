#include "analyzer/story/ipv6_story.hpp"

#include <algorithm>
#include <cstdio>

#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "analyzer/link/bytes.hpp"
#include "analyzer/link/ipv6_text.hpp"
#include "analyzer/render.hpp"
#include "analyzer/story/dhcp_message.hpp"

namespace pxescope {
namespace {

constexpr std::uint8_t kIcmpv6DestinationUnreachable = 1, kIcmpv6PortUnreachable = 4;
constexpr std::size_t kIpv6HeaderLength = 40;

using bytes::be16;

Ipv6Address address_at(const std::uint8_t* p) {
  Ipv6Address a{};
  std::copy_n(p, 16, a.begin());
  return a;
}

// ICMPv6 destination unreachable, port unreachable (RFC 4443 §3.1), quoting a UDP datagram
// that followed no extension header (what a host sends back for a closed TFTP port).
bool read_port_unreachable(std::span<const std::uint8_t> d, const Ipv6Layers& ip,
                           Ipv6AddressIds& ids, Ipv6StoryPacket& out) {
  const std::size_t icmp = ip.upper_offset;
  const std::size_t quoted = icmp + 8;
  if (ip.end < quoted + kIpv6HeaderLength + 4 || d[icmp] != kIcmpv6DestinationUnreachable ||
      d[icmp + 1] != kIcmpv6PortUnreachable || (d[quoted] >> 4) != 6 ||
      d[quoted + 6] != kIpProtoUdp)
    return false;
  out.quoted_src = ids.id(address_at(d.data() + quoted + 8));
  out.quoted_dst = ids.id(address_at(d.data() + quoted + 24));
  out.quoted_src_port = be16(d.data() + quoted + kIpv6HeaderLength);
  out.quoted_dst_port = be16(d.data() + quoted + kIpv6HeaderLength + 2);
  out.kind = Ipv6StoryPacket::Kind::PortUnreachable;
  return true;
}

std::string address_text(const std::array<std::uint8_t, 16>& a) {
  return std::string(Ipv6Text(a.data()).view());
}

}  // namespace

std::uint32_t Ipv6AddressIds::id(const Ipv6Address& address) {
  const auto it = ids_.find(address);
  if (it != ids_.end()) return it->second;
  const auto id = 0xf0000000u | static_cast<std::uint32_t>(texts_.size() & 0x0fffffffu);
  ids_.emplace(address, id);
  texts_.push_back(address_text(address));
  return id;
}

std::string Ipv6AddressIds::text(std::uint32_t ip) const {
  if (!is_id(ip)) return format_ipv4(ip);
  const std::size_t index = ip & 0x0fffffffu;
  return index < texts_.size() ? texts_[index] : format_ipv4(ip);
}

bool read_ipv6_story_packet(const Frame& frame, const UdpLocation& link, FieldTree& scratch,
                            Ipv6AddressIds& ids, Ipv6StoryPacket& out) {
  out.kind = Ipv6StoryPacket::Kind::None;
  const std::uint32_t ip_offset = link.link_header_length + 4u * link.vlan_count;
  scratch.clear();
  const Ipv6Layers ip = dissect_ipv6(frame.data, ip_offset, scratch);
  if (!ip.header_ok || ip.later_fragment) return false;
  out.has_macs = link.link == LinkKind::Ethernet && frame.data.size() >= 12;
  if (out.has_macs) {
    std::copy_n(frame.data.begin(), 6, out.dst_mac.begin());
    std::copy_n(frame.data.begin() + 6, 6, out.src_mac.begin());
  }
  UdpLocation& loc = out.loc;
  loc = link;
  loc.ip_offset = ip_offset;
  loc.ip_header_length = ip.upper_offset - ip_offset;
  loc.ip_total_length =
      static_cast<std::uint16_t>(std::min<std::uint32_t>(ip.end - ip_offset, 0xffff));
  loc.ip_proto = ip.upper_protocol;
  loc.src_ip = ids.id(ip.src);
  loc.dst_ip = ids.id(ip.dst);
  if (ip.upper_protocol == kIpProtoIcmpv6) return read_port_unreachable(frame.data, ip, ids, out);
  if (!ip.udp_ok) return false;
  loc.reached = UdpStage::Udp;
  loc.udp_offset = ip.upper_offset;
  loc.src_port = ip.src_port;
  loc.dst_port = ip.dst_port;
  loc.udp_length =
      frame.data.size() >= ip.upper_offset + 8u ? be16(frame.data.data() + ip.upper_offset + 4) : 0;
  loc.payload_offset = ip.payload_offset;
  loc.payload_length = ip.payload_length;
  loc.payload_cut = ip.cut;
  const bool dhcpv6_ports =
      ip.src_port == dhcpv6::kClientPort || ip.src_port == dhcpv6::kServerPort ||
      ip.dst_port == dhcpv6::kClientPort || ip.dst_port == dhcpv6::kServerPort;
  if (!dhcpv6_ports) {
    out.kind = Ipv6StoryPacket::Kind::Udp;
    return true;
  }
  if (!out.dhcpv6.parse(frame.data.subspan(ip.payload_offset, ip.payload_length))) return false;
  out.kind = Ipv6StoryPacket::Kind::Dhcpv6;
  return true;
}

std::string describe_dhcpv6(const Dhcpv6Message& m, const std::string& sender) {
  std::string t = "DHCPv6 " + std::string(dhcpv6::message_type_name(m.type));
  char xid[16];
  std::snprintf(xid, sizeof xid, "0x%06x", m.xid);
  if (m.from_client()) {
    t += std::string(" xid ") + xid;
    if (!m.vendor_class.empty()) t += ", " + m.vendor_class;
    if (m.arch >= 0)
      t += ", arch " + std::to_string(m.arch) + " (" + std::string(arch_name(m.arch)) + ")";
    if (m.asks_bootfile_url) t += ", asks for a boot file URL (59)";
    return t;
  }
  t += " from " + sender + " xid " + xid;
  if (!m.addresses.empty())
    t += ": address " + address_text(m.addresses.front());
  else
    t += ": no address";
  if (m.status > 0)
    t += ", status " + std::to_string(m.status) +
         (m.status_message.empty() ? "" : " \"" + m.status_message + "\"");
  t += m.bootfile_url.empty() ? ", no boot file URL (option 59)"
                              : ", boot file URL " + m.bootfile_url;
  return t;
}

}  // namespace pxescope
