// Live boot stories (analyzer/story/live_stories.hpp): the recorded boots told frame by frame
// give the verdicts `diagnose` gives; stories end after their silence; the cap evicts; a failed
// boot's capture, read back, gives its verdict again; followed transfers count.
#include "analyzer/story/live_stories.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "analyzer/capture_reader.hpp"
#include "story_test_support.hpp"

namespace pxescope {
namespace {

namespace fs = std::filesystem;
using testing::Script;

struct Told {
  std::map<std::string, std::string> verdicts;  // MAC text -> verdict code
  std::vector<FinishedStory> finished;
};

std::string mac_text(const std::array<std::uint8_t, 6>& m) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
                m[5]);
  return buf;
}

double seconds_of(const Frame& f) {
  return static_cast<double>(f.ts_sec) + f.ts_nsec * 1e-9;
}

// The capture's frames through LiveStories, every story closed at the capture's last frame.
Told live_verdicts(const std::string& path, LiveStoryLimits limits) {
  CaptureReader reader;
  EXPECT_TRUE(reader.open_file(path)) << reader.error();
  LiveStories live(limits);
  Told told;
  Frame frame;
  double last = 0;
  const auto sink = [&told](FinishedStory&& f) {
    told.verdicts[mac_text(f.story.mac)] = std::string(verdict_code(f.story.verdict));
    told.finished.push_back(std::move(f));
  };
  while (reader.next(frame)) {
    live.add(frame);
    last = std::max(last, seconds_of(frame));
    live.expire(last, sink);
  }
  live.finish_all(last, sink);
  return told;
}

std::map<std::string, std::string> batch_verdicts(const std::string& path) {
  std::map<std::string, std::string> out;
  for (const ClientStory& s : testing::stories_of(path))
    out[mac_text(s.mac)] = std::string(verdict_code(s.verdict));
  return out;
}

std::vector<std::string> manifest_captures() {
  std::ifstream in(std::string(PXESCOPE_SOURCE_DIR) + "/captures/stories/MANIFEST");
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string file;
    words >> file;
    if (fs::exists(std::string(PXESCOPE_SOURCE_DIR) + "/captures/stories/" + file))
      out.push_back(std::string(PXESCOPE_SOURCE_DIR) + "/captures/stories/" + file);
  }
  return out;
}

// One story engine: the recorded boots told live (a window of 4 frames, so almost every frame
// is handed over as it leaves the window) give diagnose's verdicts, client by client.
TEST(LiveStories, RecordedBootsGiveDiagnoseVerdicts) {
  const auto captures = manifest_captures();
  ASSERT_GE(captures.size(), 15u);
  LiveStoryLimits small;
  small.head_packets = 2;
  small.window_packets = 4;
  small.quiet_seconds = 1e6;  // closed at the end, as diagnose closes the file
  for (const std::string& path : captures) {
    const auto batch = batch_verdicts(path);
    const Told live = live_verdicts(path, small);
    for (const auto& [mac, verdict] : batch) {
      if (verdict == "not-pxe") continue;
      ASSERT_TRUE(live.verdicts.contains(mac)) << path << " " << mac;
      EXPECT_EQ(live.verdicts.at(mac), verdict) << path << " " << mac;
    }
  }
}

// A failed boot's capture (its first and last packets and the end marker), read back by the
// analyzer, gives the verdict the live story gave.
TEST(LiveStories, FailureCaptureReadsBackToTheSameVerdict) {
  const fs::path dir =
      fs::temp_directory_path() / ("live_stories_test." + std::to_string(getpid()));
  fs::create_directories(dir);
  std::size_t written = 0;
  for (const std::string& path : manifest_captures()) {
    for (FinishedStory& f : live_verdicts(path, {}).finished) {
      if (f.story.verdict == Verdict::Booted || f.story.verdict == Verdict::NotPxe) continue;
      if (f.frames_dropped != 0) continue;  // the window kept only the last packets
      const std::string out = (dir / story_capture_name(f)).string();
      std::string error;
      ASSERT_TRUE(write_story_capture(f, out, error)) << error;
      ++written;
      bool found = false;
      for (const ClientStory& s : testing::stories_of(out))
        if (s.mac == f.story.mac) {
          found = true;
          EXPECT_EQ(verdict_code(s.verdict), verdict_code(f.story.verdict)) << path;
          EXPECT_EQ(s.reason, f.story.reason) << path;
        }
      EXPECT_TRUE(found) << out;
    }
  }
  EXPECT_GE(written, 8u);
  fs::remove_all(dir);
}

// Frames to feed one by one: the scripted boot's (absolute times from 1700000000).
struct Fed {
  std::vector<std::pair<double, testing::Bytes>> frames;
};

Frame frame_of(double t, const testing::Bytes& data) {
  Frame f;
  f.ts_sec = 1700000000 + static_cast<std::int64_t>(t);
  f.ts_nsec =
      static_cast<std::uint32_t>((t - static_cast<double>(static_cast<std::int64_t>(t))) * 1e9);
  f.original_length = static_cast<std::uint32_t>(data.size());
  f.data = data;
  return f;
}

