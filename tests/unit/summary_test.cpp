// The summary fast path: every DHCP frame of the real captures against tshark, all link
// types, and malformed packets.
#include "analyzer/summary.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "analyzer/capture_reader.hpp"
#include "analyzer/link/text_format.hpp"
#include "unit/packet_test_support.hpp"

using namespace pxescope;
using namespace pxescope::testing;

namespace {

// The summary points into the frame: keep the bytes until the next call.
bool summarize(const Bytes& bytes, std::uint32_t dlt, DhcpSummary& s) {
  static Bytes kept;
  kept = bytes;
  Frame f;
  f.index = 1;
  f.link_type = dlt;
  f.data = kept;
  f.original_length = static_cast<std::uint32_t>(kept.size());
  return summarize_dhcp(f, s);
}

Bytes with_options(std::initializer_list<Bytes> options, bool end = true) {
  Bytes b = pxe_discover();
  b.resize(240);  // keep the header and the cookie, drop the options
  for (const auto& o : options) append(b, o);
  if (end) b.push_back(255);
  return b;
}

}  // namespace

TEST(Summary, EveryDhcpFrameOfRealCapturesMatchesTshark) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  const auto files = firmware_captures();
  ASSERT_GE(files.size(), 6u);
  for (const auto& path : files) {
    std::map<std::string, std::vector<std::string>> expected;
    const std::string cmd =
        "tshark -r " + path.string() +
        " -Y dhcp -T fields -E occurrence=f -e frame.number -e dhcp.type -e dhcp.option.dhcp"
        " -e dhcp.id -e dhcp.hw.mac_addr -e dhcp.option.client_system_architecture"
        " -e dhcp.option.vendor_class_id -e dhcp.option.bootfile_name -e dhcp.file"
        " -e ip.src -e ip.dst -e udp.srcport -e udp.dstport 2>/dev/null";
    for (const auto& line : lines(run_command(cmd))) {
      auto cols = split(line, '\t');
      ASSERT_EQ(cols.size(), 13u) << line;
      expected[cols[0]] = cols;
    }
    ASSERT_FALSE(expected.empty()) << path;

    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path.string())) << reader.error();
    Frame frame;
    DhcpSummary s;
    std::size_t dhcp_frames = 0;
    while (reader.next(frame)) {
      const std::string number = std::to_string(frame.index);
      if (!summarize_dhcp(frame, s)) {
        EXPECT_FALSE(expected.count(number)) << path.filename() << " frame " << number;
        continue;
      }
      ++dhcp_frames;
      ASSERT_TRUE(expected.count(number)) << path.filename() << " frame " << number;
      const auto& e = expected[number];
      const std::string where = path.filename().string() + " frame " + number;
      EXPECT_EQ(std::to_string(s.op), e[1]) << where;
      EXPECT_EQ(s.message_type ? std::to_string(s.message_type) : "", e[2]) << where;
      char xid[16];
      std::snprintf(xid, sizeof xid, "0x%08x", s.xid);
      EXPECT_EQ(xid, e[3]) << where;
      ASSERT_NE(s.chaddr, nullptr) << where;
      EXPECT_EQ(MacText(s.chaddr).view(), e[4]) << where;
      EXPECT_EQ(s.arch >= 0 ? std::to_string(s.arch) : "", e[5]) << where;
      EXPECT_EQ(s.vendor_class, e[6]) << where;
      EXPECT_EQ(s.boot_file, e[7].empty() ? e[8] : e[7]) << where;
      EXPECT_EQ(s.pxe, e[6].starts_with("PXEClient")) << where;
      EXPECT_EQ(Ipv4Text(s.src_ip).view(), e[9]) << where;
      EXPECT_EQ(Ipv4Text(s.dst_ip).view(), e[10]) << where;
      EXPECT_EQ(std::to_string(s.src_port), e[11]) << where;
      EXPECT_EQ(std::to_string(s.dst_port), e[12]) << where;
      EXPECT_FALSE(s.malformed) << where;
    }
    EXPECT_EQ(dhcp_frames, expected.size()) << path;
  }
}

