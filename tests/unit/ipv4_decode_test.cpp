// Hand-built frames for what the boot captures do not hold: ARP probes and gratuitous
// replies, bad and absent checksums, other IP protocols and fragments, UDP to unknown ports,
// ICMP errors with and without the request they refuse, truncated headers.
#include <gtest/gtest.h>

#include "analyzer/packet_dissector.hpp"
#include "unit/node_text_support.hpp"
#include "unit/packet_test_support.hpp"

using namespace pxescope;
using namespace pxescope::testing;

namespace {

constexpr std::uint32_t kClient = ip4(192, 168, 1, 5), kServer = ip4(192, 168, 1, 1);

struct Decoded {
  PacketDissector dissector;
  FieldTree tree;
  std::uint64_t next_index = 1;

  void run(const Bytes& frame) {
    Frame f;
    f.index = next_index++;
    f.link_type = 1;
    f.data = frame;
    f.original_length = static_cast<std::uint32_t>(frame.size());
    dissector.dissect(f, tree);
  }
  const FieldNode& node(std::string_view name) const {
    const NodeId id = tree.find(name);
    EXPECT_NE(id, kNoNode) << name;
    static const FieldNode kMissing;
    return id == kNoNode ? kMissing : tree[id];
  }
  bool has(std::string_view name) const { return tree.find(name) != kNoNode; }
  // The node's line as -V, the GUI and the JSON show it (texts are made when asked for).
  std::string line(std::string_view name) const {
    const NodeId id = tree.find(name);
    EXPECT_NE(id, kNoNode) << name;
    return id == kNoNode ? std::string() : pxescope::testing::text(tree, id);
  }
  std::string info() const { return tree.info_column(); }
};

// An Ethernet/IPv4 ARP packet.
Bytes arp(std::uint16_t op, std::uint32_t sender_ip, std::uint32_t target_ip,
          const std::array<std::uint8_t, 6>& target_mac = {}) {
  Bytes b;
  put16(b, 1);
  put16(b, 0x0800);
  b.push_back(6);
  b.push_back(4);
  put16(b, op);
  b.insert(b.end(), kClientMac.begin(), kClientMac.end());
  put32(b, sender_ip);
  b.insert(b.end(), target_mac.begin(), target_mac.end());
  put32(b, target_ip);
  return ethernet(b, {}, 0x0806);
}

// An ICMP message with a correct checksum.
Bytes icmp(std::uint8_t type, std::uint8_t code, const Bytes& rest) {
  Bytes b = {type, code, 0, 0};
  append(b, rest);
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < b.size(); i += 2)
    sum += (std::uint32_t{b[i]} << 8) | (i + 1 < b.size() ? b[i + 1] : 0);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  b[2] = static_cast<std::uint8_t>(~sum >> 8);
  b[3] = static_cast<std::uint8_t>(~sum);
  return b;
}

Bytes rrq(std::string_view file) {
  Bytes b = {0, 1};
  append(b, file);
  b.push_back(0);
  append(b, std::string_view("octet"));
  b.push_back(0);
  return b;
}

}  // namespace

TEST(ArpDecode, RequestReplyAndTheRfc5227Kinds) {
  Decoded d;
  d.run(arp(1, kServer, kClient));
  EXPECT_EQ(d.tree.protocol_column(), "ARP");
  EXPECT_EQ(d.info(), "Who has 192.168.1.5? Tell 192.168.1.1");
  EXPECT_EQ(d.node("arp.src.hw_mac").str_value, "52:54:00:7b:be:06");
  EXPECT_EQ(d.node("arp.dst.proto_ipv4").offset, 38u);
  EXPECT_FALSE(d.has("arp.isgratuitous"));

  d.run(arp(2, kClient, kServer, kClientMac));
  EXPECT_EQ(d.info(), "192.168.1.5 is at 52:54:00:7b:be:06");

  d.run(arp(1, 0, kClient));  // RFC 5227 probe: sender 0.0.0.0, target MAC unknown
  EXPECT_EQ(d.info(), "Who has 192.168.1.5? (ARP Probe)");
  EXPECT_EQ(d.node("arp.isprobe").uint_value, 1u);

  d.run(arp(1, kClient, kClient));  // announcement
  EXPECT_EQ(d.info(), "ARP Announcement for 192.168.1.5");
  EXPECT_EQ(d.node("arp.isannouncement").uint_value, 1u);
  EXPECT_EQ(d.node("arp.isgratuitous").uint_value, 1u);

  d.run(arp(1, kClient, kClient, kBroadcastMac));
  EXPECT_EQ(d.info(), "Gratuitous ARP for 192.168.1.5 (Request)");
  d.run(arp(2, kClient, kClient, kBroadcastMac));
  EXPECT_EQ(d.info(), "Gratuitous ARP for 192.168.1.5 (Reply)");
}

TEST(ArpDecode, TruncatedPacketsWarnWithoutReadingPastTheEnd) {
  Decoded d;
  Bytes cut = arp(1, kServer, kClient);
  cut.resize(14 + 20);  // the addresses are cut
  d.run(cut);
  ASSERT_TRUE(d.has("arp"));
  EXPECT_EQ(d.tree.count_warnings(Severity::Error), 1u);
  EXPECT_EQ(d.info(), "Truncated ARP packet");
  EXPECT_EQ(d.node("arp").length, 20u);
  cut.resize(14 + 5);
  d.run(cut);
  EXPECT_EQ(d.tree.count_warnings(Severity::Error), 1u);
  EXPECT_FALSE(d.has("arp.opcode"));
}

