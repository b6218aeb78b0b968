// StoryAdmission: the DHCP of the first N machines (their requests and the replies to them)
// goes on to the stories; later machines' DHCP is turned away; other frames always pass.
#include <gtest/gtest.h>

#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/story/story_admission.hpp"

using namespace pxescope;

namespace {

const std::string kReal = PXESCOPE_SOURCE_DIR "/captures/real/seabios-ipxe-proxydhcp.pcap";

std::vector<std::vector<std::uint8_t>> framesOf(const std::string& path) {
  CaptureReader reader;
  std::vector<std::vector<std::uint8_t>> out;
  Frame f;
  if (!reader.open_file(path)) return out;
  while (reader.next(f)) out.emplace_back(f.data.begin(), f.data.end());
  return out;
}

Frame frameOf(const std::vector<std::uint8_t>& bytes) {
  Frame f;
  f.data = bytes;
  f.original_length = static_cast<std::uint32_t>(bytes.size());
  f.link_type = 1;
  return f;
}

}  // namespace

TEST(StoryAdmission, TheFirstMachinesDhcpPassesLaterOnesAreTurnedAway) {
  const auto frames = framesOf(kReal);
  ASSERT_FALSE(frames.empty());
  // Frame 1 is the client's DISCOVER: chaddr at 14 + 20 + 8 + 28.
  constexpr std::size_t kChaddr = 14 + 20 + 8 + 28;
  std::vector<std::uint8_t> second = frames[0];
  second[kChaddr + 5] ^= 0x01;  // another machine

  StoryAdmission one(1);
  EXPECT_TRUE(one.admits(frameOf(frames[0])));
  EXPECT_TRUE(one.admits(frameOf(frames[0])));  // the same machine again
  EXPECT_FALSE(one.turned_away());
  EXPECT_FALSE(one.admits(frameOf(second)));
  EXPECT_TRUE(one.turned_away());
  // Every frame of the one-client capture passes: its replies name the same chaddr, its
  // TFTP and ARP frames are not DHCP.
  for (const auto& bytes : frames) EXPECT_TRUE(one.admits(frameOf(bytes)));

  StoryAdmission two(2);
  EXPECT_TRUE(two.admits(frameOf(frames[0])));
  EXPECT_TRUE(two.admits(frameOf(second)));
  EXPECT_FALSE(two.turned_away());
}

TEST(StoryAdmission, NonDhcpFramesAlwaysPass) {
  StoryAdmission none(0);
  std::vector<std::uint8_t> arp(42, 0);
  arp[12] = 0x08;
  arp[13] = 0x06;
  EXPECT_TRUE(none.admits(frameOf(arp)));
  EXPECT_FALSE(none.turned_away());
}
