// IEEE 802.11 (link type 105), radiotap + 802.11 (127) and CAPWAP data tunnels (UDP 5247):
// every wlan/llc/radiotap/capwap field of every frame of the project's wireless captures
// against tshark, with the layers inside (Ethernet, IPv4, UDP, DHCP, TFTP) and the Protocol
// and Info columns; frames with no IP (beacon, ACK, null, protected) counted quietly; the
// boot story keyed by the station's own MAC (802.11's SA), not the access point's.
#include <gtest/gtest.h>

#include <cstdio>

#include "analyzer/capture_reader.hpp"
#include "analyzer/fields/field_registry.hpp"
#include "analyzer/not_decoded.hpp"
#include "analyzer/packet_dissector.hpp"
#include "analyzer/story/boot_story.hpp"
#include "unit/dissect_each.hpp"
#include "unit/packet_test_support.hpp"

namespace fs = std::filesystem;
using namespace pxescope;
using namespace pxescope::testing;

namespace {

const fs::path kGenerated = PXESCOPE_SOURCE_DIR "/captures/generated";
const fs::path kWlan = kGenerated / "wlan-dhcp.pcap";
const fs::path kRadiotap = kGenerated / "radiotap-dhcp.pcap";
const fs::path kCapwap = kGenerated / "capwap-dhcp.pcap";

const std::vector<std::string> kFields = {"wlan.fc.type_subtype",
                                          "wlan.fc",
                                          "wlan.fc.version",
                                          "wlan.fc.type",
                                          "wlan.fc.subtype",
                                          "wlan.flags",
                                          "wlan.fc.ds",
                                          "wlan.fc.tods",
                                          "wlan.fc.fromds",
                                          "wlan.fc.retry",
                                          "wlan.fc.protected",
                                          "wlan.fc.order",
                                          "wlan.duration",
                                          "wlan.ra",
                                          "wlan.ta",
                                          "wlan.da",
                                          "wlan.sa",
                                          "wlan.bssid",
                                          "wlan.frag",
                                          "wlan.seq",
                                          "wlan.qos",
                                          "wlan.qos.tid",
                                          "wlan.qos.priority",
                                          "wlan.qos.eosp",
                                          "wlan.qos.ack",
                                          "wlan.qos.amsdupresent",
                                          "wlan.htc",
                                          "wlan.fcs",
                                          "llc.dsap",
                                          "llc.dsap.sap",
                                          "llc.ssap",
                                          "llc.control",
                                          "llc.control.ftype",
                                          "llc.oui",
                                          "llc.type",
                                          "radiotap.version",
                                          "radiotap.pad",
                                          "radiotap.length",
                                          "radiotap.present.word",
                                          "radiotap.mactime",
                                          "radiotap.flags",
                                          "radiotap.flags.fcs",
                                          "radiotap.channel.freq",
                                          "radiotap.channel.flags",
                                          "radiotap.dbm_antsignal",
                                          "capwap.preamble.version",
                                          "capwap.preamble.type",
                                          "capwap.header.length",
                                          "capwap.header.rid",
                                          "capwap.header.wbid",
                                          "capwap.header.flags",
                                          "capwap.header.flags.t",
                                          "capwap.header.flags.m",
                                          "capwap.header.flags.k",
                                          "capwap.header.fragment.id",
                                          "capwap.header.fragment.offset",
                                          "capwap.header.mac.length",
                                          "capwap.header.mac.eui48",
                                          "capwap.header.padding",
                                          "eth.src",
                                          "eth.dst",
                                          "eth.type",
                                          "ip.src",
                                          "ip.dst",
                                          "udp.srcport",
                                          "udp.dstport",
                                          "dhcp.hw.mac_addr",
                                          "dhcp.option.dhcp",
                                          "tftp.opcode",
                                          "tftp.source_file"};

// A node's value as `tshark -T fields` prints it: BASE_HEX fields with the registered number
// of digits, byte strings without colons, the rest as they are.
std::string tshark_text(const FieldNode& n) {
  const fields::RegisteredField* reg = fields::find_field(n.name);
  if (n.kind == ValueKind::String) {
    std::string s = n.str_value;
    if (reg && reg->info.type == fields::FieldType::Bytes) std::erase(s, ':');
    return s;
  }
  if (n.kind == ValueKind::Int) return std::to_string(n.int_value);
  char buf[32];
  const int digits = reg ? reg->info.hex_digits : 0;
  if (digits)
    std::snprintf(buf, sizeof buf, "0x%0*llx", digits,
                  static_cast<unsigned long long>(n.uint_value));
  else
    std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(n.uint_value));
  return buf;
}

