// IPv6 (RFC 8200): the fixed header and the extension headers a boot capture carries
// (hop-by-hop, routing, fragment, destination options), then UDP over IPv6 with its
// pseudo-header checksum -> field-tree nodes with tshark's names ("ipv6" top node with
// ipv6.src, ipv6.nxt, ipv6.hopopts.nxt, ipv6.fraghdr.offset...; "udp").
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "analyzer/field_tree.hpp"

namespace pxescope {

inline constexpr std::uint16_t kEtherTypeIpv6 = 0x86dd;
inline constexpr std::uint8_t kIpProtoUdp = 17, kIpProtoIcmpv6 = 58;

using Ipv6Address = std::array<std::uint8_t, 16>;

// What the IPv6 walk found, for the dispatch above it.
struct Ipv6Layers {
  bool header_ok = false;  // the fixed header was read
  Ipv6Address src{}, dst{};
  std::uint8_t upper_protocol = 0;  // the next header after the extension headers
  std::uint32_t upper_offset = 0;   // where that header starts in the frame
  std::uint32_t end = 0;            // end of the datagram in the frame (payload length, cut)
  bool cut = false;                 // the payload length says more than the frame holds
  bool later_fragment = false;      // a fragment other than the first: not decoded further
  NodeId ip_node = kNoNode;
  // UDP (upper_protocol 17, found when udp_ok).
  bool udp_ok = false;
  std::uint16_t src_port = 0, dst_port = 0;
  std::uint32_t payload_offset = 0, payload_length = 0;
  std::string_view failure;  // static text: why nothing above IPv6 was found
};

// Decodes the IPv6 datagram at frame offset `off` as a top-level "ipv6" node (under
// `parent` when quoted inside an ICMPv6 error: then cut data is expected, not warned), and
// a "udp" node after it when it carries UDP.
Ipv6Layers dissect_ipv6(std::span<const std::uint8_t> frame, std::uint32_t off, FieldTree& tree,
                        NodeId parent = kNoNode);

// The folded one's complement sum of the IPv6 pseudo-header (RFC 8200 §8.1): what a host
// that offloads the checksum leaves in the field for the network card to finish.
std::uint16_t pseudo_header_sum(const Ipv6Address& src, const Ipv6Address& dst, std::uint8_t proto,
                                std::uint32_t length);
// The Internet checksum of `data` with the IPv6 pseudo-header (RFC 8200 §8.1); 0 when right.
std::uint16_t ipv6_checksum(const Ipv6Address& src, const Ipv6Address& dst, std::uint8_t proto,
                            std::span<const std::uint8_t> data);

// As tshark names ipv6.nxt (ip.proto names some differently: 58 is "IPv6-ICMP" there).
std::string_view ipv6_next_header_name(std::uint8_t proto);  // "UDP", "ICMPv6", ...

}  // namespace pxescope
