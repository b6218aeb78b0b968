// The transfer throughput graph's model: cumulative and per-interval bytes of one transfer,
// with its repeated TFTP blocks and ACKs marked; the same totals as Export Objects on a real
// boot, selected by the clicked frame's transfer (the TFTP request frame, the TCP stream).
#include <gtest/gtest.h>

#include <unistd.h>

#include <numeric>

#include "analyzer/stats/object_files.hpp"
#include "analyzer/stats/throughput.hpp"
#include "test_captures.hpp"
#include "unit/packet_test_support.hpp"

using namespace pxescope;
using namespace pxescope::testing;
namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kClient = ip4(192, 168, 77, 100), kServer = ip4(192, 168, 77, 2);

Bytes tftp(std::uint16_t opcode, std::uint16_t block, std::size_t data_bytes = 0) {
  Bytes b;
  put16(b, opcode);
  if (opcode == 1) {
    append(b, std::string_view("slow.efi"));
    b.push_back(0);
    append(b, std::string_view("octet"));
    b.push_back(0);
    return b;
  }
  put16(b, block);
  append(b, Bytes(data_bytes, 0x5a));
  return b;
}

TestFrame at(double seconds, const Bytes& udp_from_server_or_client, bool from_server) {
  const Bytes ip = from_server
                       ? ipv4_udp(kServer, kClient, 40000, 50000, udp_from_server_or_client)
                       : ipv4_udp(kClient, kServer, 50000, 40000, udp_from_server_or_client);
  TestFrame f{ethernet(ip), 0, 1700000000u + static_cast<std::uint32_t>(seconds),
              static_cast<std::uint32_t>((seconds - static_cast<std::uint32_t>(seconds)) * 1e6)};
  return f;
}

}  // namespace

TEST(Throughput, RepeatedBlocksAndAcksAreMarked) {
  std::vector<TestFrame> frames;
  frames.push_back({ethernet(ipv4_udp(kClient, kServer, 50000, 69, tftp(1, 0))), 0, 1700000000, 0});
  frames.push_back(at(0.1, tftp(3, 1, 512), true));
  frames.push_back(at(0.2, tftp(4, 1), false));
  frames.push_back(at(0.3, tftp(3, 2, 512), true));
  frames.push_back(at(2.3, tftp(3, 2, 512), true));  // the ACK was lost: block 2 again, 2 s later
  frames.push_back(at(2.4, tftp(4, 2), false));
  frames.push_back(at(2.5, tftp(4, 2), false));  // a duplicate ACK
  frames.push_back(at(2.6, tftp(3, 3, 100), true));
  frames.push_back(at(2.7, tftp(4, 3), false));
  const fs::path capture =
      fs::temp_directory_path() / ("gstats-throughput-" + std::to_string(::getpid()) + ".pcap");
  write_pcap(capture, 1, frames);
  TransferThroughput t;
  std::string error;
  TransferSelector selector;
  selector.protocol = ObjectProtocol::Tftp;
  selector.transfer_key = 1;  // the RRQ's frame, as a clicked DATA frame's tftp.request_frame says
  ASSERT_TRUE(transfer_throughput(capture.string(), selector, t, error)) << error;
  fs::remove(capture);
  ASSERT_EQ(t.samples.size(), 3u);  // blocks 1, 2, 3; the repeat adds nothing
  EXPECT_EQ(t.total(), 1124u);
  EXPECT_EQ(t.samples[1].cumulative, 1024u);
  EXPECT_NEAR(t.samples[2].time - t.samples[1].time, 2.3, 1e-6);  // the stall shows as a gap
  ASSERT_EQ(t.retransmissions.size(), 2u);
  EXPECT_NEAR(t.retransmissions[0], 2.3, 1e-6);
  EXPECT_NEAR(t.retransmissions[1], 2.5, 1e-6);
  ASSERT_EQ(t.objects.size(), 1u);
  EXPECT_EQ(t.objects[0].retransmissions, 2u);
  EXPECT_TRUE(t.objects[0].complete);
  const auto buckets = bytes_per_interval(t, 0.5);
  ASSERT_EQ(buckets.size(), 6u);  // 0.1 .. 2.6 s
  EXPECT_EQ(buckets[0], 1024u);
  EXPECT_EQ(buckets[1], 0u);
  EXPECT_EQ(buckets[5], 100u);
  EXPECT_EQ(std::accumulate(buckets.begin(), buckets.end(), std::uint64_t{0}), t.total());
}

TEST(Throughput, MatchesExportObjectsOnRealTransfers) {
  for (const std::string& capture : {test::real_capture("seabios-ipxe-proxydhcp.pcap"),
                                    test::story_capture("bios-ipxe-http.pcap")}) {
    SCOPED_TRACE(capture);
    std::vector<ExportedObject> objects;
    std::string error;
    ASSERT_TRUE(list_objects(capture, objects, error)) << error;
    ASSERT_FALSE(objects.empty());
    for (const ExportedObject& o : objects) {
      TransferSelector by_id;
      by_id.id = o.id;
      TransferThroughput t;
      ASSERT_TRUE(transfer_throughput(capture, by_id, t, error)) << error;
      EXPECT_EQ(t.total(), o.size) << o.name;
      ASSERT_EQ(t.objects.size(), 1u);
      EXPECT_EQ(t.objects[0].sha256, o.sha256);
      EXPECT_GE(t.samples.front().time, 0);
      EXPECT_LE(t.start, t.end);
    }
  }
}

TEST(Throughput, IntervalsAreRound) {
  EXPECT_DOUBLE_EQ(default_interval(0), 0.001);
  EXPECT_NEAR(default_interval(1), 0.02, 1e-12);
  EXPECT_NEAR(default_interval(30), 1, 1e-12);
  EXPECT_NEAR(default_interval(200), 5, 1e-12);
}
