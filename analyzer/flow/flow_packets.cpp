#include "analyzer/flow/flow_packets.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "analyzer/arp/arp_dissector.hpp"
#include "analyzer/dhcpv6/dhcpv6_duid.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "analyzer/link/bytes.hpp"
#include "analyzer/link/ipv6_dissector.hpp"
#include "analyzer/link/udp_locator.hpp"

namespace pxescope::flow {
namespace {

using bytes::be16;

constexpr std::uint16_t kEtherTypeArp = 0x0806;
constexpr std::uint16_t kTftpPort = 69;

std::uint64_t endpoint_key(std::uint32_t ip, std::uint16_t port) {
  return (std::uint64_t{ip} << 16) | port;
}

void copy_mac(const Frame& f, std::uint32_t at, Mac& out) {
  if (at != kNoMacOffset && at + 6 <= f.data.size())
    std::copy_n(f.data.data() + at, 6, out.begin());
}

void note_link(const Frame& f, const UdpLocation& loc, PacketArrow& out) {
  out.frame = f.index;
  out.time = frame_seconds(f);
  out.has_macs = loc.src_mac_offset != kNoMacOffset && loc.dst_mac_offset != kNoMacOffset;
  copy_mac(f, loc.src_mac_offset, out.src_mac);
  copy_mac(f, loc.dst_mac_offset, out.dst_mac);
}

// A NUL-terminated string of a TFTP packet from `at`, bounded by the payload.
std::string tftp_string(std::span<const std::uint8_t> p, std::size_t at) {
  std::size_t end = at;
  while (end < p.size() && p[end]) ++end;
  return at < p.size() ? std::string(reinterpret_cast<const char*>(p.data() + at), end - at)
                       : std::string();
}

// The DHCP label: the message type, named by where it went (4011) and what it offered (proxy).
std::string dhcp_label(const DhcpMessage& m, bool port_4011) {
  std::string type(dhcp_message_type_name(m.message_type()));
  if (m.message_type() == 0) type = m.op == 1 ? "BOOTREQUEST" : "BOOTREPLY";
  if (port_4011) return "4011 " + type;
  if (m.op == 2 && m.yiaddr == 0 && m.pxe_client()) return "proxy " + type;
  return type;
}

// Where the link layer's payload starts: after the header and the VLAN tags.
std::uint32_t network_offset(const UdpLocation& loc) {
  return loc.vlan_count ? loc.vlan_offset[loc.vlan_count - 1] + 4 : loc.link_header_length;
}

}  // namespace

bool FlowPacketReader::read(const Frame& frame, PacketArrow& out) {
  out = PacketArrow{};
  UdpLocation loc;
  if (locate_udp(frame.data, frame.link_type, loc)) return read_udp(frame, loc, out);
  if (loc.reached == UdpStage::Link && loc.ethertype == kEtherTypeIpv6)
    return read_ipv6(frame, loc, out);
  if (loc.reached == UdpStage::Link && loc.ethertype == kEtherTypeArp)
    return read_arp(frame, loc, out);
  if (loc.reached >= UdpStage::Ipv4 && loc.ip_fragment_offset == 0) {
    if (loc.ip_proto == 1) return read_icmp(frame, loc, out);
    if (loc.ip_proto == 6) return read_tcp(frame, loc, out);
  }
  return false;
}

bool FlowPacketReader::read_udp(const Frame& frame, const UdpLocation& loc, PacketArrow& out) {
  const auto payload = frame.data.subspan(loc.payload_offset, loc.payload_length);
  note_link(frame, loc, out);
  out.from = format_ipv4(loc.src_ip);
  out.to = format_ipv4(loc.dst_ip);
  const bool dhcp_ports = loc.src_port == 67 || loc.src_port == 68 || loc.dst_port == 67 ||
                          loc.dst_port == 68 || loc.dst_port == 4011 || loc.src_port == 4011;
  if (dhcp_ports && read_dhcp(payload, loc, out)) return true;
  return read_tftp(payload, loc, out);
}

bool FlowPacketReader::read_dhcp(std::span<const std::uint8_t> payload, const UdpLocation& loc,
                                 PacketArrow& out) {
  if (!dhcp_.parse(payload) || dhcp_.hlen < 6) return false;
  out.client_mac = dhcp_.mac;
  out.names_client = true;
  out.from_client = dhcp_.op == 1;
  out.label = dhcp_label(dhcp_, loc.dst_port == 4011 || loc.src_port == 4011);
  out.failed = dhcp_.message_type() == 6;  // NAK
  char xid[16];
  std::snprintf(xid, sizeof xid, "0x%08x", dhcp_.xid);
  out.detail = out.label + " xid " + xid;
  if (dhcp_.yiaddr) out.detail += ", address " + format_ipv4(dhcp_.yiaddr);
  if (dhcp_.op == 2 && !dhcp_.boot_file().empty()) out.detail += ", file " + dhcp_.boot_file();
  if (dhcp_.op == 1 && dhcp_.has(60)) out.detail += ", " + std::string(dhcp_.vendor_class());
  return true;
}

bool FlowPacketReader::read_tftp(std::span<const std::uint8_t> p, const UdpLocation& loc,
                                 PacketArrow& out) {
  if (p.size() < 2) return false;
  const std::uint16_t op = be16(p.data());
  if (loc.dst_port == kTftpPort && (op == 1 || op == 2)) {
    if (tftp_requesters_.size() >= kMaxRequests) tftp_requesters_.clear();
    tftp_requesters_.insert(endpoint_key(loc.src_ip, loc.src_port));
    const std::string file = tftp_string(p, 2);
    out.label = (op == 1 ? "RRQ " : "WRQ ") + file;
    out.detail = (op == 1 ? "TFTP read request " : "TFTP write request ") + file;
    out.from_client = true;
    return true;
  }
  // Only the server's OACK and either side's ERROR: DATA and ACK make the transfer's bar.
  const bool to_client = tftp_requesters_.contains(endpoint_key(loc.dst_ip, loc.dst_port));
  const bool from_client = tftp_requesters_.contains(endpoint_key(loc.src_ip, loc.src_port));
  if (!to_client && !from_client) return false;
  if (op == 6 && to_client) {
    out.label = "OACK";
    std::string options;  // "blksize=1468 tsize=27136": name and value alternate
    bool value = false;
    for (std::size_t at = 2; at < p.size(); value = !value) {
      const std::string item = tftp_string(p, at);
      options += (value ? "=" : options.empty() ? "" : " ") + item;
      at += item.size() + 1;
    }
    out.detail = "TFTP option acknowledgement " + options;
    return true;
  }
  if (op == 5) {
    const int code = p.size() >= 4 ? be16(p.data() + 2) : 0;
    out.label = "ERROR " + std::to_string(code);
    out.detail = "TFTP error " + std::to_string(code) + ": " + tftp_string(p, 4);
    out.from_client = from_client;
    out.failed = !from_client;  // the client's ERROR 8 after an OACK is a size probe ending
    return true;
  }
  return false;
}

bool FlowPacketReader::read_ipv6(const Frame& frame, const UdpLocation& link, PacketArrow& out) {
  if (!read_ipv6_story_packet(frame, link, scratch_, ids_, v6_)) return false;
  out.frame = frame.index;
  out.time = frame_seconds(frame);
  out.has_macs = v6_.has_macs;
  out.src_mac = v6_.src_mac;
  out.dst_mac = v6_.dst_mac;
  out.from = address(v6_.loc.src_ip);
  out.to = address(v6_.loc.dst_ip);
  switch (v6_.kind) {
    case Ipv6StoryPacket::Kind::Dhcpv6: {
      const Dhcpv6Message& m = v6_.dhcpv6;
      out.from_client = m.from_client();
      if (auto mac = dhcpv6::duid_ethernet_mac(m.client_duid)) {
        out.client_mac = *mac;
        out.names_client = true;
      }
      out.label = std::string(dhcpv6::message_type_name(m.type));
      out.detail = describe_dhcpv6(m, out.from_client ? std::string() : out.from);
      return true;
    }
    case Ipv6StoryPacket::Kind::Udp: {
      const auto payload = frame.data.subspan(v6_.loc.payload_offset, v6_.loc.payload_length);
      return read_tftp(payload, v6_.loc, out);
    }
    case Ipv6StoryPacket::Kind::PortUnreachable:
      out.label = "ICMPv6 port unreachable";
      out.failed = true;
      out.detail = out.label + " for " + address(v6_.quoted_dst) + " port " +
                   std::to_string(v6_.quoted_dst_port);
      return true;
    case Ipv6StoryPacket::Kind::None:
      break;
  }
  return false;
}

bool FlowPacketReader::read_icmp(const Frame& frame, const UdpLocation& loc, PacketArrow& out) {
  const std::size_t icmp = std::size_t{loc.ip_offset} + loc.ip_header_length;
  const auto d = frame.data;
  if (d.size() < icmp + 8 || d[icmp] != 3) return false;  // destination unreachable only
  const std::uint8_t code = d[icmp + 1];
  note_link(frame, loc, out);
  out.from = format_ipv4(loc.src_ip);
  out.to = format_ipv4(loc.dst_ip);
  out.label = code == 3   ? "ICMP port unreachable"
              : code == 1 ? "ICMP host unreachable"
                          : "ICMP unreachable";
  out.detail = out.label;
  out.failed = true;
  // The quoted datagram says which port was closed (69: no TFTP server, 4011: no boot server).
  const std::size_t inner = icmp + 8;
  if (d.size() >= inner + 20) {
    const std::size_t ihl = (d[inner] & 0x0f) * 4u;
    if (d.size() >= inner + ihl + 4 && d[inner + 9] == 17)
      out.detail += " for UDP port " + std::to_string(be16(d.data() + inner + ihl + 2));
  }
  return true;
}

bool FlowPacketReader::read_tcp(const Frame& frame, const UdpLocation& loc, PacketArrow& out) {
  const std::size_t tcp = std::size_t{loc.ip_offset} + loc.ip_header_length;
  const std::size_t end = ipv4_payload_end(loc, frame.data.size());
  if (end < tcp + 20) return false;
  const std::size_t data = tcp + (frame.data[tcp + 12] >> 4) * 4u;
  if (data >= end) return false;
  const std::string_view text(reinterpret_cast<const char*>(frame.data.data() + data), end - data);
  const std::string_view line = text.substr(0, text.find_first_of("\r\n"));
  // A request line "GET /path HTTP/1.1" or a status line "HTTP/1.1 200 OK"; bodies are bars.
  static constexpr std::string_view kMethods[] = {"GET ", "HEAD ", "POST ", "PUT "};
  const bool request = std::any_of(std::begin(kMethods), std::end(kMethods),
                                   [&](std::string_view m) { return line.starts_with(m); });
  const bool status = line.starts_with("HTTP/1.") && line.size() >= 12;
  if (!request && !status) return false;
  note_link(frame, loc, out);
  out.from = format_ipv4(loc.src_ip);
  out.to = format_ipv4(loc.dst_ip);
  if (request) {
    out.from_client = true;
    const std::size_t version = line.rfind(" HTTP/");
    out.label = std::string(version == std::string_view::npos ? line : line.substr(0, version));
  } else {
    out.label = std::string(line.substr(9));
    out.failed = out.label[0] >= '4';  // 4xx, 5xx
  }
  out.detail = "HTTP " + std::string(line);
  return true;
}

bool FlowPacketReader::read_arp(const Frame& frame, const UdpLocation& loc, PacketArrow& out) {
  scratch_.clear();
  const NodeId arp = add_arp(scratch_, frame.data.data(), frame.data.size(), network_offset(loc));
  const NodeId sender = scratch_.find("arp.src.proto_ipv4", arp);
  const NodeId target = scratch_.find("arp.dst.proto_ipv4", arp);
  const NodeId opcode = scratch_.find("arp.opcode", arp);
  if (arp == kNoNode || sender == kNoNode || target == kNoNode || opcode == kNoNode) return false;
  note_link(frame, loc, out);
  out.from = scratch_[sender].str_value;
  // A request goes to everyone; a reply to the one who asked.
  const bool reply = scratch_[opcode].uint_value == 2;
  out.to = reply ? scratch_[target].str_value : std::string("broadcast");
  out.label = scratch_.info_column().empty() ? std::string("ARP") : scratch_.info_column();
  out.detail = "ARP: " + out.label;
  return true;
}

}  // namespace pxescope::flow
