// What makes a received frame one the responder must not answer, decided before the DHCP
// payload is parsed: the kernel's view of the frame (not for this host, tagged with a
// VLAN this interface is not on) and the IPv4/UDP header integrity (checksums, lengths).
// Pure, so the rules are unit-tested without a socket; one pass over the bytes.
#pragma once

#include <cstdint>
#include <span>

#include "responder/dhcp_request.hpp"

namespace pxescope::responder {

// What the kernel says about a received frame (sockaddr_ll and PACKET_AUXDATA). The
// defaults describe a frame we know nothing about (replay): addressed to us, untagged,
// checksums to be verified.
struct LinkMeta {
  std::uint8_t packet_type = 0;  // PACKET_HOST, PACKET_OTHERHOST, ...
  bool vlan_tagged = false;      // TP_STATUS_VLAN_VALID: the kernel stripped an 802.1Q tag
  std::uint16_t vlan_tci = 0;
  // TP_STATUS_CSUMNOTREADY (sent by this host / over a veth with offload: the UDP checksum
  // is not filled in yet) or TP_STATUS_CSUM_VALID (the NIC checked it): nothing to verify.
  bool udp_checksum_done_elsewhere = false;
  // The frame's size on the wire (MSG_TRUNC): more than the bytes received when the receive
  // slot cut it (then it is Malformed, TooLong); 0 when unknown (replay, tests).
  std::uint32_t wire_length = 0;
};

// False for frames this host must neither see nor answer: unicast to another MAC
// (PACKET_OTHERHOST, seen in promiscuous mode or on a hub/bridge), our own outgoing
// frames, and frames of a VLAN (a tag with a non-zero VLAN id). A priority-only tag
// (VLAN id 0, 802.1p) belongs to the untagged network and is accepted.
bool link_accepts(const LinkMeta& link);

// An 802.1Q/802.1ad tag seen in the frame bytes (not stripped by the kernel) with a
// non-zero VLAN id. `tci` is the tag control field.
inline bool vlan_id_set(std::uint16_t tci) {
  return (tci & 0x0fffu) != 0;
}

// IPv4 + UDP header checks on `ip` (the IPv4 header onwards, up to the end of the frame,
// Ethernet padding included). ParseError::None when the headers are consistent; else
// BadLength (IP total length beyond the frame or below IP+UDP headers, UDP length below 8
// or beyond the IP payload), BadIpChecksum, or BadUdpChecksum (only when the checksum is
// not 0, which means "none" in UDP over IPv4, and `verify_udp` is true).
ParseError check_ipv4_udp(std::span<const std::uint8_t> ip, bool verify_udp);

// The relay address rule (RFC 2131 4.1 / RFC 1542 4.1.1): a relay puts the address of
// its own interface on the client's network in giaddr, so a relayed request (giaddr set,
// or hops > 0) must carry a unicast address. giaddr 0.0.0.0 with hops 0 is the normal
// direct request. Rejected: 0.0.0.0 with hops > 0 (relayed but nowhere to answer),
// 0/8, 127/8, 224/4 (multicast) and above (class E, 255.255.255.255).
bool relay_address_valid(const DhcpRequest& req);

}  // namespace pxescope::responder