// Compares every field of kFields on every frame, and the columns. Returns the frames.
std::size_t compare_with_tshark(const fs::path& path) {
  std::vector<std::string> wanted = kFields;
  wanted.push_back("_ws.col.Protocol");
  wanted.push_back("_ws.col.Info");
  const auto expected = tshark_fields(path, "", wanted);
  std::size_t frames = 0;
  dissect_each(path, [&](const Frame& frame, const FieldTree& tree) {
    const auto it = expected.find(std::to_string(frame.index));
    ASSERT_NE(it, expected.end()) << "tshark has no frame " << frame.index;
    SCOPED_TRACE(path.filename().string() + " frame " + std::to_string(frame.index));
    const std::vector<std::string>& row = it->second;
    for (std::size_t i = 0; i < kFields.size(); ++i) {
      const std::string want = i < row.size() ? row[i] : std::string();
      EXPECT_EQ(joined_values(tree, kFields[i], tshark_text), want) << kFields[i];
    }
    const std::string protocol = row.size() > kFields.size() ? row[kFields.size()] : "";
    const std::string info = row.size() > kFields.size() + 1 ? row[kFields.size() + 1] : "";
    EXPECT_EQ(tree.protocol_column(), protocol);
    EXPECT_EQ(tree.info_column(), info);
    ++frames;
  });
  return frames;
}

}  // namespace

TEST(WlanVsTshark, Ieee80211FramesAgreeFieldByField) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  EXPECT_EQ(compare_with_tshark(kWlan), 11u);
}

TEST(WlanVsTshark, RadiotapFramesAgreeFieldByField) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  EXPECT_EQ(compare_with_tshark(kRadiotap), 11u);
}

TEST(WlanVsTshark, CapwapTunnelsAgreeFieldByField) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  EXPECT_EQ(compare_with_tshark(kCapwap), 6u);
}

// DHCP and TFTP inside 802.11, radiotap and CAPWAP are decoded; the frames with no IP are
// ordinary traffic (counted quietly), not "not decoded".
TEST(Wlan, BootTrafficDecodedAndFramesWithNoIpAreOrdinary) {
  for (const fs::path& path : {kWlan, kRadiotap, kCapwap}) {
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path.string())) << reader.error();
    PacketDissector dissector;
    FieldTree tree;
    Frame frame;
    std::size_t dhcp = 0, tftp = 0, quiet = 0;
    while (reader.next(frame)) {
      const DissectResult r = dissector.dissect(frame, tree);
      dhcp += r.protocol == AppProtocol::Dhcp;
      tftp += r.protocol == AppProtocol::Tftp;
      if (r.protocol == AppProtocol::None) {
        EXPECT_TRUE(is_ordinary_traffic(r.not_decoded_reason))
            << path.filename() << " frame " << frame.index << ": " << r.not_decoded_reason;
        ++quiet;
      }
      EXPECT_EQ(tree.count_warnings(Severity::Warn), 0u)
          << path.filename() << " frame " << frame.index;
    }
    const bool tunnel = path == kCapwap;
    EXPECT_EQ(dhcp, tunnel ? 4u : 5u) << path.filename();
    EXPECT_EQ(tftp, tunnel ? 0u : 2u) << path.filename();  // the RRQ, and DATA followed
    EXPECT_EQ(quiet, tunnel ? 2u : 4u) << path.filename();
  }
}

// A TFTP transfer over Wi-Fi with no DHCP before it: the story's client is the station that
// sent the RRQ (802.11's source address, 52:54:00:c0:ff:ee), not the access point that
// relayed it (the transmitter, 02:00:a0:00:00:01).
TEST(Wlan, StoryKeysTheClientByTheStationAddress) {
  for (const fs::path& path : {kWlan, kRadiotap}) {
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path.string())) << reader.error();
    StoryBuilder stories;
    Frame frame;
    while (reader.next(frame))
      if (frame.index >= 9 && frame.index <= 10) stories.add(frame);  // RRQ, DATA
    const std::vector<ClientStory> clients = stories.finish();
    ASSERT_EQ(clients.size(), 1u) << path.filename();
    const std::array<std::uint8_t, 6> station = {0x52, 0x54, 0x00, 0xc0, 0xff, 0xee};
    EXPECT_EQ(clients[0].mac, station) << path.filename();
    ASSERT_EQ(clients[0].transfers.size(), 1u);
    EXPECT_EQ(clients[0].transfers[0].file, "pxelinux.0");
    EXPECT_EQ(clients[0].transfers[0].bytes, 200u);
  }
}

