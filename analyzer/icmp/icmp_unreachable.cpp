#include "analyzer/icmp/icmp_unreachable.hpp"

#include <array>

#include "analyzer/link/udp_locator.hpp"

namespace pxescope {
namespace {

constexpr std::uint8_t kIcmpProtocol = 1, kUdpProtocol = 17;
constexpr std::uint8_t kDestinationUnreachable = 3;

std::uint16_t be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

constexpr std::array<std::string_view, 16> kCodeNames = {
    "network unreachable",
    "host unreachable",
    "protocol unreachable",
    "port unreachable",
    "fragmentation needed",
    "source route failed",
    "destination network unknown",
    "destination host unknown",
    "source host isolated",
    "network administratively prohibited",
    "host administratively prohibited",
    "network unreachable for TOS",
    "host unreachable for TOS",
    "communication administratively prohibited",
    "host precedence violation",
    "precedence cutoff in effect",
};

}  // namespace

bool parse_icmp_unreachable(const Frame& frame, IcmpUnreachable& out) {
  UdpLocation loc;
  if (locate_udp(frame.data, frame.link_type, loc) || loc.reached != UdpStage::Ipv4 ||
      loc.ip_proto != kIcmpProtocol || loc.ip_fragment_offset != 0)
    return false;
  const std::span<const std::uint8_t> d = frame.data;
  const std::size_t icmp = loc.ip_offset + loc.ip_header_length;
  const std::size_t quoted_ip = icmp + 8;
  if (d.size() < quoted_ip + 20 || d[icmp] != kDestinationUnreachable) return false;
  const std::uint8_t* ip = d.data() + quoted_ip;
  const std::size_t ihl = (ip[0] & 0x0fu) * 4u;
  if ((ip[0] >> 4) != 4 || ihl < 20 || ip[9] != kUdpProtocol || d.size() < quoted_ip + ihl + 8)
    return false;
  const std::uint8_t* udp = ip + ihl;
  out.src_ip = loc.src_ip;
  out.dst_ip = loc.dst_ip;
  out.type = d[icmp];
  out.code = d[icmp + 1];
  out.quoted_src_ip = be32(ip + 12);
  out.quoted_dst_ip = be32(ip + 16);
  out.quoted_src_port = be16(udp);
  out.quoted_dst_port = be16(udp + 2);
  out.quoted_payload = d.subspan(quoted_ip + ihl + 8);
  return true;
}

std::string_view icmp_unreachable_code_name(std::uint8_t code) {
  return code < kCodeNames.size() ? kCodeNames[code] : "unreachable (unknown code)";
}

}  // namespace pxescope
