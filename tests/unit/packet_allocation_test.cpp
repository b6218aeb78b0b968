// No per-packet allocation: CaptureReader::next + summarize_dhcp never allocate, and a
// warmed-up PacketDissector decodes link/IP/UDP/TFTP frames without allocating.
// Counts calls to the global operator new of this test executable.
#include <gtest/gtest.h>

#include "analyzer/capture_reader.hpp"
#include "analyzer/packet_dissector.hpp"
#include "analyzer/summary.hpp"
#include "unit/allocation_counter.hpp"
#include "unit/packet_test_support.hpp"

using namespace pxescope;
using namespace pxescope::testing;

TEST(PacketAllocation, ReadAndSummarizeNeverAllocate) {
  const auto files = firmware_captures();
  ASSERT_GE(files.size(), 6u);
  for (const auto& path : files) {
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path.string())) << reader.error();
    Frame frame;
    DhcpSummary summary;
    std::size_t dhcp = 0;
    const std::size_t before = g_allocations.load();
    while (reader.next(frame))
      if (summarize_dhcp(frame, summary)) ++dhcp;
    EXPECT_EQ(g_allocations.load() - before, 0u) << path;
    EXPECT_GT(dhcp, 0u) << path;
  }
}

TEST(PacketAllocation, WarmDissectorDoesNotAllocateForLinkAndTftpFrames) {
  const std::string path = pxescope::test::real_capture("ovmf-edk2-proxydhcp.pcap");
  PacketDissector dissector;
  FieldTree tree;
  for (int pass = 0; pass < 2; ++pass) {
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path)) << reader.error();
    Frame frame;
    std::size_t tftp = 0;
    while (reader.next(frame)) {
      const std::size_t before = g_allocations.load();
      const DissectResult r = dissector.dissect(frame, tree);
      const std::size_t allocated = g_allocations.load() - before;
      if (r.protocol == AppProtocol::Tftp) ++tftp;
      // The first pass warms the tree's node pool; DHCP and DHCPv6 frames belong to their
      // dissectors (ICMPv6 neighbour discovery, like TFTP, must not allocate).
      // A warning's message is a fresh string (FieldTree::clear() drops them): only frames
      // without warnings must decode without allocating.
      if (pass == 1 && r.protocol != AppProtocol::Dhcp && r.protocol != AppProtocol::Dhcpv6 &&
          tree.count_warnings() == 0) {
        EXPECT_EQ(allocated, 0u) << "frame " << frame.index;
      }
    }
    EXPECT_GT(tftp, 200u);  // syslinux.efi (171456 bytes) in 1468-byte blocks, and the ACKs
  }
}