TEST(Ipv4Decode, HeaderChecksumStatusAndDscp) {
  Decoded d;
  Bytes frame = ethernet(ipv4_udp(kClient, kServer, 1234, 5678, Bytes(4, 0)));
  d.run(frame);
  EXPECT_EQ(d.node("ip.checksum.status").uint_value, 1u);  // Good
  EXPECT_TRUE(d.node("ip.checksum").warnings.empty());
  EXPECT_EQ(d.node("ip.flags.df").uint_value, 0u);

  frame[14 + 1] = 0xb8;  // DSCP 46 (EF): the checksum no longer matches
  d.run(frame);
  EXPECT_EQ(d.node("ip.dsfield.dscp").uint_value, 46u);
  EXPECT_EQ(d.line("ip.dsfield.dscp"),
            "Differentiated Services Codepoint: Expedited "
            "Forwarding (46)");
  EXPECT_EQ(d.node("ip.checksum.status").uint_value, 0u);  // Bad
  ASSERT_EQ(d.node("ip.checksum").warnings.size(), 1u);
  EXPECT_NE(d.node("ip.checksum").warnings.front().message.find("should be 0x"), std::string::npos);
}

TEST(Ipv4Decode, OtherProtocolsAndLaterFragmentsGetASummaryNotAFailure) {
  Decoded d;
  d.run(ethernet(ipv4(kClient, kServer, 253, Bytes(8, 0))));
  EXPECT_EQ(d.tree.protocol_column(), "IPv4");
  EXPECT_EQ(d.info(), "IPv4, protocol 253 (Unknown)");
  d.run(ethernet(ipv4(kClient, kServer, 17, Bytes(16, 0), {}, 185)));  // offset 185 * 8
  EXPECT_EQ(d.info(), "Fragmented IP protocol (proto=UDP 17, off=1480, ID=1234)");
  EXPECT_FALSE(d.has("udp"));
}

TEST(UdpDecode, ChecksumStatusAndUnknownPorts) {
  Decoded d;
  d.run(ethernet(ipv4_udp(kClient, kServer, 50000, 1234, Bytes(12, 0xab))));
  EXPECT_EQ(d.tree.protocol_column(), "UDP");
  EXPECT_EQ(d.info(), "50000 \xe2\x86\x92 1234 Len=12");
  EXPECT_EQ(d.node("udp.checksum.status").uint_value, 3u);  // zero: not present

  // With a checksum: compute it the slow way, then break it.
  Bytes frame = ethernet(ipv4_udp(kClient, kServer, 50000, 1234, Bytes(12, 0xab)));
  std::uint32_t sum =
      (kClient >> 16) + (kClient & 0xffff) + (kServer >> 16) + (kServer & 0xffff) + 17 + 20;
  for (std::size_t i = 34; i < frame.size(); i += 2) sum += (frame[i] << 8) | frame[i + 1];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  frame[40] = static_cast<std::uint8_t>(~sum >> 8);
  frame[41] = static_cast<std::uint8_t>(~sum);
  d.run(frame);
  EXPECT_EQ(d.node("udp.checksum.status").uint_value, 1u);
  frame.back() ^= 1;
  d.run(frame);
  EXPECT_EQ(d.node("udp.checksum.status").uint_value, 0u);
  EXPECT_EQ(d.node("udp.checksum").warnings.size(), 1u);
}

TEST(IcmpDecode, PortUnreachableNamesTheRefusedRequest) {
  Decoded d;
  const Bytes request = ipv4_udp(kClient, kServer, 2070, 69, rrq("pxelinux.0"));
  Bytes quoted = {0, 0, 0, 0};  // unused
  append(quoted, request);
  const Bytes refusal = ethernet(ipv4(kServer, kClient, 1, icmp(3, 3, quoted)));

  d.run(refusal);  // frame 1: no request seen yet
  EXPECT_EQ(d.tree.protocol_column(), "ICMP");
  EXPECT_EQ(d.info(), "Port unreachable (192.168.1.1:69)");
  EXPECT_EQ(d.node("icmp.checksum.status").uint_value, 1u);
  // The quoted headers are nested under icmp, as tshark nests them.
  const NodeId icmp_node = d.tree.find("icmp");
  EXPECT_NE(d.tree.find("ip", icmp_node), kNoNode);
  EXPECT_EQ(d.tree[d.tree.find("udp.dstport", icmp_node)].uint_value, 69u);

  d.run(ethernet(request));  // frame 2: the RRQ
  d.run(refusal);            // frame 3: refused
  EXPECT_EQ(d.info(), "Port unreachable (192.168.1.1:69 \xe2\x86\x90 RRQ pxelinux.0)");
  EXPECT_EQ(d.node("icmp.refused_request_in").uint_value, 2u);
}

TEST(IcmpDecode, EchoAndTruncatedMessages) {
  Decoded d;
  d.run(ethernet(ipv4(kServer, kClient, 1, icmp(8, 0, {0x12, 0x34, 0x00, 0x01}))));
  EXPECT_EQ(d.info(), "Echo (ping) request  id=0x1234, seq=1/256, ttl=64");
  EXPECT_EQ(d.node("icmp.seq_le").uint_value, 256u);
  d.run(ethernet(ipv4(kServer, kClient, 1, Bytes{3, 3})));
  EXPECT_EQ(d.info(), "Truncated ICMP message");
  EXPECT_EQ(d.tree.count_warnings(Severity::Error), 1u);
  // An error quoting less than a whole IPv4 header: what is there, and a note.
  d.run(ethernet(ipv4(kServer, kClient, 1, icmp(3, 1, Bytes(4 + 10, 0x45)))));
  EXPECT_EQ(d.info(), "Destination unreachable (Host unreachable)");
  EXPECT_EQ(d.tree.count_warnings(Severity::Error), 0u);
}
