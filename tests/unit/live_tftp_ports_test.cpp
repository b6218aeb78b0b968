// LiveTftpPorts: the capture filter `pxescope capture` widens to the ports TFTP transfers
// open, fed with the frames of captures/generated/tftp-oack-error.pcap (a transfer ended by
// an ERROR, then one with an OACK'd blksize that ends with a short DATA block). Every filter
// it makes must compile as BPF (libpcap, no interface needed).
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/tftp/live_tftp_ports.hpp"
#include "tests/test_captures.hpp"

using namespace pxescope;

namespace {

constexpr const char* kBase = "udp port 67 or 68 or 4011 or 69";

struct Captured {
  std::uint32_t link_type;
  std::vector<std::uint8_t> bytes;
};

std::vector<Captured> frames_of(const std::string& path) {
  std::vector<Captured> out;
  CaptureReader reader;
  EXPECT_TRUE(reader.open_file(path)) << reader.error();
  Frame frame;
  while (reader.next(frame))
    out.push_back({frame.link_type, {frame.data.begin(), frame.data.end()}});
  return out;
}

Frame as_frame(const Captured& c) {
  Frame f;
  f.link_type = c.link_type;
  f.data = c.bytes;
  f.original_length = static_cast<std::uint32_t>(c.bytes.size());
  return f;
}

bool compiles(const std::string& filter) {
  pcap_t* dead = pcap_open_dead(DLT_EN10MB, 65535);
  bpf_program program{};
  const bool ok = pcap_compile(dead, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) == 0;
  if (ok) pcap_freecode(&program);
  pcap_close(dead);
  return ok;
}

const std::string kClient1001 = "(host 192.168.77.150 and udp port 1001)";
const std::string kClient1002 = "(host 192.168.77.150 and udp port 1002)";

}  // namespace

TEST(LiveTftpPorts, FollowsEachTransferUntilItEnds) {
  const auto frames = frames_of(pxescope::test::generated_capture("tftp-oack-error.pcap"));
  ASSERT_EQ(frames.size(), 9u);
  LiveTftpPorts ports(kBase);
  EXPECT_EQ(ports.filter(), kBase);
  double now = 100;
  // 1: RRQ from 1001 -> the filter takes the client's port in.
  EXPECT_TRUE(ports.on_frame(as_frame(frames[0]), now));
  EXPECT_EQ(ports.filter(), std::string("(") + kBase + ") or " + kClient1001);
  EXPECT_TRUE(compiles(ports.filter())) << ports.filter();
  // 2: the server's OACK from its own port 50001: followed, no change.
  EXPECT_FALSE(ports.on_frame(as_frame(frames[1]), now += 0.1));
  // 3: the client's ERROR ends the transfer.
  EXPECT_TRUE(ports.on_frame(as_frame(frames[2]), now += 0.1));
  EXPECT_EQ(ports.followed(), 0u);
  EXPECT_EQ(ports.filter(), kBase);
  // 4..9: RRQ from 1002, OACK blksize 1468, ACK 0, DATA 1 (1468 bytes), DATA 2 (100: the
  // last), ACK 2. The transfer stays followed through its final ACK...
  EXPECT_TRUE(ports.on_frame(as_frame(frames[3]), now += 0.1));
  EXPECT_NE(ports.filter().find(kClient1002), std::string::npos);
  for (std::size_t i = 4; i < frames.size(); ++i)
    EXPECT_FALSE(ports.on_frame(as_frame(frames[i]), now += 0.1)) << "frame " << i + 1;
  EXPECT_EQ(ports.followed(), 1u);
  // ...and is dropped once the grace after the last block is over.
  EXPECT_FALSE(ports.expire(now + LiveTftpPorts::kLastBlockGraceSeconds / 2));
  EXPECT_TRUE(ports.expire(now + LiveTftpPorts::kLastBlockGraceSeconds));
  EXPECT_EQ(ports.filter(), kBase);
}

TEST(LiveTftpPorts, A1468ByteBlockIsNotTheLastOnceTheOackSaidSo) {
  const auto frames = frames_of(pxescope::test::generated_capture("tftp-oack-error.pcap"));
  ASSERT_EQ(frames.size(), 9u);
  LiveTftpPorts ports(kBase);
  double now = 0;
  for (std::size_t i = 3; i <= 6; ++i)
    ports.on_frame(as_frame(frames[i]), now += 0.1);  // to DATA 1
  // Past the grace a last block would get, DATA 1 (a full 1468-byte block) keeps it followed.
  EXPECT_FALSE(ports.expire(now + LiveTftpPorts::kLastBlockGraceSeconds + 1));
  EXPECT_EQ(ports.followed(), 1u);
}

TEST(LiveTftpPorts, SilentTransfersExpireAndTheTableIsBounded) {
  const auto frames = frames_of(pxescope::test::generated_capture("tftp-oack-error.pcap"));
  ASSERT_EQ(frames.size(), 9u);
  LiveTftpPorts ports(kBase);
  EXPECT_TRUE(ports.on_frame(as_frame(frames[0]), 0));  // a server that never answers
  EXPECT_FALSE(ports.expire(LiveTftpPorts::kIdleSeconds - 1));
  EXPECT_TRUE(ports.expire(LiveTftpPorts::kIdleSeconds));
  EXPECT_EQ(ports.followed(), 0u);

  // Requests from ever new client ports: never more than kMaxTransfers followed.
  Captured rrq = frames[0];
  const std::size_t udp = 14 + 20;
  for (std::uint16_t port = 2000; port < 2000 + LiveTftpPorts::kMaxTransfers + 5; ++port) {
    rrq.bytes[udp] = static_cast<std::uint8_t>(port >> 8);
    rrq.bytes[udp + 1] = static_cast<std::uint8_t>(port);
    rrq.bytes[udp + 6] = rrq.bytes[udp + 7] = 0;  // no UDP checksum after the change
    EXPECT_TRUE(ports.on_frame(as_frame(rrq), 1));
  }
  EXPECT_EQ(ports.followed(), LiveTftpPorts::kMaxTransfers);
  EXPECT_EQ(ports.filter().find("udp port 2000)"), std::string::npos);  // the oldest went
  EXPECT_NE(ports.filter().find("udp port 2068)"), std::string::npos);
  EXPECT_TRUE(compiles(ports.filter()));
}

TEST(LiveTftpPorts, OtherTrafficChangesNothing) {
  const auto dhcp = frames_of(pxescope::test::generated_capture("pxe-menu-4011.pcap"));
  ASSERT_FALSE(dhcp.empty());
  LiveTftpPorts ports(kBase);
  for (const Captured& c : dhcp) EXPECT_FALSE(ports.on_frame(as_frame(c), 1));
  EXPECT_EQ(ports.filter(), kBase);
}
