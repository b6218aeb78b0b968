// The boot story's reading of IPv6 frames (PXEv6: UEFI firmware that falls back to IPv6, or
// boots over it only): DHCPv6 messages, UDP over IPv6 (TFTP) and ICMPv6 port unreachable.
// IPv6 addresses are interned as 32-bit ids in 240.0.0.0/4 (reserved, never seen on a boot
// LAN), so the story's IPv4-keyed maps follow TFTP over IPv6 with the same code; every text
// prints them back as IPv6 addresses.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/frame.hpp"
#include "analyzer/link/ipv6_dissector.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "analyzer/story/dhcpv6_message.hpp"

namespace pxescope {

class Ipv6AddressIds {
 public:
  std::uint32_t id(const Ipv6Address& address);
  static bool is_id(std::uint32_t ip) { return (ip & 0xf0000000u) == 0xf0000000u; }
  // The IPv6 text of an id, or the dotted IPv4 text of any other address.
  std::string text(std::uint32_t ip) const;

 private:
  std::map<Ipv6Address, std::uint32_t> ids_;
  std::vector<std::string> texts_;
};

struct Ipv6StoryPacket {
  enum class Kind : std::uint8_t { None, Dhcpv6, Udp, PortUnreachable };
  Kind kind = Kind::None;
  bool has_macs = false;  // Ethernet: the addresses below are the frame's
  std::array<std::uint8_t, 6> src_mac{}, dst_mac{};
  // Udp: as locate_udp fills it for IPv4, addresses as ids (the TFTP follower reads it).
  // Dhcpv6 and PortUnreachable: src_ip/dst_ip are the datagram's.
  UdpLocation loc;
  Dhcpv6Message dhcpv6;
  // PortUnreachable: the quoted UDP datagram (from the client, to the closed port).
  std::uint32_t quoted_src = 0, quoted_dst = 0;
  std::uint16_t quoted_src_port = 0, quoted_dst_port = 0;
};

// Reads an IPv6 frame whose link layer `link` found (loc.ethertype 0x86dd). `scratch` is a
// tree the IPv6 walk may write to (cleared first). False when nothing in it tells a story.
bool read_ipv6_story_packet(const Frame& frame, const UdpLocation& link, FieldTree& scratch,
                            Ipv6AddressIds& ids, Ipv6StoryPacket& out);

// The timeline line of a DHCPv6 message: "DHCPv6 Solicit xid 0x5a6b7c, PXEClient:..., arch 7
// (x64 UEFI), asks for a boot file URL (59)", "DHCPv6 Advertise from fe80::1: address
// fd00:77::150, boot file URL tftp://[fd00:77::2]/x.efi".
std::string describe_dhcpv6(const Dhcpv6Message& m, const std::string& sender);

}  // namespace pxescope
