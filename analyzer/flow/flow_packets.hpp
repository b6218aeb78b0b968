// The flow graph's packets: which frames of a capture are arrows on the ladder (DHCP,
// proxyDHCP and 4011, TFTP RRQ/OACK/ERROR, HTTP request and status lines, DHCPv6, ICMP and
// ICMPv6 unreachable, ARP), who sent each to whom and the short label it gets. TFTP DATA/ACK
// and HTTP bodies are not arrows: the story's transfers become bars (boot_flow.hpp). Bare byte
// access through the locators and message readers the story uses; no field tree but ARP's.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_set>

#include "analyzer/field_tree.hpp"
#include "analyzer/frame.hpp"
#include "analyzer/story/dhcp_message.hpp"
#include "analyzer/story/ipv6_story.hpp"

namespace pxescope::flow {

using Mac = std::array<std::uint8_t, 6>;

inline double frame_seconds(const Frame& f) {
  return static_cast<double>(f.ts_sec) + f.ts_nsec * 1e-9;
}

// One arrow as read from its frame, before hosts are known.
struct PacketArrow {
  std::uint64_t frame = 0;
  double time = 0;           // absolute seconds
  std::string from, to;      // addresses as text ("10.0.2.2", "fd00::2", "255.255.255.255")
  Mac src_mac{}, dst_mac{};  // the link's, when it has them (has_macs)
  bool has_macs = false;
  // The client the packet is about when the packet itself says (DHCP chaddr, DHCPv6 DUID).
  Mac client_mac{};
  bool names_client = false;
  bool from_client = false;  // names_client: the client sent it
  std::string label;         // "DISCOVER", "proxy OFFER", "RRQ pxelinux.0", "200 OK", ...
  std::string detail;        // a longer line for the tooltip ("yiaddr 10.0.2.15, file ...")
  bool failed = false;       // NAK, TFTP ERROR, ICMP unreachable, HTTP 4xx/5xx
};

// Reads frames in capture order; remembers the TFTP requests it saw so that the server's
// OACK and ERROR (from a port of its own, RFC 1350) are recognised.
class FlowPacketReader {
 public:
  // False when the frame is not an arrow.
  bool read(const Frame& frame, PacketArrow& out);

 private:
  bool read_udp(const Frame& frame, const UdpLocation& loc, PacketArrow& out);
  bool read_dhcp(std::span<const std::uint8_t> payload, const UdpLocation& loc, PacketArrow& out);
  bool read_tftp(std::span<const std::uint8_t> payload, const UdpLocation& loc, PacketArrow& out);
  bool read_ipv6(const Frame& frame, const UdpLocation& link, PacketArrow& out);
  bool read_tcp(const Frame& frame, const UdpLocation& loc, PacketArrow& out);
  bool read_icmp(const Frame& frame, const UdpLocation& loc, PacketArrow& out);
  bool read_arp(const Frame& frame, const UdpLocation& loc, PacketArrow& out);
  std::string address(std::uint32_t ip) const { return ids_.text(ip); }

  static constexpr std::size_t kMaxRequests = 4096;    // memory stays flat on endless captures
  std::unordered_set<std::uint64_t> tftp_requesters_;  // client ip:port of RRQs seen
  DhcpMessage dhcp_;
  Ipv6AddressIds ids_;
  FieldTree scratch_;
  Ipv6StoryPacket v6_;
};

}  // namespace pxescope::flow
