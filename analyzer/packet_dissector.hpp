// Frame -> field tree: link layer (Ethernet, 802.1Q/QinQ, Linux cooked v1/v2, raw IPv4),
// IPv4, UDP, then BOOTP/DHCP (ports 67/68/4011) or TFTP (69, and the ephemeral ports of
// transfers it has seen start). Keeps only the state needed to follow TFTP transfers.
//
// Use: one PacketDissector per input (file or live stream), frames in order:
//   PacketDissector d; FieldTree tree;
//   while (reader.next(frame)) {
//     const DissectResult r = d.dissect(frame, tree);
//     if (r.protocol == AppProtocol::None) ++not_decoded[r.not_decoded_reason];
//     else render(tree);
//   }
// The top-level nodes of the tree are the layers, as tshark's JSON layers:
// "eth"/"sll", "vlan"/"ieee8021ad" (one per tag), "ip", "udp", then "dhcp" or "tftp".
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/frame.hpp"
#include "analyzer/http/http_follower.hpp"
#include "analyzer/icmp/udp_request_log.hpp"
#include "analyzer/link/ipv6_dissector.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "analyzer/tcp/tcp_streams.hpp"

namespace pxescope {

enum class AppProtocol : std::uint8_t {
  None,
  Dhcp,
  Tftp,
  Dhcpv6,  // DHCPv6 over UDP/IPv6 (ports 546/547)
  Icmpv6,  // ICMPv6: neighbor discovery, errors, echo
};

struct DissectResult {
  AppProtocol protocol = AppProtocol::None;
  // Why the frame is not DHCP/TFTP (empty when it is), static storage, so it can key a
  // counter: "not IPv4", "not UDP", "unsupported link type", "truncated Ethernet header",
  // "IPv4 fragment (not the first)", "UDP, not a DHCP or TFTP port", ...
  std::string_view not_decoded_reason;
};

class PacketDissector {
 public:
  // Decodes the frame into `tree` (cleared first). Never throws on bad data: problems
  // become warnings on the fields they concern. A frame cut by the snap length
  // (original_length > captured) gets a warning on its first node and is decoded as far
  // as it goes. Frames are expected in capture order (frame.index increasing); an earlier
  // frame may be dissected again at any time (the GUI does, on a click): that does not
  // change what is followed.
  DissectResult dissect(const Frame& frame, FieldTree& tree);

  // Forget followed TFTP transfers (new file).
  void reset() {
    tftp_transfers_.clear();
    udp_requests_.clear();
    tcp_streams_.clear();
    http_.clear();
  }

  // Number of TFTP transfers being followed (tests, diagnostics).
  std::size_t followed_tftp_transfers() const { return tftp_transfers_.size(); }

 private:
  DissectResult dissect_udp_payload(const Frame& frame, const UdpLocation& loc, FieldTree& tree);
  void dissect_tcp(const Frame& frame, const UdpLocation& loc, FieldTree& tree);
  void record_udp_request(const Frame& frame, const UdpLocation& loc, const FieldTree& tree);

  // One end of a UDP exchange; an IPv4 address is held IPv4-mapped (::ffff:a.b.c.d), so
  // transfers over IPv4 and IPv6 are followed by the same code.
  struct Endpoint {
    Ipv6Address addr{};
    std::uint16_t port = 0;
    bool operator==(const Endpoint&) const = default;
  };
  struct EndpointHash {
    std::size_t operator()(const Endpoint& e) const {
      std::uint64_t h = 1469598103934665603ull;  // FNV-1a
      for (std::uint8_t b : e.addr) h = (h ^ b) * 1099511628211ull;
      return static_cast<std::size_t>((h ^ e.port) * 1099511628211ull);
    }
  };
  static Endpoint ipv4_endpoint(std::uint32_t ip, std::uint16_t port) {
    Endpoint e;
    e.addr[10] = e.addr[11] = 0xff;
    for (int i = 0; i < 4; ++i) e.addr[12 + i] = static_cast<std::uint8_t>(ip >> (24 - 8 * i));
    e.port = port;
    return e;
  }

  // A transfer is keyed by its client's address and port: the request goes from there to
  // the server's port 69, and the server answers from a new port of its own (RFC 1350 TIDs).
  struct TftpTransfer {
    Ipv6Address server_ip{};
    std::uint16_t server_port = 0;  // 0 until the server's first answer
    std::uint64_t request_frame = 0;
    std::string file_name;
    std::uint16_t last_block = 0;
    std::uint32_t block_wraps = 0;
    std::uint32_t block_size = 512;  // negotiated blksize (the OACK's), else RFC 1350's
    bool write_request = false;
    std::uint64_t last_frame = 0;            // newest frame of the transfer seen so far
    std::vector<std::uint64_t> wrap_frames;  // frames where the block number wrapped
  };
  // Keeps memory flat on endless streams: past this many transfers the table starts over.
  static constexpr std::size_t kMaxFollowedTransfers = 4096;

  // TFTP on port 69 or a followed transfer's ports; None when neither.
  DissectResult follow_tftp(const Frame& frame, std::span<const std::uint8_t> payload,
                            std::uint32_t payload_offset, const Endpoint& src, const Endpoint& dst,
                            FieldTree& tree);
  // The frame is IPv6 (at `ip_offset`): IPv6, then UDP (DHCPv6, TFTP) or ICMPv6.
  DissectResult dissect_ipv6_frame(const Frame& frame, std::uint32_t ip_offset, FieldTree& tree);

  std::unordered_map<Endpoint, TftpTransfer, EndpointHash> tftp_transfers_;
  // Earlier UDP packets, for the request an ICMP port unreachable answers.
  UdpRequestLog udp_requests_;
  TcpStreamTable tcp_streams_;
  HttpFollower http_;
};

}  // namespace pxescope
