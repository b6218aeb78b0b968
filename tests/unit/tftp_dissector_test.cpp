// TFTP dissector: every opcode and option from hand-built payloads, malformed packets,
// transfer following in PacketDissector, and agreement with tshark on the real captures.
#include "analyzer/tftp/tftp_dissector.hpp"

#include <gtest/gtest.h>

#include <map>

#include "analyzer/capture_reader.hpp"
#include "analyzer/packet_dissector.hpp"
#include "unit/packet_test_support.hpp"

using namespace pxescope;
using namespace pxescope::testing;

namespace {

Bytes payload(std::uint16_t opcode, std::initializer_list<std::string_view> zstrings) {
  Bytes b;
  put16(b, opcode);
  for (auto s : zstrings) {
    append(b, s);
    b.push_back(0);
  }
  return b;
}

std::vector<NodeId> all(const FieldTree& t, std::string_view name) {
  std::vector<NodeId> ids;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t[static_cast<NodeId>(i)].name == name) ids.push_back(static_cast<NodeId>(i));
  return ids;
}

const FieldNode& get(const FieldTree& t, std::string_view name) {
  const NodeId id = t.find(name);
  static FieldNode missing;
  if (id == kNoNode) {
    ADD_FAILURE() << "no node " << name;
    return missing;
  }
  return t[id];
}

