// The fuzz input format shared by the fuzz target and the seed extractor (see
// dissector_fuzzer.cpp): byte 0 = mode, then the mode's bytes (mode 4: a pcapng file).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace pxescope::fuzz {

enum class Mode : std::uint8_t {
  DhcpPayload = 0,
  DhcpUdp = 1,
  TftpUdp = 2,
  WholeFrame = 3,
  Pcapng = 4,
  Dhcpv6Udp = 5,       // a DHCPv6 message in Ethernet + IPv6 + UDP 546 -> 547
  Icmpv6 = 6,          // an ICMPv6 message in Ethernet + IPv6
  DnsUdp = 7,          // a DNS message to UDP port 53, then the same bytes as the answer
  HttpTcp = 8,         // TCP handshake on port 80, then the bytes from the client and the server
  CapwapUdp = 9,       // a CAPWAP data packet (header + tunnelled frame) to UDP port 5247
  HttpRequest = 10,    // bytes a client sent the responder's HTTP service
  Dhcpv6Request = 11,  // a DHCPv6 message to the responder's request view (responder/dhcp6/)
};
inline constexpr std::uint8_t kModeCount = 12;

// Ethernet, raw IPv4, Linux cooked v1/v2, LINKTYPE_IPV4, DLT_RAW, 802.11, radiotap.
inline constexpr std::uint32_t kLinkTypes[] = {1, 101, 113, 276, 228, 12, 105, 127};

inline std::uint32_t link_type_from_byte(std::uint8_t b) {
  return kLinkTypes[b % (sizeof kLinkTypes / sizeof kLinkTypes[0])];
}

inline std::uint8_t byte_for_link_type(std::uint32_t dlt) {
  for (std::uint8_t i = 0; i < sizeof kLinkTypes / sizeof kLinkTypes[0]; ++i)
    if (kLinkTypes[i] == dlt) return i;
  return 0;
}

// Ethernet + IPv4 around a transport header + `payload`, between the client
// 192.168.77.150 and the server 192.168.77.2 (`reply`: from the server).
inline void wrap_in_ipv4(std::span<const std::uint8_t> header,
                         std::span<const std::uint8_t> payload, std::uint8_t protocol, bool reply,
                         std::vector<std::uint8_t>& out) {
  const std::uint8_t client[4] = {192, 168, 77, 150}, server[4] = {192, 168, 77, 2};
  const std::uint32_t ip_len = 20 + static_cast<std::uint32_t>(header.size() + payload.size());
  out.clear();
  out.insert(out.end(),
             {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0xc0, 0xff, 0xee, 0x08, 0x00});
  out.insert(out.end(),
             {0x45, 0x00, static_cast<std::uint8_t>(ip_len >> 8), static_cast<std::uint8_t>(ip_len),
              0x00, 0x01, 0x00, 0x00, 64, protocol, 0, 0});
  out.insert(out.end(), reply ? server : client, (reply ? server : client) + 4);
  out.insert(out.end(), reply ? client : server, (reply ? client : server) + 4);
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), payload.begin(), payload.end());
}

// UDP from `src_port` to `dst_port` around `payload` (checksum 0: none).
inline void wrap_in_udp_ports(std::span<const std::uint8_t> payload, std::uint16_t src_port,
                              std::uint16_t dst_port, bool reply, std::vector<std::uint8_t>& out) {
  const std::uint32_t udp_len = 8 + static_cast<std::uint32_t>(payload.size());
  const std::uint8_t header[8] = {static_cast<std::uint8_t>(src_port >> 8),
                                  static_cast<std::uint8_t>(src_port),
                                  static_cast<std::uint8_t>(dst_port >> 8),
                                  static_cast<std::uint8_t>(dst_port),
                                  static_cast<std::uint8_t>(udp_len >> 8),
                                  static_cast<std::uint8_t>(udp_len),
                                  0,
                                  0};
  wrap_in_ipv4(header, payload, 17, reply, out);
}

// Ethernet + IPv4 + UDP around `payload`. dst_port 67: client 68 -> 67; 69: a TFTP request
// 192.168.77.150:1001 -> 192.168.77.2:69; 0: the server's answer from port 50001 -> 1001.
inline void wrap_in_udp(std::span<const std::uint8_t> payload, std::uint16_t dst_port,
                        std::vector<std::uint8_t>& out) {
  const std::uint16_t src_port = dst_port == 67 ? 68 : dst_port == 69 ? 1001 : 50001;
  wrap_in_udp_ports(payload, src_port, dst_port == 0 ? 1001 : dst_port, dst_port == 0, out);
}

// A TCP segment 192.168.77.150:50000 <-> 192.168.77.2:80 (`reply`: from the server) with
// `flags` (0x02 SYN, 0x10 ACK, 0x18 PSH+ACK) around `payload`. Checksum 0: checked, warned.
inline void wrap_in_tcp(std::span<const std::uint8_t> payload, std::uint8_t flags,
                        std::uint32_t seq, std::uint32_t ack, bool reply,
                        std::vector<std::uint8_t>& out) {
  const std::uint16_t src = reply ? 80 : 50000, dst = reply ? 50000 : 80;
  const auto b = [](std::uint32_t v, int shift) { return static_cast<std::uint8_t>(v >> shift); };
  const std::uint8_t header[20] = {b(src, 8),  b(src, 0), b(dst, 8), b(dst, 0),  b(seq, 24),
                                   b(seq, 16), b(seq, 8), b(seq, 0), b(ack, 24), b(ack, 16),
                                   b(ack, 8),  b(ack, 0), 0x50,      flags,      0xff,
                                   0xff,       0,         0,         0,          0};
  wrap_in_ipv4(header, payload, 6, reply, out);
}

// Ethernet + IPv6 around `payload`: next header 17 wraps it in UDP fe80::...:546 ->
// ff02::1:2 port 547 (DHCPv6), 58 carries it as an ICMPv6 message. Checksums stay 0 (the
// dissector checks them and warns).
inline void wrap_in_ipv6(std::span<const std::uint8_t> payload, std::uint8_t next_header,
                         std::vector<std::uint8_t>& out) {
  const bool udp = next_header == 17;
  const std::uint32_t plen = static_cast<std::uint32_t>(payload.size()) + (udp ? 8 : 0);
  out.clear();
  out.insert(out.end(),
             {0x33, 0x33, 0x00, 0x01, 0x00, 0x02, 0x52, 0x54, 0x00, 0xc0, 0xff, 0xee, 0x86, 0xdd});
  out.insert(out.end(), {0x60, 0, 0, 0, static_cast<std::uint8_t>(plen >> 8),
                         static_cast<std::uint8_t>(plen), next_header, 64});
  out.insert(out.end(),
             {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x50, 0x54, 0, 0xff, 0xfe, 0xc0, 0xff, 0xee});
  out.insert(out.end(), {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2});
  if (udp)
    out.insert(out.end(), {0x02, 0x22, 0x02, 0x23, static_cast<std::uint8_t>(plen >> 8),
                           static_cast<std::uint8_t>(plen), 0, 0});
  out.insert(out.end(), payload.begin(), payload.end());
}

}  // namespace pxescope::fuzz