TEST(Summary, AllLinkTypes) {
  const Bytes ip = ipv4_udp(0, ip4(255, 255, 255, 255), 68, 67, pxe_discover(0x01020304));
  const std::vector<std::pair<Bytes, std::uint32_t>> frames = {
      {ethernet(ip), 1},
      {ethernet(ip, {{0x8100, 10}}), 1},
      {ethernet(ip, {{0x88a8, 10}, {0x8100, 20}}), 1},
      {linux_sll(ip), 113},
      {linux_sll2(ip), 276},
      {ip, 101},
      {ip, 228},
      {ip, 12},
  };
  for (const auto& [bytes, dlt] : frames) {
    DhcpSummary s;
    ASSERT_TRUE(summarize(bytes, dlt, s)) << "dlt " << dlt;
    EXPECT_EQ(s.xid, 0x01020304u);
    EXPECT_EQ(s.message_type, 1);
    EXPECT_EQ(s.op, 1);
    EXPECT_EQ(s.arch, 7);
    EXPECT_EQ(s.vendor_class, "PXEClient:Arch:00007:UNDI:003016");
    EXPECT_TRUE(s.pxe);
    EXPECT_FALSE(s.malformed);
    ASSERT_NE(s.chaddr, nullptr);
    EXPECT_EQ(MacText(s.chaddr).view(), "52:54:00:7b:be:06");
    EXPECT_EQ(s.dst_ip, 0xffffffffu);
    EXPECT_EQ(s.dst_port, 67);
  }
}

TEST(Summary, NotDhcp) {
  DhcpSummary s;
  EXPECT_FALSE(summarize(ethernet(ipv4_udp(1, 2, 1536, 69, Bytes(20, 0))), 1, s));
  EXPECT_FALSE(s.is_dhcp);
  EXPECT_FALSE(summarize(ethernet(Bytes(28, 0), {}, 0x0806), 1, s));
  EXPECT_FALSE(summarize(Bytes(10, 0), 1, s));
  EXPECT_FALSE(summarize(ethernet(ipv4_udp(1, 2, 68, 67, pxe_discover())), 9, s));
}

TEST(Summary, BootFileFromOption67ElseFileField) {
  Bytes reply = with_options({{53, 1, 2}, {67, 9, 'i', 'p', 'x', 'e', '.', 'e', 'f', 'i', 0}});
  reply[0] = 2;
  const char* file = "pxelinux.0";
  std::memcpy(reply.data() + 108, file, std::strlen(file));
  DhcpSummary s;
  ASSERT_TRUE(summarize(ethernet(ipv4_udp(2, 3, 67, 68, reply)), 1, s));
  EXPECT_EQ(s.op, 2);
  EXPECT_EQ(s.message_type, 2);
  EXPECT_EQ(s.boot_file, "ipxe.efi");  // NUL-trimmed option 67 wins
  EXPECT_EQ(s.arch, -1);
  EXPECT_FALSE(s.pxe);

  Bytes plain = with_options({{53, 1, 5}});
  std::memcpy(plain.data() + 108, file, std::strlen(file));
  ASSERT_TRUE(summarize(ethernet(ipv4_udp(2, 3, 67, 68, plain)), 1, s));
  EXPECT_EQ(s.boot_file, "pxelinux.0");

  // Overload 1: the file field holds options, not a name.
  Bytes overloaded = with_options({{53, 1, 5}, {52, 1, 1}});
  std::memcpy(overloaded.data() + 108, file, std::strlen(file));
  ASSERT_TRUE(summarize(ethernet(ipv4_udp(2, 3, 67, 68, overloaded)), 1, s));
  EXPECT_TRUE(s.boot_file.empty());
}

TEST(Summary, HttpClientIsPxeAndProxyPort) {
  const std::string_view vc = "HTTPClient:Arch:00016:UNDI:003001";
  Bytes opt = {60, static_cast<std::uint8_t>(vc.size())};
  append(opt, vc);
  DhcpSummary s;
  ASSERT_TRUE(
      summarize(ethernet(ipv4_udp(5, 6, 4011, 4011, with_options({{53, 1, 3}, opt}))), 1, s));
  EXPECT_TRUE(s.pxe);
  EXPECT_EQ(s.vendor_class, vc);
  EXPECT_EQ(s.src_port, 4011);
  EXPECT_EQ(s.message_type, 3);
}

