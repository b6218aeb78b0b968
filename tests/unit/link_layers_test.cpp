// Link layers, IPv4 and UDP from hand-built frames: node names, values, offsets, warnings.
#include "analyzer/link/link_dissector.hpp"

#include <gtest/gtest.h>

#include "unit/packet_test_support.hpp"

// The node's line as the views show it (stored, or the registry's default text).
inline std::string text_of(const pxescope::FieldNode& n) {
  std::string scratch;
  return std::string(pxescope::node_text(n, scratch));
}

using namespace pxescope;
using namespace pxescope::testing;

namespace {

struct Decoded {
  FieldTree tree;
  UdpLocation loc;
  LinkNodes nodes;
  bool found = false;
};

Decoded decode(const Bytes& data, std::uint32_t dlt, std::uint32_t original_length = 0) {
  Decoded d;
  Frame frame;
  frame.index = 1;
  frame.link_type = dlt;
  frame.data = data;
  frame.original_length =
      original_length ? original_length : static_cast<std::uint32_t>(data.size());
  d.found = dissect_link_layers(frame, d.tree, d.loc, d.nodes);
  return d;
}

// Checks a node by name (the n-th one with that name): offset, length, value.
const FieldNode& node(const FieldTree& t, std::string_view name, int nth = 0) {
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t[static_cast<NodeId>(i)].name == name && nth-- == 0) return t[static_cast<NodeId>(i)];
  static FieldNode missing;
  ADD_FAILURE() << "no node " << name;
  return missing;
}

std::vector<std::string_view> roots(const FieldTree& t) {
  std::vector<std::string_view> names;
  t.for_each_child(kNoNode, [&](NodeId id) { names.push_back(t[id].name); });
  return names;
}

bool has_warning(const FieldNode& n, std::string_view part) {
  for (const auto& w : n.warnings)
    if (w.message.find(part) != std::string::npos) return true;
  return false;
}

const Bytes kPayload = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
const Bytes kIpUdp = ipv4_udp(ip4(192, 168, 77, 165), ip4(192, 168, 77, 2), 1536, 69, kPayload);

}  // namespace

TEST(LinkLayers, EthernetIpv4Udp) {
  const Decoded d = decode(ethernet(kIpUdp), 1);
  ASSERT_TRUE(d.found) << d.loc.failure;
  EXPECT_EQ(roots(d.tree), (std::vector<std::string_view>{"eth", "ip", "udp"}));
  EXPECT_EQ(node(d.tree, "eth").offset, 0u);
  EXPECT_EQ(node(d.tree, "eth").length, 14u);
  EXPECT_EQ(node(d.tree, "eth.dst").str_value, "ff:ff:ff:ff:ff:ff");
  EXPECT_EQ(node(d.tree, "eth.src").str_value, "52:54:00:7b:be:06");
  EXPECT_EQ(node(d.tree, "eth.src").offset, 6u);
  EXPECT_EQ(node(d.tree, "eth.type").uint_value, 0x0800u);
  EXPECT_EQ(text_of(node(d.tree, "eth.type")), "Type: IPv4 (0x0800)");
  EXPECT_EQ(node(d.tree, "ip").offset, 14u);
  EXPECT_EQ(node(d.tree, "ip").length, 20u);
  EXPECT_EQ(node(d.tree, "ip.src").str_value, "192.168.77.165");
  EXPECT_EQ(node(d.tree, "ip.src").offset, 26u);
  EXPECT_EQ(node(d.tree, "ip.dst").str_value, "192.168.77.2");
  EXPECT_EQ(node(d.tree, "ip.dst").offset, 30u);
  EXPECT_EQ(node(d.tree, "ip.proto").uint_value, 17u);
  EXPECT_EQ(node(d.tree, "ip.ttl").uint_value, 64u);
  EXPECT_EQ(node(d.tree, "ip.ttl").offset, 22u);
  EXPECT_EQ(node(d.tree, "ip.len").uint_value, 38u);
  EXPECT_EQ(node(d.tree, "udp").offset, 34u);
  EXPECT_EQ(node(d.tree, "udp.srcport").uint_value, 1536u);
  EXPECT_EQ(node(d.tree, "udp.dstport").uint_value, 69u);
  EXPECT_EQ(node(d.tree, "udp.dstport").offset, 36u);
  EXPECT_EQ(node(d.tree, "udp.length").uint_value, 18u);
  EXPECT_EQ(d.loc.payload_offset, 42u);
  EXPECT_EQ(d.loc.payload_length, kPayload.size());
  EXPECT_EQ(d.tree.count_warnings(), 0u);
}

