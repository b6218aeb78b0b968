// TCP: every field of every TCP frame of the project's captures against tshark (the recorded
// captures/tcp/dns-http.pcap: handshakes with options, keep-alive, window scaling, FIN), the
// Info column included; and a hand-made retransmission that both must flag.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>

#include "analyzer/capture_reader.hpp"
#include "analyzer/packet_dissector.hpp"
#include "unit/dissect_each.hpp"
#include "unit/packet_test_support.hpp"
#include "unit/tshark_field_compare.hpp"

namespace fs = std::filesystem;
using namespace pxescope;
using namespace pxescope::testing;

namespace {

const fs::path kCapture = PXESCOPE_SOURCE_DIR "/captures/tcp/dns-http.pcap";

const std::vector<std::string> kFields = {"tcp.srcport",
                                          "tcp.dstport",
                                          "tcp.stream",
                                          "tcp.len",
                                          "tcp.seq",
                                          "tcp.seq_raw",
                                          "tcp.nxtseq",
                                          "tcp.ack",
                                          "tcp.ack_raw",
                                          "tcp.hdr_len",
                                          "tcp.flags",
                                          "tcp.flags.syn",
                                          "tcp.flags.ack",
                                          "tcp.flags.fin",
                                          "tcp.flags.reset",
                                          "tcp.flags.push",
                                          "tcp.flags.urg",
                                          "tcp.flags.str",
                                          "tcp.window_size_value",
                                          "tcp.window_size",
                                          "tcp.window_size_scalefactor",
                                          "tcp.checksum",
                                          "tcp.urgent_pointer",
                                          "tcp.options",
                                          "tcp.options.mss_val",
                                          "tcp.options.wscale.shift",
                                          "tcp.options.wscale.multiplier",
                                          "tcp.options.sack_perm",
                                          "tcp.options.timestamp.tsval",
                                          "tcp.options.timestamp.tsecr"};

// Compares kFields and the TCP Info column of every TCP frame of `path`; returns how many
// frames were compared.
std::size_t compare_with_tshark(const fs::path& path) {
  return compare_fields_with_tshark(
      path, "tcp", kFields, {"tcp.flags", "tcp.checksum"},
      [](const FieldTree& tree, const std::string&, const std::string& info) {
        // Where HTTP reads the segment, tshark's Info is HTTP's; the TCP line is compared on
        // the others.
        if (tree.protocol_column() != "TCP" || info.find("HTTP/") != std::string::npos) return;
        std::string want = info;
        if (auto at = want.find(" [TCP segment of a reassembled PDU]"); at != std::string::npos)
          want.erase(at);
        EXPECT_EQ(tree.info_column(), want);
      });
}

Bytes tcp_segment(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint32_t ack,
                  std::uint8_t flags, const Bytes& options, std::string_view payload) {
  Bytes b;
  const std::size_t thl = 20 + options.size();
  const std::uint32_t src = sport == 80 ? ip4(10, 0, 0, 1) : ip4(10, 0, 0, 2);
  const std::uint32_t dst = sport == 80 ? ip4(10, 0, 0, 2) : ip4(10, 0, 0, 1);
  b.push_back(0x45);
  b.push_back(0);
  put16(b, static_cast<std::uint16_t>(20 + thl + payload.size()));
  put16(b, 1);
  put16(b, 0x4000);
  b.push_back(64);
  b.push_back(6);
  put16(b, 0);
  put32(b, src);
  put32(b, dst);
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < 20; i += 2) sum += (std::uint32_t{b[i]} << 8) | b[i + 1];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  b[10] = static_cast<std::uint8_t>(~sum >> 8);
  b[11] = static_cast<std::uint8_t>(~sum);
  put16(b, sport);
  put16(b, dport);
  put32(b, seq);
  put32(b, ack);
  b.push_back(static_cast<std::uint8_t>((thl / 4) << 4));
  b.push_back(flags);
  put16(b, 502);
  put16(b, 0);  // checksum: filled in below
  put16(b, 0);
  append(b, options);
  append(b, payload);
  // RFC 9293 checksum over the pseudo-header and the segment.
  std::uint32_t c = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + 6 +
                    static_cast<std::uint32_t>(thl + payload.size());
  for (std::size_t i = 20; i < b.size(); i += 2)
    c += (std::uint32_t{b[i]} << 8) | (i + 1 < b.size() ? b[i + 1] : 0);
  while (c >> 16) c = (c & 0xffff) + (c >> 16);
  b[36] = static_cast<std::uint8_t>(~c >> 8);
  b[37] = static_cast<std::uint8_t>(~c);
  return ethernet(b);
}

}  // namespace