TEST(Summary, MalformedPacketsAreFlaggedNotDropped) {
  DhcpSummary s;
  // Option length past the end.
  ASSERT_TRUE(summarize(
      ethernet(ipv4_udp(1, 2, 68, 67, with_options({{53, 1, 1}, {60, 40, 'P'}}, false))), 1, s));
  EXPECT_TRUE(s.malformed);
  EXPECT_EQ(s.message_type, 1);
  // Missing END.
  ASSERT_TRUE(summarize(ethernet(ipv4_udp(1, 2, 68, 67, with_options({{53, 1, 1}}, false))), 1, s));
  EXPECT_TRUE(s.malformed);
  // Typed options of the wrong length: the values are still read.
  ASSERT_TRUE(summarize(ethernet(ipv4_udp(1, 2, 68, 67, with_options({{53, 2, 1, 1}}))), 1, s));
  EXPECT_TRUE(s.malformed);
  EXPECT_EQ(s.message_type, 1);
  ASSERT_TRUE(summarize(ethernet(ipv4_udp(1, 2, 68, 67, with_options({{93, 3, 0, 7, 0}}))), 1, s));
  EXPECT_TRUE(s.malformed);
  EXPECT_EQ(s.arch, 7);
  // Bad magic cookie: BOOTP header still read.
  Bytes bad = pxe_discover(0xdeadbeef);
  bad[236] = 0;
  ASSERT_TRUE(summarize(ethernet(ipv4_udp(1, 2, 68, 67, bad)), 1, s));
  EXPECT_TRUE(s.malformed);
  EXPECT_EQ(s.xid, 0xdeadbeefu);
  EXPECT_EQ(s.message_type, 0);
  // Shorter than the BOOTP header.
  Bytes tiny = pxe_discover(0x11223344);
  tiny.resize(40);
  ASSERT_TRUE(summarize(ethernet(ipv4_udp(1, 2, 68, 67, tiny)), 1, s));
  EXPECT_TRUE(s.malformed);
  EXPECT_EQ(s.xid, 0x11223344u);
  EXPECT_NE(s.chaddr, nullptr);
  // hlen > 16.
  Bytes long_hlen = pxe_discover();
  long_hlen[2] = 20;
  ASSERT_TRUE(summarize(ethernet(ipv4_udp(1, 2, 68, 67, long_hlen)), 1, s));
  EXPECT_TRUE(s.malformed);
  EXPECT_EQ(s.chaddr, nullptr);
  // Cut by the snap length.
  Bytes cut = ethernet(ipv4_udp(1, 2, 68, 67, pxe_discover()));
  cut.resize(cut.size() - 10);
  ASSERT_TRUE(summarize(cut, 1, s));
  EXPECT_TRUE(s.malformed);
  EXPECT_EQ(s.message_type, 1);
}

// What the one read model changed in the summary (analyzer/dhcp/message_view.hpp): options
// in an overloaded file field and options split in pieces (RFC 3396) are read as the
// dissector and the story read them.
namespace {

// The summary's views point into the frame, which dies with the reader: keep copies.
struct Summarized {
  std::uint8_t message_type = 0;
  std::string boot_file, vendor_class;
  bool pxe = false;
  std::int32_t arch = -1;
  bool malformed = false;
};

Summarized summarize_generated(const char* name) {
  const std::string path = std::string(PXESCOPE_SOURCE_DIR) + "/captures/generated/" + name;
  CaptureReader reader;
  EXPECT_TRUE(reader.open_file(path)) << reader.error();
  Frame frame;
  DhcpSummary s;
  EXPECT_TRUE(reader.next(frame)) << path;
  EXPECT_TRUE(summarize_dhcp(frame, s)) << path;
  return {s.message_type, std::string(s.boot_file), std::string(s.vendor_class), s.pxe, s.arch,
          s.malformed};
}

}  // namespace

TEST(SummaryReadModel, Option67InTheOverloadedFileFieldIsTheBootFile) {
  const Summarized s = summarize_generated("option-overload.pcap");
  EXPECT_EQ(s.message_type, 5);
  EXPECT_EQ(s.boot_file, "pxelinux.0") << "the walk of the options field alone found no 67";
  EXPECT_FALSE(s.malformed);
}

TEST(SummaryReadModel, SplitVendorClassIsJoined) {
  const Summarized s = summarize_generated("split-option-60.pcap");
  EXPECT_EQ(s.vendor_class, "PXEClient:Arch:00007:UNDI:003016") << "not only the first piece";
  EXPECT_TRUE(s.pxe);
  EXPECT_EQ(s.arch, 7);
  EXPECT_FALSE(s.malformed);
}

TEST(SummaryReadModel, SplitVendorOptionsLeaveTheBootFileAndFlagNothing) {
  const Summarized s = summarize_generated("split-option-43.pcap");
  EXPECT_EQ(s.message_type, 2);
  EXPECT_EQ(s.boot_file, "pxelinux.0");
  EXPECT_EQ(s.vendor_class, "PXEClient");
  EXPECT_FALSE(s.malformed);
}

TEST(SummaryReadModel, AnOverloadedFieldWithoutEndIsMalformed) {
  Bytes reply = with_options({{53, 1, 5}, {52, 1, 1}});
  reply[0] = 2;
  const std::uint8_t file_options[] = {67, 4, 'a', '.', 'e', 'f'};  // no End in the file field
  std::memcpy(reply.data() + 108, file_options, sizeof file_options);
  DhcpSummary s;
  ASSERT_TRUE(summarize(ethernet(ipv4_udp(2, 3, 67, 68, reply)), 1, s));
  EXPECT_EQ(s.boot_file, "a.ef");
  EXPECT_TRUE(s.malformed);
}