// A Cisco AP's byte-swapped frame control and a native one decode to the same frame.
TEST(Wlan, CapwapFrameControlInEitherByteOrder) {
  CaptureReader reader;
  ASSERT_TRUE(reader.open_file(kCapwap.string())) << reader.error();
  Frame frame;
  while (reader.next(frame) && frame.index != 3) {
  }
  ASSERT_EQ(frame.index, 3u);
  Bytes native(frame.data.begin(), frame.data.end());
  // CAPWAP starts after Ethernet (14), IPv4 (20), UDP (8); its header is 8 bytes.
  const std::size_t fc = 14 + 20 + 8 + 8;
  std::swap(native[fc], native[fc + 1]);
  native[14 + 20 + 6] = native[14 + 20 + 7] = 0;  // no UDP checksum after the change
  for (const Bytes& bytes : {Bytes(frame.data.begin(), frame.data.end()), native}) {
    Frame f = frame;
    f.data = bytes;
    PacketDissector dissector;
    FieldTree tree;
    EXPECT_EQ(dissector.dissect(f, tree).protocol, AppProtocol::Dhcp);
    const NodeId sa = tree.find("wlan.sa");
    ASSERT_NE(sa, kNoNode);
    EXPECT_EQ(tree[sa].str_value, "52:54:00:c0:ff:ee");
    EXPECT_EQ(tree[tree.find("wlan.fc.type_subtype")].uint_value, 0x20u);
  }
}

// Every prefix of every wireless frame (and of the frame a CAPWAP tunnel carries) decodes
// without a node past the bytes there are (the fuzzer found a cut null-data header whose
// sequence number was read anyway); the cut is a warning.
TEST(Wlan, EveryPrefixStaysInsideTheBytes) {
  for (const fs::path& path : {kWlan, kRadiotap, kCapwap}) {
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path.string())) << reader.error();
    Frame frame;
    while (reader.next(frame)) {
      const Bytes whole(frame.data.begin(), frame.data.end());
      for (std::size_t n = 0; n <= whole.size(); ++n) {
        Frame cut = frame;
        const Bytes prefix(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n));
        cut.data = prefix;
        cut.original_length = static_cast<std::uint32_t>(n);
        PacketDissector dissector;
        FieldTree tree;
        dissector.dissect(cut, tree);
        for (NodeId id = 0; id < tree.size(); ++id) {
          ASSERT_LE(std::size_t{tree[id].offset} + tree[id].length, n)
              << path.filename() << " frame " << frame.index << " cut to " << n << ": "
              << tree[id].name;
        }
        if (n < whole.size() && n > 0 && tree.size() > 0 && n < 24) {
          EXPECT_GT(tree.count_warnings(Severity::Warn), 0u)
              << path.filename() << " frame " << frame.index << " cut to " << n;
        }
      }
    }
  }
}

// Every frame type and subtype (management, control, data, extension), with every flag
// pattern that changes the header's shape, cut to every length up to a whole QoS + HTC
// 4-address header: no node past the bytes (the fuzzer found an extension frame read as a
// 24-byte header).
TEST(Wlan, EveryFrameTypeCutAnywhereStaysInsideTheBytes) {
  for (unsigned fc0 = 0; fc0 < 256; fc0 += 4) {  // version 0: type and subtype
    for (std::uint8_t flags : {0x00, 0x01, 0x02, 0x03, 0x40, 0x80, 0x83}) {
      Bytes whole(40, 0x11);
      whole[0] = static_cast<std::uint8_t>(fc0);
      whole[1] = flags;
      for (std::size_t n = 0; n <= whole.size(); ++n) {
        const Bytes prefix(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n));
        Frame frame;
        frame.index = 1;
        frame.link_type = 105;
        frame.data = prefix;
        frame.original_length = static_cast<std::uint32_t>(n);
        PacketDissector dissector;
        FieldTree tree;
        dissector.dissect(frame, tree);
        for (NodeId id = 0; id < tree.size(); ++id) {
          ASSERT_LE(std::size_t{tree[id].offset} + tree[id].length, n)
              << "fc " << fc0 << " flags " << int{flags} << " cut to " << n << ": "
              << tree[id].name;
        }
      }
    }
  }
}