bool any_warning(const FieldTree& t, std::string_view part) {
  for (std::size_t i = 0; i < t.size(); ++i)
    for (const auto& w : t[static_cast<NodeId>(i)].warnings)
      if (w.message.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(Tftp, ReadRequestWithOptions) {
  const Bytes p =
      payload(1, {"syslinux.efi", "octet", "tsize", "0", "blksize", "1468", "windowsize", "4"});
  FieldTree t;
  const NodeId top = dissect_tftp(p, 42, t);
  EXPECT_EQ(t[top].name, "tftp");
  EXPECT_EQ(t[top].offset, 42u);
  EXPECT_EQ(t[top].length, p.size());
  EXPECT_EQ(get(t, "tftp.opcode").uint_value, 1u);
  EXPECT_EQ(get(t, "tftp.opcode").text, "Opcode: Read Request (1)");
  EXPECT_EQ(get(t, "tftp.source_file").str_value, "syslinux.efi");
  EXPECT_EQ(get(t, "tftp.source_file").offset, 44u);
  EXPECT_EQ(get(t, "tftp.source_file").length, 13u);  // with its NUL
  EXPECT_EQ(get(t, "tftp.type").str_value, "octet");
  EXPECT_EQ(get(t, "tftp.type").offset, 57u);
  const auto opts = all(t, "tftp.option");
  ASSERT_EQ(opts.size(), 3u);
  EXPECT_EQ(t[opts[0]].text, "Option: tsize = 0");
  EXPECT_EQ(t[opts[0]].offset, 63u);
  EXPECT_EQ(t[opts[0]].length, 8u);
  const auto names = all(t, "tftp.option.name"), values = all(t, "tftp.option.value");
  ASSERT_EQ(names.size(), 3u);
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(t[names[1]].str_value, "blksize");
  EXPECT_EQ(t[values[1]].str_value, "1468");
  EXPECT_EQ(t[values[1]].offset, 63u + 8u + 8u);
  EXPECT_EQ(t[names[2]].str_value, "windowsize");
  EXPECT_EQ(t[values[2]].str_value, "4");
  EXPECT_EQ(t.count_warnings(), 0u);
}

TEST(Tftp, WriteRequestAndUnknownOption) {
  FieldTree t;
  dissect_tftp(payload(2, {"upload.bin", "netascii", "x-vendor", "yes", "timeout", "5"}), 0, t);
  EXPECT_EQ(get(t, "tftp.destination_file").str_value, "upload.bin");
  EXPECT_EQ(get(t, "tftp.type").str_value, "netascii");
  EXPECT_EQ(t[all(t, "tftp.option.name")[0]].str_value, "x-vendor");
  EXPECT_EQ(t.count_warnings(), 0u);
}

TEST(Tftp, DataAckErrorOack) {
  Bytes data;
  put16(data, 3);
  put16(data, 7);
  data.resize(4 + 512, 0xab);
  FieldTree t;
  TftpTransferContext ctx{"syslinux.efi", 16, 1};
  dissect_tftp(data, 42, t, ctx);
  EXPECT_EQ(get(t, "tftp.opcode").uint_value, 3u);
  EXPECT_EQ(get(t, "tftp.block").uint_value, 7u);
  EXPECT_EQ(get(t, "tftp.block").offset, 44u);
  EXPECT_EQ(get(t, "tftp.block.full").uint_value, 65536u + 7u);
  EXPECT_EQ(get(t, "tftp.data").offset, 46u);
  EXPECT_EQ(get(t, "tftp.data").length, 512u);
  EXPECT_EQ(get(t, "tftp.destination_file").str_value, "syslinux.efi");
  EXPECT_EQ(get(t, "tftp.request_frame").uint_value, 16u);

  Bytes ack;
  put16(ack, 4);
  put16(ack, 0);
  t.clear();
  dissect_tftp(ack, 0, t);
  EXPECT_EQ(get(t, "tftp.opcode").text, "Opcode: Acknowledgement (4)");
  EXPECT_EQ(get(t, "tftp.block").uint_value, 0u);
  EXPECT_EQ(t.find("tftp.request_frame"), kNoNode);

  Bytes err;
  put16(err, 5);
  put16(err, 8);
  append(err, std::string_view("User aborted the transfer"));
  err.push_back(0);
  t.clear();
  dissect_tftp(err, 0, t, ctx);
  EXPECT_EQ(get(t, "tftp.error.code").uint_value, 8u);
  EXPECT_EQ(get(t, "tftp.error.code").text, "Error code: Option negotiation failed (8)");
  EXPECT_EQ(get(t, "tftp.error.message").str_value, "User aborted the transfer");
  EXPECT_EQ(get(t, "tftp.error.message").offset, 4u);
  EXPECT_TRUE(any_warning(t, "tsize"));

  t.clear();
  dissect_tftp(payload(6, {"blksize", "1468", "tsize", "171456"}), 0, t);
  EXPECT_EQ(all(t, "tftp.option").size(), 2u);
  EXPECT_EQ(t[all(t, "tftp.option.value")[1]].str_value, "171456");
}

TEST(Tftp, MalformedPacketsWarn) {
  FieldTree t;
  t.clear();
  dissect_tftp(Bytes{0}, 0, t);
  EXPECT_TRUE(any_warning(t, "shorter than its 2-byte opcode"));

  t.clear();

  dissect_tftp(Bytes{0, 9, 1, 2}, 0, t);
  EXPECT_TRUE(any_warning(t, "unknown TFTP opcode"));

  Bytes no_nul;
  put16(no_nul, 1);
  append(no_nul, std::string_view("file.efi"));
  t.clear();
  dissect_tftp(no_nul, 0, t);
  EXPECT_EQ(get(t, "tftp.source_file").str_value, "file.efi");
  EXPECT_TRUE(any_warning(t, "not terminated by a NUL"));
  EXPECT_TRUE(any_warning(t, "Type missing"));

  t.clear();

  dissect_tftp(Bytes{0, 3, 0}, 0, t);
  EXPECT_TRUE(any_warning(t, "block number is missing"));
  t.clear();
  dissect_tftp(Bytes{0, 5}, 0, t);
  EXPECT_TRUE(any_warning(t, "error code is missing"));

  t.clear();

  dissect_tftp(payload(1, {"f", "octet", "blksize", "4", "windowsize", "zero", "timeout", "300"}),
               0, t);
  EXPECT_TRUE(any_warning(t, "blksize must be 8..65464"));
  EXPECT_TRUE(any_warning(t, "windowsize must be 1..65535"));
  EXPECT_TRUE(any_warning(t, "timeout must be 1..255"));

  t.clear();

  dissect_tftp(payload(1, {"f", "binary"}), 0, t);
  EXPECT_TRUE(any_warning(t, "unknown transfer mode"));

  Bytes dangling = payload(6, {"blksize"});
  t.clear();
  dissect_tftp(dangling, 0, t);
  EXPECT_TRUE(any_warning(t, "Option value missing"));
}

TEST(Tftp, FollowsTransferToTheServersNewPort) {
  const std::uint32_t client = ip4(192, 168, 77, 165), server = ip4(192, 168, 77, 2);
  PacketDissector d;
  FieldTree t;
  std::uint64_t index = 0;
  auto run = [&](std::uint32_t src, std::uint32_t dst, std::uint16_t sport, std::uint16_t dport,
                 const Bytes& p) {
    const Bytes bytes = ethernet(ipv4_udp(src, dst, sport, dport, p));
    Frame f;
    f.index = ++index;
    f.link_type = 1;
    f.data = bytes;
    f.original_length = static_cast<std::uint32_t>(bytes.size());
    const DissectResult r = d.dissect(f, t);
    return r;  // tree refers to nodes only (no bytes), safe to inspect after
  };
  Bytes ack0;
  put16(ack0, 4);
  put16(ack0, 0);
  Bytes data1;
  put16(data1, 3);
  put16(data1, 1);
  data1.resize(20, 1);

  EXPECT_EQ(run(client, server, 1537, 69, payload(1, {"pxelinux.0", "octet"})).protocol,
            AppProtocol::Tftp);
  EXPECT_EQ(run(server, client, 52877, 1537, payload(6, {"blksize", "1468"})).protocol,
            AppProtocol::Tftp);
  EXPECT_EQ(get(t, "tftp.request_frame").uint_value, 1u);
  EXPECT_EQ(get(t, "tftp.destination_file").str_value, "pxelinux.0");
  EXPECT_EQ(run(client, server, 1537, 52877, ack0).protocol, AppProtocol::Tftp);
  EXPECT_EQ(run(server, client, 52877, 1537, data1).protocol, AppProtocol::Tftp);
  EXPECT_EQ(get(t, "tftp.block").uint_value, 1u);
  // Another host's traffic on the same ports is not part of the transfer.
  const DissectResult other = run(ip4(10, 9, 9, 9), client, 52877, 1537, data1);
  EXPECT_EQ(other.protocol, AppProtocol::None);
  EXPECT_EQ(other.not_decoded_reason, "UDP, not a DHCP or TFTP port");
  // Once the server port is known, a third port from the server is not the transfer.
  EXPECT_EQ(run(server, client, 40000, 1537, data1).protocol, AppProtocol::None);
  EXPECT_EQ(d.followed_tftp_transfers(), 1u);
  d.reset();
  EXPECT_EQ(run(server, client, 52877, 1537, data1).protocol, AppProtocol::None);
}

TEST(Tftp, BlockNumberWrapsCountInFullBlock) {
  const std::uint32_t client = ip4(10, 0, 0, 5), server = ip4(10, 0, 0, 1);
  PacketDissector d;
  FieldTree t;
  std::uint64_t index = 0;
  auto block = [&](std::uint16_t n, bool from_server) {
    Bytes p;
    put16(p, from_server ? 3 : 4);
    put16(p, n);
    const Bytes bytes = from_server ? ethernet(ipv4_udp(server, client, 50000, 2000, p))
                                    : ethernet(ipv4_udp(client, server, 2000, 50000, p));
    Frame f;
    f.index = ++index;
    f.link_type = 1;
    f.data = bytes;
    f.original_length = static_cast<std::uint32_t>(bytes.size());
    EXPECT_EQ(d.dissect(f, t).protocol, AppProtocol::Tftp);
    return get(t, "tftp.block.full").uint_value;
  };
  const Bytes rrq = ethernet(ipv4_udp(client, server, 2000, 69, payload(1, {"big.iso", "octet"})));
  Frame f;
  f.index = ++index;
  f.link_type = 1;
  f.data = rrq;
  f.original_length = static_cast<std::uint32_t>(rrq.size());
  d.dissect(f, t);
  EXPECT_EQ(block(65534, true), 65534u);
  EXPECT_EQ(block(65535, true), 65535u);
  EXPECT_EQ(block(0, true), 65536u);
  EXPECT_EQ(block(65535, false), 65535u);  // a late ACK from before the wrap
  EXPECT_EQ(block(1, true), 65537u);
  EXPECT_EQ(block(1, false), 65537u);

  // Dissecting earlier frames again (a GUI click) sees the wraps as they were, and the
  // request frame again does not restart the transfer.
  auto again = [&](std::uint64_t index, std::uint16_t n) {
    Bytes p;
    put16(p, 3);
    put16(p, n);
    const Bytes bytes = ethernet(ipv4_udp(server, client, 50000, 2000, p));
    Frame old;
    old.index = index;
    old.link_type = 1;
    old.data = bytes;
    old.original_length = static_cast<std::uint32_t>(bytes.size());
    EXPECT_EQ(d.dissect(old, t).protocol, AppProtocol::Tftp);
    return get(t, "tftp.block.full").uint_value;
  };
  EXPECT_EQ(again(3, 65535), 65535u);
  f.index = 1;
  d.dissect(f, t);
  EXPECT_EQ(again(4, 0), 65536u);
  EXPECT_EQ(block(2, true), 65538u);
}

// Two whole TFTP boots: EDK2's (windowsize 4) and iPXE's.
TEST(Tftp, RedissectingAScannedFileGivesTheSameTrees) {
  for (const char* name : {"ovmf-edk2-proxydhcp.pcap", "ovmf-ipxe-proxydhcp.pcap"}) {
    SCOPED_TRACE(name);
    const std::string path = pxescope::test::real_capture(name);
    PacketDissector d;
    FieldTree t;
    auto signature = [&t]() {
      std::string s;
      for (std::size_t i = 0; i < t.size(); ++i) {
        const FieldNode& n = t[static_cast<NodeId>(i)];
        s += std::string(n.name) + "=" + std::to_string(n.uint_value) + n.str_value + ";";
      }
      return s;
    };
    std::vector<std::string> first;
    std::vector<Bytes> frames;
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path)) << reader.error();
    Frame frame;
    while (reader.next(frame)) {
      d.dissect(frame, t);
      first.push_back(signature());
      frames.emplace_back(frame.data.begin(), frame.data.end());
    }
    ASSERT_GT(frames.size(), 200u);
    for (std::size_t i = frames.size(); i-- > 0;) {  // backwards, as random as it gets
      Frame f;
      f.index = i + 1;
      f.link_type = 1;
      f.data = frames[i];
      f.original_length = static_cast<std::uint32_t>(frames[i].size());
      d.dissect(f, t);
      EXPECT_EQ(signature(), first[i]) << "frame " << i + 1;
    }
  }
}