TEST(LinkLayers, EthernetPaddingIsNotPayload) {
  Bytes frame = ethernet(kIpUdp);
  frame.resize(frame.size() + 12, 0);  // Ethernet minimum-size padding
  const Decoded d = decode(frame, 1);
  ASSERT_TRUE(d.found);
  EXPECT_EQ(d.loc.payload_length, kPayload.size());
}

TEST(LinkLayers, Vlan8021Q) {
  const Decoded d = decode(ethernet(kIpUdp, {{0x8100, (5 << 13) | 42}}), 1);
  ASSERT_TRUE(d.found) << d.loc.failure;
  EXPECT_EQ(roots(d.tree), (std::vector<std::string_view>{"eth", "vlan", "ip", "udp"}));
  EXPECT_EQ(node(d.tree, "eth.type").uint_value, 0x8100u);
  EXPECT_EQ(node(d.tree, "vlan").offset, 14u);
  EXPECT_EQ(node(d.tree, "vlan").length, 4u);
  EXPECT_EQ(node(d.tree, "vlan.id").uint_value, 42u);
  EXPECT_EQ(node(d.tree, "vlan.priority").uint_value, 5u);
  EXPECT_EQ(node(d.tree, "vlan.etype").uint_value, 0x0800u);
  EXPECT_EQ(node(d.tree, "vlan.etype").offset, 16u);
  EXPECT_EQ(node(d.tree, "ip").offset, 18u);
  EXPECT_EQ(node(d.tree, "udp.srcport").offset, 38u);
}

TEST(LinkLayers, QinQ88a8And9100) {
  const Decoded d = decode(ethernet(kIpUdp, {{0x88a8, 100}, {0x8100, 200}}), 1);
  ASSERT_TRUE(d.found) << d.loc.failure;
  EXPECT_EQ(roots(d.tree),
            (std::vector<std::string_view>{"eth", "ieee8021ad", "vlan", "ip", "udp"}));
  EXPECT_EQ(node(d.tree, "ieee8021ad.id").uint_value, 100u);
  EXPECT_EQ(node(d.tree, "ieee8021ad.id").offset, 14u);
  EXPECT_EQ(node(d.tree, "vlan.id").uint_value, 200u);
  EXPECT_EQ(node(d.tree, "vlan.id").offset, 18u);
  EXPECT_EQ(node(d.tree, "ip").offset, 22u);

  const Decoded old = decode(ethernet(kIpUdp, {{0x9100, 7}, {0x8100, 8}}), 1);
  ASSERT_TRUE(old.found) << old.loc.failure;
  EXPECT_EQ(node(old.tree, "vlan.id", 0).uint_value, 7u);
  EXPECT_EQ(node(old.tree, "vlan.id", 1).uint_value, 8u);
  EXPECT_EQ(old.loc.payload_offset, 22u + 28u);
}

TEST(LinkLayers, TooManyOrTruncatedVlanTagsWarn) {
  const Decoded many = decode(
      ethernet(kIpUdp, {{0x8100, 1}, {0x8100, 2}, {0x8100, 3}, {0x8100, 4}, {0x8100, 5}}), 1);
  EXPECT_FALSE(many.found);
  EXPECT_EQ(many.loc.failure, "too many VLAN tags");
  EXPECT_EQ(many.tree.count_warnings(Severity::Error), 1u);

  Bytes cut = ethernet({}, {}, 0x8100);
  cut.push_back(0);
  const Decoded truncated = decode(cut, 1);
  EXPECT_FALSE(truncated.found);
  EXPECT_EQ(truncated.loc.failure, "truncated VLAN tag");
  EXPECT_TRUE(has_warning(node(truncated.tree, "vlan"), "truncated VLAN tag"));
}

