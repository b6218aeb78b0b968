// PacketDissector: whole captures (DHCP/TFTP frame sets equal tshark's, every other frame
// has a reason), snap-length cuts, and odd frames that must not crash.
#include "analyzer/packet_dissector.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "analyzer/capture_reader.hpp"
#include "unit/packet_test_support.hpp"

using namespace pxescope;
using namespace pxescope::testing;

namespace {

DissectResult dissect(PacketDissector& d, FieldTree& t, const Bytes& bytes, std::uint32_t dlt,
                      std::uint32_t original_length = 0) {
  Frame f;
  f.index = 1;
  f.link_type = dlt;
  f.data = bytes;
  f.original_length = original_length ? original_length : static_cast<std::uint32_t>(bytes.size());
  return d.dissect(f, t);
}

std::vector<std::string_view> roots(const FieldTree& t) {
  std::vector<std::string_view> names;
  t.for_each_child(kNoNode, [&](NodeId id) { names.push_back(t[id].name); });
  return names;
}

}  // namespace

TEST(PacketDissector, RealCapturesDecodeTheFramesTsharkDecodes) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  const auto files = firmware_captures();
  ASSERT_GE(files.size(), 6u);
  for (const auto& path : files) {
    const std::set<std::string> dhcp = tshark_frames(path, "dhcp"),
                                tftp = tshark_frames(path, "tftp"),
                                icmpv6 = tshark_frames(path, "icmpv6"),
                                dhcpv6 = tshark_frames(path, "dhcpv6");
    std::set<std::string> got_icmpv6, got_dhcpv6;
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path.string())) << reader.error();
    PacketDissector d;
    FieldTree t;
    Frame frame;
    std::set<std::string> got_dhcp, got_tftp;
    std::map<std::string_view, int> reasons;
    while (reader.next(frame)) {
      const DissectResult r = d.dissect(frame, t);
      const std::string n = std::to_string(frame.index);
      if (r.protocol == AppProtocol::Dhcp) {
        got_dhcp.insert(n);
        EXPECT_NE(t.find("dhcp"), kNoNode) << n;
        EXPECT_TRUE(r.not_decoded_reason.empty());
      } else if (r.protocol == AppProtocol::Tftp) {
        got_tftp.insert(n);
        EXPECT_NE(t.find("tftp"), kNoNode) << n;
      } else if (r.protocol == AppProtocol::Icmpv6) {
        got_icmpv6.insert(n);
        EXPECT_NE(t.find("icmpv6"), kNoNode) << n;
        EXPECT_EQ(t.protocol_column(), "ICMPv6") << n;
      } else if (r.protocol == AppProtocol::Dhcpv6) {
        got_dhcpv6.insert(n);
        EXPECT_NE(t.find("dhcpv6"), kNoNode) << n;
        EXPECT_EQ(t.protocol_column(), "DHCPv6") << n;
      } else {
        EXPECT_FALSE(r.not_decoded_reason.empty()) << path.filename() << " frame " << n;
        ++reasons[r.not_decoded_reason];
      }
      EXPECT_EQ(t.first_root() != kNoNode ? t[t.first_root()].name : "", "eth") << n;
    }
    EXPECT_EQ(got_dhcp, dhcp) << path;
    EXPECT_EQ(got_tftp, tftp) << path;
    EXPECT_EQ(got_icmpv6, icmpv6) << path;
    EXPECT_EQ(got_dhcpv6, dhcpv6) << path;
    // The rest of these boots is ARP and ICMP (IPv6 neighbour discovery is ICMPv6 above).
    for (const auto& [reason, count] : reasons)
      EXPECT_TRUE(reason == "not IPv4" || reason == "not UDP") << reason << " x" << count;
  }
}

TEST(PacketDissector, DhcpPortsGoToTheDhcpDissector) {
  PacketDissector d;
  FieldTree t;
  const Bytes dhcp = pxe_discover();
  for (auto [sport, dport] : {std::pair{68, 67}, {67, 68}, {68, 4011}, {4011, 68}}) {
    const DissectResult r = dissect(d, t,
                                    ethernet(ipv4_udp(1, 2, static_cast<std::uint16_t>(sport),
                                                      static_cast<std::uint16_t>(dport), dhcp)),
                                    1);
    EXPECT_EQ(r.protocol, AppProtocol::Dhcp) << sport << "->" << dport;
    EXPECT_EQ(roots(t), (std::vector<std::string_view>{"eth", "ip", "udp", "dhcp"}));
    EXPECT_EQ(t[t.find("dhcp")].offset, 42u);
  }
  const DissectResult sll2 = dissect(d, t, linux_sll2(ipv4_udp(1, 2, 68, 67, dhcp)), 276);
  EXPECT_EQ(sll2.protocol, AppProtocol::Dhcp);
  EXPECT_EQ(roots(t), (std::vector<std::string_view>{"sll", "ip", "udp", "dhcp"}));
  EXPECT_EQ(t[t.find("dhcp")].offset, 48u);
}

