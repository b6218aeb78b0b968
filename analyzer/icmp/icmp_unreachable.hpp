// ICMPv4 destination unreachable (type 3) and the IPv4+UDP header it quotes: just enough to
// say which boot packet was refused ("port unreachable: nothing listens on 69"). Members are
// named after Wireshark's fields: icmp.type, icmp.code, and the quoted ip.src/ip.dst,
// udp.srcport/udp.dstport. A full ICMP dissector is left to the dissector registry.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "analyzer/frame.hpp"

namespace pxescope {

struct IcmpUnreachable {
  std::uint32_t src_ip = 0, dst_ip = 0;  // of the ICMP packet itself, host order
  std::uint8_t type = 0;                 // icmp.type (3)
  std::uint8_t code = 0;                 // icmp.code (3: port unreachable)
  // The quoted datagram that was refused.
  std::uint32_t quoted_src_ip = 0, quoted_dst_ip = 0;      // ip.src, ip.dst
  std::uint16_t quoted_src_port = 0, quoted_dst_port = 0;  // udp.srcport, udp.dstport
  std::span<const std::uint8_t> quoted_payload;            // what was quoted of its UDP data
};

// True for an ICMPv4 destination unreachable that quotes a UDP datagram's headers.
bool parse_icmp_unreachable(const Frame& frame, IcmpUnreachable& out);

// "port unreachable", "host unreachable", ... (RFC 792, 1122, 1812); "code N" otherwise.
std::string_view icmp_unreachable_code_name(std::uint8_t code);

}  // namespace pxescope