TEST(LinkLayers, LinuxCookedV1) {
  const Decoded d = decode(linux_sll(kIpUdp, 4), 113);
  ASSERT_TRUE(d.found) << d.loc.failure;
  EXPECT_EQ(roots(d.tree), (std::vector<std::string_view>{"sll", "ip", "udp"}));
  EXPECT_EQ(node(d.tree, "sll").length, 16u);
  EXPECT_EQ(node(d.tree, "sll.pkttype").uint_value, 4u);
  EXPECT_EQ(text_of(node(d.tree, "sll.pkttype")), "Packet type: Sent by us (4)");
  EXPECT_EQ(node(d.tree, "sll.hatype").uint_value, 1u);
  EXPECT_EQ(node(d.tree, "sll.halen").uint_value, 6u);
  EXPECT_EQ(node(d.tree, "sll.src.eth").str_value, "52:54:00:7b:be:06");
  EXPECT_EQ(node(d.tree, "sll.src.eth").offset, 6u);
  EXPECT_EQ(node(d.tree, "sll.etype").offset, 14u);
  EXPECT_EQ(node(d.tree, "sll.etype").uint_value, 0x0800u);
  EXPECT_EQ(node(d.tree, "ip").offset, 16u);
  EXPECT_EQ(d.loc.payload_offset, 16u + 28u);
}

TEST(LinkLayers, LinuxCookedV2) {
  const Decoded d = decode(linux_sll2(kIpUdp, 7, 0), 276);
  ASSERT_TRUE(d.found) << d.loc.failure;
  EXPECT_EQ(roots(d.tree), (std::vector<std::string_view>{"sll", "ip", "udp"}));
  EXPECT_EQ(node(d.tree, "sll").length, 20u);
  EXPECT_EQ(node(d.tree, "sll.etype").offset, 0u);
  EXPECT_EQ(node(d.tree, "sll.etype").uint_value, 0x0800u);
  EXPECT_EQ(node(d.tree, "sll.ifindex").uint_value, 7u);
  EXPECT_EQ(node(d.tree, "sll.ifindex").offset, 4u);
  EXPECT_EQ(node(d.tree, "sll.hatype").offset, 8u);
  EXPECT_EQ(node(d.tree, "sll.pkttype").uint_value, 0u);
  EXPECT_EQ(node(d.tree, "sll.pkttype").offset, 10u);
  EXPECT_EQ(node(d.tree, "sll.pkttype").length, 1u);
  EXPECT_EQ(node(d.tree, "sll.halen").offset, 11u);
  EXPECT_EQ(node(d.tree, "sll.src.eth").offset, 12u);
  EXPECT_EQ(node(d.tree, "sll.src.eth").str_value, "52:54:00:7b:be:06");
  EXPECT_EQ(node(d.tree, "ip").offset, 20u);
  EXPECT_EQ(node(d.tree, "udp.dstport").uint_value, 69u);

  // A VLAN-tagged frame seen on a cooked capture.
  Bytes tagged;
  put16(tagged, 30);
  put16(tagged, 0x0800);
  append(tagged, kIpUdp);
  const Decoded v = decode(linux_sll2(tagged, 7, 0, 0x8100), 276);
  ASSERT_TRUE(v.found) << v.loc.failure;
  EXPECT_EQ(node(v.tree, "vlan.id").uint_value, 30u);
  EXPECT_EQ(node(v.tree, "vlan.id").offset, 20u);
}

TEST(LinkLayers, RawIpv4AllDltValues) {
  for (std::uint32_t dlt : {12u, 14u, 101u, 228u}) {
    const Decoded d = decode(kIpUdp, dlt);
    ASSERT_TRUE(d.found) << "dlt " << dlt << ": " << d.loc.failure;
    EXPECT_EQ(roots(d.tree), (std::vector<std::string_view>{"ip", "udp"})) << dlt;
    EXPECT_EQ(node(d.tree, "ip").offset, 0u);
    EXPECT_EQ(node(d.tree, "ip.src").offset, 12u);
    EXPECT_EQ(d.loc.payload_offset, 28u);
  }
  Bytes v6(40, 0);
  v6[0] = 0x60;
  const Decoded d = decode(v6, 101);
  EXPECT_FALSE(d.found);
  EXPECT_EQ(d.loc.failure, "not IPv4");
}

TEST(LinkLayers, UnsupportedLinkType) {
  const Decoded d = decode(kIpUdp, 9);
  EXPECT_FALSE(d.found);
  EXPECT_EQ(d.loc.failure, "unsupported link type");
  EXPECT_TRUE(d.tree.empty());
}

