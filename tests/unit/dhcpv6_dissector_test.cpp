// The IPv6 captures through PacketDissector: Info columns as tshark's (plus pxescope's arch),
// TFTP transfers followed on IPv6 addresses, the port-unreachable naming the RRQ it answers,
// extension headers, checksums, and malformed DHCPv6 (warnings, never a crash).
#include <gtest/gtest.h>

#include <map>

#include "analyzer/capture_reader.hpp"
#include "analyzer/dhcpv6/dhcpv6_dissector.hpp"
#include "analyzer/packet_dissector.hpp"
#include "unit/packet_test_support.hpp"

using namespace pxescope;
using namespace pxescope::testing;

namespace {

struct Decoded {
  AppProtocol protocol;
  std::string_view reason;
  std::string protocol_column, info;
  std::size_t warnings;
  std::vector<std::string> warning_texts;
};

// Every frame of captures/generated/NAME (or of captures/real/NAME when `real`).
std::vector<Decoded> decode(const std::string& name, bool real = false) {
  const std::string path =
      std::string(PXESCOPE_SOURCE_DIR "/captures/") + (real ? "ipv6/" : "generated/") + name;
  CaptureReader reader;
  EXPECT_TRUE(reader.open_file(path)) << reader.error();
  PacketDissector d;
  FieldTree t;
  Frame frame;
  std::vector<Decoded> out;
  while (reader.next(frame)) {
    const DissectResult r = d.dissect(frame, t);
    Decoded x{r.protocol,
              r.not_decoded_reason,
              std::string(t.protocol_column()),
              t.info_column(),
              t.count_warnings(Severity::Warn),
              {}};
    for (std::size_t i = 0; i < t.size(); ++i)
      for (const Warning& w : t[static_cast<NodeId>(i)].warnings)
        x.warning_texts.push_back(w.message);
    out.push_back(std::move(x));
  }
  return out;
}

// The bytes of the first frame of a generated capture.
std::vector<std::uint8_t> first_frame(const std::string& name) {
  CaptureReader reader;
  EXPECT_TRUE(reader.open_file(PXESCOPE_SOURCE_DIR "/captures/generated/" + name))
      << reader.error();
  Frame frame;
  EXPECT_TRUE(reader.next(frame));
  return {frame.data.begin(), frame.data.end()};
}

bool any_contains(const std::vector<std::string>& texts, std::string_view part) {
  for (const auto& s : texts)
    if (s.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(Dhcpv6Dissector, PxeBootInfoLinesAreTsharksWithTheArchitecture) {
  const auto f = decode("dhcpv6-pxe.pcap");
  ASSERT_EQ(f.size(), 5u);
  for (const auto& x : f) {
    EXPECT_EQ(x.protocol, AppProtocol::Dhcpv6);
    EXPECT_EQ(x.protocol_column, "DHCPv6");
    EXPECT_EQ(x.warnings, 0u) << x.info;
  }
  EXPECT_EQ(f[0].info, "Solicit XID: 0x5a6b7c CID: 000100012a3b4c5d525400c0ffee arch x64 UEFI (7)");
  EXPECT_EQ(f[1].info,
            "Advertise XID: 0x5a6b7c CID: 000100012a3b4c5d525400c0ffee IAA: 2001:db8::150");
  EXPECT_EQ(f[4].info,
            "Information-request XID: 0x5a6b7e CID: 00044ed3d37cf46b264889a1b2c3d4e5f601");
}

TEST(Dhcpv6Dissector, RelayMessagesNestTheClientsMessage) {
  const auto f = decode("dhcpv6-relay.pcap");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].info,
            "Relay-forw L: 2001:db8:100::1 Solicit XID: 0x5a6b7c CID: "
            "000100012a3b4c5d525400c0ffee arch x64 UEFI (7)");
  EXPECT_EQ(f[1].info.rfind("Relay-reply L: 2001:db8:100::1 Advertise XID: 0x5a6b7c", 0), 0u);
  EXPECT_EQ(f[0].warnings, 0u);
}

TEST(Dhcpv6Dissector, MalformedMessagesWarnAndNeverCrash) {
  const auto f = decode("dhcpv6-malformed.pcap");
  ASSERT_EQ(f.size(), 5u);
  EXPECT_TRUE(any_contains(f[0].warning_texts, "goes past the end")) << f[0].info;
  EXPECT_TRUE(any_contains(f[1].warning_texts, "at least its 2-byte type"));
  EXPECT_TRUE(any_contains(f[1].warning_texts, "at most 130 bytes"));
  EXPECT_TRUE(any_contains(f[2].warning_texts, "odd length"));
  EXPECT_TRUE(any_contains(f[2].warning_texts, "needs 4 bytes"));
  EXPECT_TRUE(any_contains(f[3].warning_texts, "truncated Solicit header"));
  EXPECT_TRUE(any_contains(f[4].warning_texts, "nested more than 32 deep"));
}

TEST(Dhcpv6Dissector, NeighborDiscoveryInfoLines) {
  const auto f = decode("icmpv6-nd.pcap");
  ASSERT_EQ(f.size(), 6u);
  EXPECT_EQ(f[0].info, "Router Solicitation from 52:54:00:c0:ff:ee");
  EXPECT_EQ(f[1].info, "Router Advertisement from 52:54:00:00:00:02");
  EXPECT_EQ(f[2].info, "Neighbor Solicitation for 2001:db8::1 from 52:54:00:c0:ff:ee");
  EXPECT_EQ(f[3].info, "Neighbor Advertisement 2001:db8::1 (sol, ovr) is at 52:54:00:00:00:02");
  EXPECT_EQ(f[4].info, "Echo (ping) request id=0x1234, seq=1");
  for (const auto& x : f) {
    EXPECT_EQ(x.protocol, AppProtocol::Icmpv6);
    EXPECT_EQ(x.warnings, 0u) << x.info;  // checksums (pseudo-header) are right
  }
}

TEST(Dhcpv6Dissector, TftpTransferIsFollowedOnIpv6Addresses) {
  const auto f = decode("tftp-ipv6.pcap");
  ASSERT_EQ(f.size(), 7u);
  // Only the RRQ goes to port 69: the rest is found by following the transfer.
  for (const auto& x : f) EXPECT_EQ(x.protocol, AppProtocol::Tftp) << x.reason;
}

TEST(Dhcpv6Dissector, PortUnreachableNamesTheRequestItAnswers) {
  const auto f = decode("icmpv6-port-unreachable.pcap");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[1].protocol, AppProtocol::Icmpv6);
  EXPECT_EQ(f[1].info,
            "Destination Unreachable (Port unreachable) (2001:db8::1:69 \xe2\x86\x90 RRQ "
            "bootx64.efi)");
  EXPECT_EQ(f[2].info.rfind("Packet Too Big", 0), 0u);
}

