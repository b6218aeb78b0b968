#include "responder/net/frame_check.hpp"

#include <linux/if_packet.h>

#include <array>

#include "responder/net/byte_order.hpp"
#include "responder/net/frame_builder.hpp"

namespace pxescope::responder {
namespace {

using wire::be16;

// sll_pkttype values a DHCP server answers; everything else (OTHERHOST, OUTGOING,
// LOOPBACK, ...) is someone else's traffic or our own.
constexpr std::array<std::uint8_t, 3> kAnsweredPacketTypes = {PACKET_HOST, PACKET_BROADCAST,
                                                              PACKET_MULTICAST};

}  // namespace

bool link_accepts(const LinkMeta& link) {
  if (link.vlan_tagged && vlan_id_set(link.vlan_tci)) return false;
  for (const std::uint8_t type : kAnsweredPacketTypes)
    if (link.packet_type == type) return true;
  return false;
}

ParseError check_ipv4_udp(std::span<const std::uint8_t> ip, bool verify_udp) {
  if (ip.size() < 20) return ParseError::BadLength;
  const std::size_t ihl = std::size_t{ip[0] & 0x0fu} * 4;
  const std::size_t ip_total = be16(&ip[2]);
  // Ethernet pads short frames, so the frame may be longer than the datagram, never shorter.
  if (ihl < 20 || ip_total > ip.size() || ip_total < ihl + 8) return ParseError::BadLength;
  if (internet_checksum(ip.first(ihl)) != 0) return ParseError::BadIpChecksum;
  const std::span<const std::uint8_t> udp = ip.subspan(ihl, ip_total - ihl);
  const std::size_t udp_len = be16(&udp[4]);
  if (udp_len < 8 || udp_len > udp.size()) return ParseError::BadLength;
  if (!verify_udp || be16(&udp[6]) == 0) return ParseError::None;
  // Pseudo-header: source and destination address, protocol, UDP length.
  const std::uint32_t pseudo = be16(&ip[12]) + be16(&ip[14]) + be16(&ip[16]) + be16(&ip[18]) + 17u +
                               static_cast<std::uint32_t>(udp_len);
  if (internet_checksum(udp.first(udp_len), pseudo) != 0) return ParseError::BadUdpChecksum;
  return ParseError::None;
}

bool relay_address_valid(const DhcpRequest& req) {
  const std::uint32_t g = req.giaddr;
  if (g == 0) return req.hops == 0;
  const std::uint8_t first_octet = static_cast<std::uint8_t>(g >> 24);
  return first_octet != 0 && first_octet != 127 && first_octet < 224;
}

}  // namespace pxescope::responder