TEST(LinkLayers, TruncatedHeadersWarn) {
  const Decoded eth = decode(Bytes{1, 2, 3, 4, 5}, 1);
  EXPECT_FALSE(eth.found);
  EXPECT_EQ(eth.loc.failure, "truncated Ethernet header");
  EXPECT_TRUE(has_warning(node(eth.tree, "eth"), "truncated Ethernet header"));
  EXPECT_EQ(node(eth.tree, "eth").length, 5u);

  const Decoded sll2 = decode(Bytes(12, 0), 276);
  EXPECT_EQ(sll2.loc.failure, "truncated Linux cooked v2 header");
  EXPECT_EQ(sll2.tree.count_warnings(Severity::Error), 1u);

  Bytes short_ip = ethernet(kIpUdp);
  short_ip.resize(14 + 12);
  const Decoded ip = decode(short_ip, 1);
  EXPECT_EQ(ip.loc.failure, "truncated IPv4 header");
  EXPECT_TRUE(has_warning(node(ip.tree, "ip"), "truncated IPv4 header"));
  EXPECT_EQ(node(ip.tree, "ip").length, 12u);

  Bytes short_udp = ethernet(kIpUdp);
  short_udp.resize(14 + 20 + 5);
  const Decoded udp = decode(short_udp, 1);
  EXPECT_EQ(udp.loc.failure, "truncated UDP header");
  EXPECT_TRUE(has_warning(node(udp.tree, "udp"), "truncated UDP header"));
}

TEST(LinkLayers, IpOptionsAreSkipped) {
  const Bytes opts = {0x94, 0x04, 0x00, 0x00};  // router alert
  const Decoded d =
      decode(ethernet(ipv4_udp(ip4(10, 0, 0, 1), ip4(10, 0, 0, 2), 68, 67, kPayload, opts)), 1);
  ASSERT_TRUE(d.found) << d.loc.failure;
  EXPECT_EQ(node(d.tree, "ip.hdr_len").uint_value, 24u);
  EXPECT_EQ(node(d.tree, "ip").length, 24u);
  EXPECT_EQ(node(d.tree, "ip.options").offset, 34u);
  EXPECT_EQ(node(d.tree, "udp").offset, 38u);
  EXPECT_EQ(d.loc.payload_offset, 46u);
}

TEST(LinkLayers, FirstFragmentWarnsLaterFragmentNotDecoded) {
  const Decoded first = decode(ethernet(ipv4_udp(1, 2, 68, 67, kPayload, {}, 0x2000)), 1);
  ASSERT_TRUE(first.found);
  EXPECT_TRUE(has_warning(node(first.tree, "ip"), "first fragment only"));
  EXPECT_EQ(node(first.tree, "ip.flags.mf").uint_value, 1u);

  const Decoded later = decode(ethernet(ipv4_udp(1, 2, 68, 67, kPayload, {}, 185)), 1);
  EXPECT_FALSE(later.found);
  EXPECT_EQ(later.loc.failure, "IPv4 fragment (not the first)");
  EXPECT_EQ(node(later.tree, "ip.frag_offset").uint_value, 185u * 8u);
}

TEST(LinkLayers, NotUdpAndNotIpv4) {
  Bytes tcp = kIpUdp;
  tcp[9] = 6;
  const Decoded d = decode(ethernet(tcp), 1);
  EXPECT_FALSE(d.found);
  EXPECT_EQ(d.loc.failure, "not UDP");
  EXPECT_EQ(roots(d.tree), (std::vector<std::string_view>{"eth", "ip"}));

  const Decoded arp = decode(ethernet(Bytes(28, 0), {}, 0x0806), 1);
  EXPECT_FALSE(arp.found);
  EXPECT_EQ(arp.loc.failure, "not IPv4");
  EXPECT_EQ(text_of(node(arp.tree, "eth.type")), "Type: ARP (0x0806)");
}

TEST(LinkLayers, UdpLengthPastCapturedDataWarns) {
  Bytes frame = ethernet(kIpUdp);
  frame.resize(frame.size() - 4);  // cut by the snap length
  const Decoded d = decode(frame, 1, static_cast<std::uint32_t>(frame.size() + 4));
  ASSERT_TRUE(d.found);
  EXPECT_TRUE(d.loc.payload_cut);
  EXPECT_EQ(d.loc.payload_length, kPayload.size() - 4);
  EXPECT_TRUE(has_warning(node(d.tree, "udp.length"), "goes past the captured data"));
}