TEST(TcpVsTshark, RecordedCaptureAgreesFieldByField) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  ASSERT_TRUE(fs::exists(kCapture));
  EXPECT_GE(compare_with_tshark(kCapture), 40u);
}

TEST(TcpVsTshark, RetransmissionFlaggedLikeTshark) {
  const fs::path file =
      fs::temp_directory_path() / ("pxescope-tcp-retx-" + std::to_string(getpid()) + ".pcap");
  const Bytes mss = {2, 4, 0x05, 0xb4, 1, 3, 3, 7};  // MSS 1460, NOP, window scale 7
  std::vector<TestFrame> frames = {
      {tcp_segment(50000, 80, 1000, 0, 0x02, mss, "")},
      {tcp_segment(80, 50000, 7000, 1001, 0x12, mss, "")},
      {tcp_segment(50000, 80, 1001, 7001, 0x10, {}, "")},
      {tcp_segment(50000, 80, 1001, 7001, 0x18, {}, "GET / HTTP/1.1\r\n\r\n")},
      {tcp_segment(50000, 80, 1001, 7001, 0x18, {}, "GET / HTTP/1.1\r\n\r\n")},  // again
      {tcp_segment(80, 50000, 7001, 1019, 0x11, {}, "")},
  };
  for (std::size_t i = 0; i < frames.size(); ++i)
    frames[i].ts_frac = static_cast<std::uint32_t>(i * 100000);
  write_pcap(file, 1, frames);
  std::vector<bool> flagged;
  std::vector<std::string> infos;
  dissect_each(file, [&](const Frame&, const FieldTree& tree) {
    flagged.push_back(tree.find("tcp.analysis.retransmission") != kNoNode);
    infos.push_back(tree.info_column());
  });
  EXPECT_EQ(flagged, (std::vector<bool>{false, false, false, false, true, false}));
  EXPECT_EQ(infos[4].rfind("[TCP Retransmission] 50000 \xe2\x86\x92 80 [PSH, ACK] Seq=1 Ack=1", 0),
            0u)
      << infos[4];
  // Window scale 7 from both SYNs: Win=502 << 7 after the handshake.
  EXPECT_NE(infos[2].find("Win=64256"), std::string::npos) << infos[2];
  if (have_tool("tshark")) {
    EXPECT_EQ(compare_with_tshark(file), frames.size());
    const auto t = tshark_fields(file, "-Y tcp.analysis.retransmission", {"tcp.seq"});
    EXPECT_EQ(t.size(), 1u);
    EXPECT_TRUE(t.contains("5"));
  }
  fs::remove(file);
}

TEST(TcpDissector, ReDissectingAnEarlierFrameShowsTheSame) {
  CaptureReader reader;
  ASSERT_TRUE(reader.open_file(kCapture.string())) << reader.error();
  PacketDissector dissector;
  FieldTree tree;
  std::vector<Frame> frames;
  std::vector<Bytes> bytes;  // a Frame's data is valid only until the next read
  std::vector<std::string> first_pass;
  Frame frame;
  while (reader.next(frame)) {
    dissector.dissect(frame, tree);
    frames.push_back(frame);
    bytes.emplace_back(frame.data.begin(), frame.data.end());
    first_pass.push_back(std::string(tree.info_column()));
  }
  ASSERT_GE(frames.size(), 40u);
  EXPECT_EQ(first_pass[9], "GET /boot.ipxe HTTP/1.1");
  EXPECT_EQ(first_pass[11], "HTTP/1.1 200 OK");
  for (std::size_t i : {6u, 8u, 9u, 11u, 18u, 30u}) {  // 9: GET head, 11: 200 head
    frames[i].data = bytes[i];
    dissector.dissect(frames[i], tree);
    EXPECT_EQ(tree.info_column(), first_pass[i]) << "frame " << frames[i].index;
  }
}

TEST(TcpDissector, TruncatedHeaderIsAnErrorNotACrash) {
  Bytes seg = tcp_segment(50000, 80, 1, 0, 0x02, {}, "");
  seg.resize(14 + 20 + 12);  // 12 of the 20 TCP header bytes
  const fs::path file =
      fs::temp_directory_path() / ("pxescope-tcp-cut-" + std::to_string(getpid()) + ".pcap");
  write_pcap(file, 1, {{seg}});
  dissect_each(file, [&](const Frame&, const FieldTree& tree) {
    const NodeId tcp = tree.find("tcp");
    ASSERT_NE(tcp, kNoNode);
    ASSERT_FALSE(tree[tcp].warnings.empty());
    EXPECT_NE(tree[tcp].warnings[0].message.find("truncated TCP header"), std::string::npos);
    EXPECT_EQ(tree.find("tcp.seq"), kNoNode);
  });
  fs::remove(file);
}
