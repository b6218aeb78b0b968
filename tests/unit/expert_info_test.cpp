// Expert information (analyzer/expert): every warning of a capture with its frame, severity,
// code and field, the same set `analyze -V` prints, grouped by severity then code.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>

#include "analyzer/expert/expert_info.hpp"
#include "unit/cli_test_support.hpp"

namespace {

using pxescope::collect_expert_info;
using pxescope::Severity;

const std::string kUefi = PXESCOPE_SOURCE_DIR "/captures/stories/uefi-wrong-arch.pcap";

}  // namespace

TEST(ExpertInfo, CodesAreTheLintersOrTheProtocol) {
  EXPECT_EQ(pxescope::expert_code("dhcp.file", "pxe-lint file-arch-mismatch: boot file …"),
            "file-arch-mismatch");
  EXPECT_EQ(pxescope::expert_code("udp.checksum", "bad checksum 0x0ef0"), "udp");
  EXPECT_EQ(pxescope::expert_code("arp", "truncated ARP header"), "arp");
}

TEST(ExpertInfo, FindsTheLintersFindingOnItsFrameAndField) {
  const auto report = collect_expert_info(kUefi, nullptr);
  ASSERT_TRUE(report.error.empty()) << report.error;
  EXPECT_EQ(report.frames, 83u);
  bool lint = false;
  for (const auto& item : report.items) {
    if (item.code != "file-arch-mismatch") continue;
    lint = true;
    EXPECT_EQ(item.frame, 12u);
    EXPECT_EQ(item.severity, Severity::Warn);
    EXPECT_EQ(item.field, "dhcp.file");
  }
  EXPECT_TRUE(lint);
}

// The DHCP frames' warnings are exactly the "[severity: message]" lines `analyze -V` prints
// (-V prints DHCP frames only; Expert Info covers every frame).
TEST(ExpertInfo, SameWarningsAsAnalyzeVerbose) {
  const auto r =
      pxescope::test::run_command(pxescope::test::pxescope_bin() + " analyze -V '" + kUefi + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::multiset<std::string> printed;
  std::uint64_t frame = 0;
  std::set<std::uint64_t> dhcp_frames;
  for (const std::string& line : pxescope::test::split_lines(r.out)) {
    if (line.rfind("Frame ", 0) == 0) {
      frame = std::stoull(line.substr(6));
      dhcp_frames.insert(frame);
    }
    const auto open = line.find_first_not_of(' ');
    if (open != std::string::npos && line[open] == '[' &&
        (line.find("[note: ") == open || line.find("[warn: ") == open ||
         line.find("[error: ") == open))
      printed.insert(std::to_string(frame) + " " + line.substr(open));
  }
  ASSERT_FALSE(printed.empty());
  const auto report = collect_expert_info(kUefi, nullptr);
  std::multiset<std::string> collected;
  for (const auto& item : report.items)
    if (dhcp_frames.contains(item.frame))
      collected.insert(std::to_string(item.frame) + " [" +
                       std::string(pxescope::severity_name(item.severity)) + ": " + item.message +
                       "]");
  EXPECT_EQ(collected, printed);
}

TEST(ExpertInfo, GroupsBySeverityThenCode) {
  std::vector<pxescope::ExpertItem> items = {
      {3, Severity::Note, "udp", "udp.checksum", "a"},
      {5, Severity::Warn, "uuid-not-echoed", "dhcp", "b"},
      {1, Severity::Note, "dhcp", "dhcp.option", "c"},
      {7, Severity::Note, "udp", "udp.checksum", "d"},
      {9, Severity::Error, "tftp", "tftp", "e"},
  };
  const auto groups = pxescope::group_expert_items(items);
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0].severity, Severity::Error);
  EXPECT_EQ(groups[1].code, "uuid-not-echoed");
  EXPECT_EQ(groups[2].code, "dhcp");
  EXPECT_EQ(groups[3].code, "udp");
  EXPECT_EQ(groups[3].items, (std::vector<std::size_t>{0, 3}));  // frame order kept
  pxescope::ExpertReport report;
  report.items = items;
  const std::string text = pxescope::render_expert_text(report);
  EXPECT_EQ(text.rfind("error tftp (1)\n  frame 9: tftp: e\n", 0), 0u) << text;
}

TEST(ExpertInfo, CancelStopsTheWalk) {
  std::atomic<bool> cancel{true};
  const auto report = collect_expert_info(kUefi, &cancel);
  EXPECT_TRUE(report.cancelled);
  EXPECT_EQ(report.error, "cancelled");
  const auto missing = collect_expert_info("/nonexistent/x.pcap", nullptr);
  EXPECT_FALSE(missing.error.empty());
}

// `pxescope analyze --expert`: the same report, as text; a per-frame view option with it is
// a usage error.
TEST(ExpertInfo, AnalyzeExpertPrintsTheReport) {
  const auto r = pxescope::test::run_command(pxescope::test::pxescope_bin() +
                                             " analyze --expert '" + kUefi + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, pxescope::render_expert_text(collect_expert_info(kUefi, nullptr)));
  EXPECT_NE(r.out.find("warn file-arch-mismatch (1)\n  frame 12: dhcp.file: pxe-lint "),
            std::string::npos)
      << r.out;
  const auto both = pxescope::test::run_command(pxescope::test::pxescope_bin() +
                                                " analyze --expert -V '" + kUefi + "'");
  EXPECT_EQ(both.exit_code, 2) << both.out;
}