// Every TFTP frame of every real capture (the project's, then ../shared's when present, and
// the generated OACK/ERROR one), field by field, against tshark.
TEST(Tftp, AgreesWithTsharkOnRealCaptures) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  const std::vector<std::string> fields = {
      "tftp.opcode",      "tftp.source_file",  "tftp.destination_file", "tftp.type",
      "tftp.block",       "tftp.block.full",   "tftp.error.code",       "tftp.error.message",
      "tftp.option.name", "tftp.option.value", "tftp.request_frame"};
  auto files = firmware_captures();
  ASSERT_GE(files.size(), 6u);
  files.push_back(pxescope::test::generated_capture("tftp-oack-error.pcap"));
  for (const auto& path : files) {
    std::string cmd =
        "tshark -r " + path.string() + " -Y tftp -T fields -E aggregator=, -e frame.number";
    for (const auto& f : fields) cmd += " -e " + f;
    std::map<std::string, std::string> expected;  // frame number -> the other columns
    for (const auto& line : lines(run_command(cmd + " 2>/dev/null"))) {
      const auto tab = line.find('\t');
      expected[line.substr(0, tab)] = line.substr(tab + 1);
    }
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path.string())) << reader.error();
    PacketDissector d;
    FieldTree t;
    Frame frame;
    std::size_t tftp_frames = 0;
    while (reader.next(frame)) {
      if (d.dissect(frame, t).protocol != AppProtocol::Tftp) continue;
      ++tftp_frames;
      std::string got;
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) got += '\t';
        bool first = true;
        for (NodeId id : all(t, fields[i])) {
          if (!first) got += ',';
          first = false;
          got += t[id].kind == ValueKind::UInt ? std::to_string(t[id].uint_value) : t[id].str_value;
        }
      }
      const std::string number = std::to_string(frame.index);
      ASSERT_TRUE(expected.count(number))
          << path << " frame " << number << " is not TFTP for tshark";
      EXPECT_EQ(got, expected[number]) << path.filename() << " frame " << number;
    }
    EXPECT_EQ(tftp_frames, expected.size()) << path;
  }
}
