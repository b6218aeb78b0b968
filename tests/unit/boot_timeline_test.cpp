// The boot timeline's model (analyzer/flow/boot_timeline.hpp) on recorded boots: stages in
// order, the failure where the story stopped, retries and idle gaps.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analyzer/flow/boot_timeline.hpp"
#include "story_test_support.hpp"
#include "tests/test_captures.hpp"

namespace pxescope::flow {
namespace {

ClientTimeline only_timeline(const std::string& capture) {
  const std::vector<ClientTimeline> all =
      boot_timelines(pxescope::testing::stories_of(test::story_capture(capture)));
  EXPECT_EQ(all.size(), 1u);
  return all.empty() ? ClientTimeline{} : all.front();
}

// "kind:outcome" per stage, the shape of a boot.
std::vector<std::string> shape(const ClientTimeline& t) {
  static constexpr const char* kOutcome[] = {"done", "failed", "idle"};
  std::vector<std::string> out;
  for (const BootStage& s : t.stages)
    out.push_back(std::string(stage_name(s.kind)) + ":" + kOutcome[int(s.outcome)]);
  return out;
}

TEST(BootTimeline, BootedBiosClient) {
  const ClientTimeline t = only_timeline("bios-booted.pcap");
  EXPECT_EQ(t.verdict, "booted");
  // The capture ends during ldlinux.c32: the boot got through, nothing is red.
  const std::vector<std::string> expected = {"DHCP:done", "idle:idle", "proxyDHCP/4011:done",
                                             "boot file:done", "next files:done"};
  EXPECT_EQ(shape(t), expected);
  // The stages follow one another on the capture's time axis.
  for (std::size_t i = 1; i < t.stages.size(); ++i)
    EXPECT_LE(t.stages[i - 1].end, t.stages[i].start + 1e-9) << i;
  EXPECT_EQ(t.stages[0].first_frame, 1u);
  EXPECT_EQ(t.stages[2].first_frame, 21u);  // the 4011 request
  EXPECT_EQ(t.stages[3].label, "boot file pxelinux.0");
  EXPECT_EQ(t.stages[3].first_frame, 23u);
  // The wait between the DHCP ACK (3.0 s) and the 4011 request (16.1 s) is idle time.
  EXPECT_EQ(t.stages[1].kind, StageKind::Idle);
  EXPECT_NEAR(t.stages[1].end - t.stages[1].start, 13.04, 0.05);
  EXPECT_EQ(t.stages[1].first_frame, 0u);
}

TEST(BootTimeline, MissingFileFailsInTheBootFileStage) {
  const ClientTimeline t = only_timeline("bios-missing-file.pcap");
  EXPECT_EQ(t.verdict, "tftp-file-not-found");
  ASSERT_FALSE(t.stages.empty());
  EXPECT_EQ(t.stages.back().kind, StageKind::BootFile);
  EXPECT_EQ(t.stages.back().outcome, StageOutcome::Failed);
  EXPECT_EQ(t.stages.back().label, "boot file missing.0");
  // Only the stage where the story stopped is red.
  for (std::size_t i = 0; i + 1 < t.stages.size(); ++i)
    EXPECT_NE(t.stages[i].outcome, StageOutcome::Failed) << t.stages[i].label;
}

TEST(BootTimeline, Unanswered4011IsAllRetries) {
  const ClientTimeline t = only_timeline("uefi-block-4011.pcap");
  EXPECT_EQ(t.verdict, "no-4011-answer");
  // EDK2 asked port 4011 four times, waited, then tried PXEv6 (two Solicits, no answer).
  const std::vector<std::string> expected = {"DHCP:done", "proxyDHCP/4011:failed", "idle:idle",
                                             "DHCPv6:failed"};
  EXPECT_EQ(shape(t), expected);
  ASSERT_EQ(t.stages.size(), 4u);
  const BootStage& proxy = t.stages[1];
  EXPECT_EQ(proxy.label, "proxyDHCP/4011 (4 requests)");
  EXPECT_EQ(proxy.first_frame, 11u);
  EXPECT_DOUBLE_EQ(proxy.retry_until, proxy.end);  // nobody ever answered: all of it was asking
  EXPECT_GT(proxy.end, proxy.start);
  EXPECT_EQ(t.stages[3].label, "DHCPv6 (2 requests)");
}

TEST(BootTimeline, NoDhcpServerIsOneFailedDhcpStage) {
  const ClientTimeline t = only_timeline("bios-no-dhcp.pcap");
  EXPECT_EQ(t.verdict, "no-offer");
  ASSERT_FALSE(t.stages.empty());
  EXPECT_EQ(t.stages.back().kind, StageKind::Dhcp);
  EXPECT_EQ(t.stages.back().outcome, StageOutcome::Failed);
  EXPECT_GT(t.stages.back().retry_until, t.stages.back().start);
}

TEST(BootTimeline, HttpBootHasAnHttpStage) {
  const ClientTimeline t = only_timeline("http-booted.pcap");
  const auto http = std::find_if(t.stages.begin(), t.stages.end(),
                                 [](const BootStage& s) { return s.kind == StageKind::Http; });
  ASSERT_NE(http, t.stages.end()) << ::testing::PrintToString(shape(t));
  EXPECT_EQ(http->outcome, StageOutcome::Done);
  EXPECT_GT(http->first_frame, 0u);
}

TEST(BootTimeline, StageNames) {
  EXPECT_EQ(stage_name(StageKind::Dhcp), "DHCP");
  EXPECT_EQ(stage_name(StageKind::Proxy4011), "proxyDHCP/4011");
  EXPECT_EQ(stage_name(StageKind::NextFiles), "next files");
  EXPECT_EQ(stage_name(StageKind::Idle), "idle");
}

}  // namespace
}  // namespace pxescope::flow
