// Statistics ▸ Conversations, as Wireshark's Conversations window and `tshark -z conv,ip`
// (ipv6, udp, tcp): per pair of endpoints, the packets and bytes (frame lengths on the wire)
// each way, the start (seconds since the capture's first frame) and the duration. Address A
// is the source of the first packet seen; "A→B" counts the packets it sent. Read from the
// dissector's top-level layers ("ip"/"ipv6", then "udp"/"tcp"), so a packet quoted inside an
// ICMP error counts once, for its outer header, as in tshark; an IPv6 fragment that is not a
// whole datagram is not counted (tshark counts reassembled datagrams).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/frame.hpp"

namespace pxescope {

enum class ConversationKind : std::uint8_t { Ipv4, Ipv6, Udp, Tcp };
inline constexpr ConversationKind kConversationKinds[] = {
    ConversationKind::Ipv4, ConversationKind::Ipv6, ConversationKind::Udp, ConversationKind::Tcp};
std::string_view conversation_kind_name(ConversationKind kind);  // "IPv4", "IPv6", "UDP", "TCP"

struct Conversation {
  std::string address_a, address_b;
  std::uint16_t port_a = 0, port_b = 0;  // 0 for IPv4/IPv6
  std::uint64_t packets_ab = 0, bytes_ab = 0, packets_ba = 0, bytes_ba = 0;
  double start = 0;     // seconds since the capture's first frame
  double duration = 0;  // last packet - first packet
  std::uint64_t first_frame = 0;
};

class ConversationTable {
 public:
  // Every frame of the capture, in order, after the dissector made its tree.
  void add(const Frame& frame, const FieldTree& tree);
  // The conversations of one kind, in order of their first packet.
  std::vector<Conversation> list(ConversationKind kind) const;

 private:
  struct Entry {
    Conversation c;
    double first_time = 0, last_time = 0;  // since the capture's first frame
  };
  void count(ConversationKind kind, const std::string& src, const std::string& dst,
             std::uint16_t src_port, std::uint16_t dst_port, const Frame& frame, double now);

  std::unordered_map<std::string, std::size_t> index_;  // kind + both endpoints, sorted
  std::vector<Entry> entries_;
  std::vector<ConversationKind> kinds_;
  bool have_start_ = false;
  Frame start_;  // the capture's first frame (its time only)
};

}  // namespace pxescope