TEST(Dhcpv6Dissector, ExtensionHeadersAreWalkedToTheUpperLayer) {
  const auto f = decode("ipv6-ext-headers.pcap");
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].protocol, AppProtocol::Icmpv6);  // behind hop-by-hop
  EXPECT_EQ(f[1].protocol, AppProtocol::Dhcpv6);  // behind dest options + atomic fragment
  EXPECT_EQ(f[2].protocol, AppProtocol::None);
  EXPECT_EQ(f[2].reason, "IPv6 fragment (not the first)");
  EXPECT_EQ(f[3].info, "Multicast Listener Report");
}

TEST(Dhcpv6Dissector, BadUdpChecksumOverIpv6IsWarned) {
  std::vector<std::uint8_t> bytes = first_frame("dhcpv6-pxe.pcap");
  ASSERT_GT(bytes.size(), 62u);
  bytes[14 + 40 + 6] ^= 0x55;  // the UDP checksum
  Frame bad;
  bad.index = 1;
  bad.link_type = 1;
  bad.original_length = static_cast<std::uint32_t>(bytes.size());
  bad.data = bytes;
  PacketDissector d;
  FieldTree t;
  d.dissect(bad, t);
  const NodeId cs = t.find("udp.checksum");
  ASSERT_NE(cs, kNoNode);
  ASSERT_EQ(t[cs].warnings.size(), 1u);
  EXPECT_NE(t[cs].warnings[0].message.find("bad UDP checksum"), std::string::npos);
}

TEST(Dhcpv6Dissector, RandomBytesNeverCrash) {
  // Every prefix of a real Relay-forw, and every single-byte corruption of it.
  const std::vector<std::uint8_t> frame = first_frame("dhcpv6-relay.pcap");
  ASSERT_GT(frame.size(), 62u);
  const std::vector<std::uint8_t> msg(frame.begin() + 62, frame.end());
  FieldTree t;
  for (std::size_t n = 0; n <= msg.size(); ++n) dissect_dhcpv6({msg.data(), n}, 62, t);
  for (std::size_t i = 0; i < msg.size(); ++i) {
    std::vector<std::uint8_t> m = msg;
    m[i] ^= 0xff;
    t.clear();
    dissect_dhcpv6(m, 62, t);
    EXPECT_FALSE(t.info_column().empty());
  }
}

TEST(Dhcpv6Dissector, ACutIcmpv6FrameIsNotBlamedForItsChecksum) {
  // The Router Solicitation of icmpv6-nd.pcap, cut 4 bytes short (as a snap length would).
  std::vector<std::uint8_t> bytes = first_frame("icmpv6-nd.pcap");
  ASSERT_GT(bytes.size(), 62u);
  bytes.resize(bytes.size() - 4);
  Frame cut;
  cut.index = 1;
  cut.original_length = static_cast<std::uint32_t>(bytes.size() + 4);
  cut.data = bytes;
  PacketDissector d;
  FieldTree t;
  EXPECT_EQ(d.dissect(cut, t).protocol, AppProtocol::Icmpv6);
  std::vector<std::string> warnings;
  for (std::size_t i = 0; i < t.size(); ++i)
    for (const Warning& w : t[static_cast<NodeId>(i)].warnings) warnings.push_back(w.message);
  EXPECT_TRUE(any_contains(warnings, "goes past the captured data"));
  EXPECT_FALSE(any_contains(warnings, "checksum"));
}

TEST(Dhcpv6Dissector, RealDnsmasqExchangeDecodesWithOffloadedChecksumsNoted) {
  // Recorded by captures/record-dhcpv6.sh: the kernel left UDP checksums to the (virtual)
  // card, so they hold the pseudo-header sum only: a note, not a "bad checksum" warning.
  const auto f = decode("dnsmasq-dhcpv6-pxe.pcap", true);
  ASSERT_GE(f.size(), 30u);
  std::map<AppProtocol, int> count;
  for (const auto& x : f) {
    ++count[x.protocol];
    EXPECT_EQ(x.warnings, 0u) << x.info;
    if (x.protocol == AppProtocol::Dhcpv6 || x.protocol == AppProtocol::Tftp) {
      EXPECT_TRUE(any_contains(x.warning_texts, "offload")) << x.info;
    }
  }
  EXPECT_EQ(count[AppProtocol::Dhcpv6], 4);
  EXPECT_GE(count[AppProtocol::Tftp], 13);  // RRQ, 6 DATA, 6 ACK: followed on IPv6
  EXPECT_EQ(f[16].info.rfind("Solicit XID: 0x5a6b7c", 0), 0u);
  EXPECT_NE(f[16].info.find("arch x64 UEFI (7)"), std::string::npos);
}