TEST(PacketDissector, SnapLengthCutWarnsOnTheTopNodeAndDecodesWhatIsThere) {
  PacketDissector d;
  FieldTree t;
  Bytes frame = ethernet(ipv4_udp(1, 2, 68, 67, pxe_discover()));
  const auto full = static_cast<std::uint32_t>(frame.size());
  frame.resize(200);
  const DissectResult r = dissect(d, t, frame, 1, full);
  EXPECT_EQ(r.protocol, AppProtocol::Dhcp);
  const FieldNode& eth = t[t.first_root()];
  ASSERT_EQ(eth.warnings.size(), 1u);
  EXPECT_NE(eth.warnings[0].message.find("cut by the snap length: 200 of"), std::string::npos)
      << eth.warnings[0].message;
  EXPECT_NE(t.find("dhcp"), kNoNode);
  EXPECT_NE(t.find("udp.srcport"), kNoNode);

  // The partial last record of a truncated file says so instead.
  Frame partial;
  partial.index = 9;
  partial.link_type = 1;
  partial.data = frame;
  partial.original_length = full;
  partial.cut_by_file_end = true;
  EXPECT_EQ(d.dissect(partial, t).protocol, AppProtocol::Dhcp);
  ASSERT_EQ(t[t.first_root()].warnings.size(), 1u);
  EXPECT_NE(t[t.first_root()].warnings[0].message.find("cut short by the end of the"),
            std::string::npos);

  // Cut inside the IP header: the layers present are still shown.
  frame.resize(20);
  const DissectResult early = dissect(d, t, frame, 1, full);
  EXPECT_EQ(early.protocol, AppProtocol::None);
  EXPECT_EQ(early.not_decoded_reason, "truncated IPv4 header");
  EXPECT_EQ(roots(t), (std::vector<std::string_view>{"eth", "ip"}));
}

TEST(PacketDissector, ReasonsForFramesNotDecoded) {
  PacketDissector d;
  FieldTree t;
  EXPECT_EQ(dissect(d, t, ethernet(Bytes(28, 0), {}, 0x0806), 1).not_decoded_reason, "not IPv4");
  EXPECT_EQ(dissect(d, t, Bytes(30, 0), 9).not_decoded_reason, "unsupported link type");
  EXPECT_TRUE(t.empty());
  EXPECT_EQ(dissect(d, t, ethernet(ipv4_udp(1, 2, 5353, 5353, Bytes(8, 0))), 1).not_decoded_reason,
            "UDP, not a DHCP or TFTP port");
  EXPECT_EQ(
      dissect(d, t, ethernet(ipv4_udp(1, 2, 68, 67, Bytes(8, 0), {}, 100)), 1).not_decoded_reason,
      "IPv4 fragment (not the first)");
  EXPECT_EQ(dissect(d, t, Bytes{}, 1).not_decoded_reason, "truncated Ethernet header");
}

// Every prefix of a real DHCP frame and of a TFTP frame, and random byte flips: never a
// crash, and node ranges stay inside the captured bytes.
TEST(PacketDissector, PrefixesAndFlipsStayInBounds) {
  PacketDissector d;
  FieldTree t;
  const Bytes tftp_rrq = {0,   1,   'a', 0,   'o', 'c', 't', 'e', 't', 0,
                          'b', 'l', 'k', 's', 'i', 'z', 'e', 0,   '9', 0};
  for (const Bytes& full : {ethernet(ipv4_udp(1, 2, 68, 67, pxe_discover())),
                            ethernet(ipv4_udp(1, 2, 2000, 69, tftp_rrq))}) {
    for (std::size_t n = 0; n <= full.size(); ++n) {
      const Bytes prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
      dissect(d, t, prefix, 1, static_cast<std::uint32_t>(full.size()));
      for (std::size_t i = 0; i < t.size(); ++i) {
        const FieldNode& node = t[static_cast<NodeId>(i)];
        EXPECT_LE(node.offset + node.length, n) << node.name << " with " << n << " bytes";
      }
    }
    std::uint32_t seed = 12345;
    for (int round = 0; round < 2000; ++round) {
      Bytes mutated = full;
      for (int k = 0; k < 4; ++k) {
        seed = seed * 1103515245u + 12345u;
        mutated[(seed >> 8) % mutated.size()] = static_cast<std::uint8_t>(seed >> 24);
      }
      dissect(d, t, mutated, 1);
      for (std::size_t i = 0; i < t.size(); ++i) {
        const FieldNode& node = t[static_cast<NodeId>(i)];
        EXPECT_LE(node.offset + node.length, mutated.size()) << node.name;
      }
    }
  }
}