testing::Bytes discover_from(const testing::Mac& mac) {
  testing::Bootp m = testing::discover();
  m.mac = mac;
  return testing::eth_frame(mac,
                            testing::ipv4_udp(0, 0xffffffff, 68, 67, testing::bootp_payload(m)));
}

TEST(LiveStories, AStoryEndsOnlyAfterItsSilence) {
  LiveStories live;  // quiet_seconds 12
  std::vector<FinishedStory> told;
  const auto sink = [&told](FinishedStory&& f) { told.push_back(std::move(f)); };
  const testing::Bytes d = discover_from(testing::kStoryMac);
  ASSERT_TRUE(live.add(frame_of(0, d)));
  ASSERT_TRUE(live.add(frame_of(4, d)));
  live.expire(1700000000 + 15.9, sink);
  EXPECT_TRUE(told.empty());  // 11.9 s since its last DISCOVER
  EXPECT_EQ(live.live(), 1u);
  live.expire(1700000000 + 16.0, sink);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(live.live(), 0u);
  EXPECT_EQ(told[0].story.discovers, 2u);
  EXPECT_EQ(told[0].story.verdict, Verdict::NoOffer);
  EXPECT_EQ(told[0].frames.size(), 2u);
}

TEST(LiveStories, TheCapEvictsTheOldestAndCountsIt) {
  LiveStoryLimits limits;
  limits.max_stories = 2;
  LiveStories live(limits);
  for (std::uint8_t i = 1; i <= 3; ++i)
    ASSERT_TRUE(live.add(frame_of(i, discover_from({2, 0, 0, 0, 0, i}))));
  EXPECT_EQ(live.live(), 2u);
  EXPECT_EQ(live.evicted(), 1u);
  std::vector<std::string> left;
  live.finish_all(1700000100,
                  [&left](FinishedStory&& f) { left.push_back(mac_text(f.story.mac)); });
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"02:00:00:00:00:02", "02:00:00:00:00:03"}));
}

TEST(LiveStories, EachStoryKeepsABoundedWindow) {
  LiveStoryLimits limits;
  limits.head_packets = 3;
  limits.window_packets = 5;
  LiveStories live(limits);
  const testing::Bytes d = discover_from(testing::kStoryMac);
  for (int i = 0; i < 40; ++i) live.add(frame_of(i * 0.1, d));
  std::vector<FinishedStory> told;
  live.finish_all(1700000100, [&told](FinishedStory&& f) { told.push_back(std::move(f)); });
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].frames.size(), 8u);
  EXPECT_EQ(told[0].frames_dropped, 32u);
  EXPECT_EQ(told[0].story.discovers, 40u);  // every frame reached the builder
}

// A transfer the responder followed (its TFTP server's event) counts in the client's story,
// found by the address its DHCP told, and its refusal is in the failure capture.
TEST(LiveStories, FollowedTransfersJoinTheStoryOfTheirAddress) {
  Script s;
  testing::dora_with_file(s, "missing.0");
  LiveStories live;
  std::uint64_t n = 0;
  for (const auto& f : s.test_frames()) {
    Frame frame;
    frame.index = ++n;
    frame.ts_sec = f.ts_sec;
    frame.ts_nsec = f.ts_frac * 1000;
    frame.original_length = static_cast<std::uint32_t>(f.data.size());
    frame.data = f.data;
    live.add(frame);
  }
  TftpTransferStory x;
  x.file = "missing.0";
  x.client_ip = Script::kClient;
  x.client_port = 2070;
  x.server_ip = Script::kServer;
  x.server_port = 69;
  x.rrq_count = 1;
  x.error_code = 1;
  x.error_message = "File not found";
  x.start = x.end = 1700000002.0;
  ASSERT_TRUE(live.add_transfer(x));
  x.client_ip = testing::ip4(10, 9, 9, 9);  // nobody's address
  EXPECT_FALSE(live.add_transfer(x));
  std::vector<FinishedStory> told;
  live.finish_all(1700000010.0, [&told](FinishedStory&& f) { told.push_back(std::move(f)); });
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].story.verdict, Verdict::TftpFileNotFound);
  const fs::path out =
      fs::temp_directory_path() / ("live_followed." + std::to_string(getpid()) + ".pcapng");
  std::string error;
  ASSERT_TRUE(write_story_capture(told[0], out.string(), error)) << error;
  const auto again = testing::stories_of(out.string());
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].verdict, Verdict::TftpFileNotFound);
  fs::remove(out);
}

TEST(LiveStories, CaptureNameCarriesMacTimeAndVerdict) {
  FinishedStory f;
  f.story.mac = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
  f.story.verdict = Verdict::TftpStalled;
  f.ended = 1764490500;  // 2025-11-30T08:15:00Z
  EXPECT_EQ(story_capture_name(f), "boot-525400123456-20251130T081500Z-tftp-stalled.pcapng");
}

}  // namespace
}  // namespace pxescope
