// Repeated events collapse in the story ("DISCOVER ×1000"): one event repeated, or a cycle of
// a few (a read request and the ICMP error that answers it), for `diagnose` and the GUI.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analyzer/story/story_render.hpp"
#include "analyzer/story/timeline_runs.hpp"
#include "unit/story_test_support.hpp"

namespace pxescope {
namespace {

TimelineEvent ev(std::uint64_t frame, std::string kind, std::string text) {
  TimelineEvent e;
  e.frame = frame;
  e.time = static_cast<double>(frame);
  e.kind = std::move(kind);
  e.text = std::move(text);
  return e;
}

std::vector<TimelineEvent> pattern(const std::string& letters) {
  std::vector<TimelineEvent> out;
  for (char c : letters) out.push_back(ev(out.size() + 1, "k", std::string(1, c)));
  return out;
}

std::string runs_text(const std::string& letters) {
  const auto events = pattern(letters);
  std::string out;
  for (const TimelineRun& r : collapse_timeline(events)) {
    for (std::size_t k = 0; k < r.period; ++k) out += events[r.first + k].text;
    if (r.repeats > 1) out += "x" + std::to_string(r.repeats);
    out += ' ';
  }
  return out;
}

TEST(TimelineRuns, AThousandDiscoversAreOneRun) {
  std::vector<TimelineEvent> events;
  for (int i = 0; i < 1000; ++i) events.push_back(ev(i + 1, "dhcp-discover", "DISCOVER xid 1"));
  const auto runs = collapse_timeline(events);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].repeats, 1000u);
  EXPECT_EQ(runs[0].period, 1u);
  EXPECT_EQ(runs[0].end(), 1000u);
}

TEST(TimelineRuns, CyclesCollapseAndEveryEventIsCoveredOnce) {
  EXPECT_EQ(runs_text("abababab"), "abx4 ");
  EXPECT_EQ(runs_text("xabababy"), "x abx3 y ");
  EXPECT_EQ(runs_text("aaaab"), "ax4 b ");
  EXPECT_EQ(runs_text("abcd"), "a b c d ");
  EXPECT_EQ(runs_text("abcabcabc"), "abcx3 ");
  EXPECT_EQ(runs_text(""), "");
  // A different warning makes a different event.
  auto events = pattern("aa");
  events[1].warnings = {"w"};
  EXPECT_EQ(collapse_timeline(events).size(), 2u);
}

TEST(TimelineRuns, DiagnoseTextShowsARetriedRequestAndItsErrorOnce) {
  const auto stories =
      testing::stories_of(PXESCOPE_SOURCE_DIR "/captures/stories/bios-no-tftp.pcap");
  ASSERT_EQ(stories.size(), 1u);
  std::string text;
  append_story_text(stories[0], text);
  // Frames 24..33: five times "ICMP port unreachable" then "read request repeated".
  EXPECT_NE(text.find("#24     ICMP port unreachable from 192.168.77.2 for TFTP port 69: no TFTP "
                      "server listens there ×5, 16.3–24.3 s\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("#25     TFTP read request pxelinux.0 repeated (no answer yet) ×5\n"),
            std::string::npos)
      << text;
  for (int frame = 26; frame <= 33; ++frame)
    EXPECT_EQ(text.find("#" + std::to_string(frame) + " "), std::string::npos) << text;
  // The DISCOVER/OFFER pair sent twice (frames 1, 2 and 7, 8).
  EXPECT_NE(text.find("#1      DISCOVER"), std::string::npos) << text;
  EXPECT_EQ(text.find("#7 "), std::string::npos) << text;
}

}  // namespace
}  // namespace pxescope
