// `respond --replay` says, for each request it does not answer, why; and --json changes
// the output (NDJSON replies) instead of being ignored.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "unit/cli_test_support.hpp"
#include "unit/responder_frames.hpp"
#include "unit/responder_test_support.hpp"

namespace pxescope::responder {
namespace {

using testing::discover_frame;

TEST(ReplayReasons, EachVerdictHasItsReason) {
  ResponderConfig cfg = testing::boot_file_config("pxelinux.0");
  Engine engine(cfg, testing::test_server());
  engine.set_check_destination(false);
  // The frames outlive handle_frame(): the engine's request views point into them, and
  // ignored_reason() reads the request afterwards (as replay does while the frame is alive).
  const auto not_pxe = discover_frame("");
  FrameOutcome outcome = engine.handle_frame(not_pxe, 0);
  ASSERT_EQ(outcome, FrameOutcome::Silent);
  EXPECT_EQ(ignored_reason(outcome, engine), "ignored: not PXE");

  const std::string pxe = "PXEClient:Arch:00000:UNDI:002001";
  const auto pxe_frame = discover_frame(pxe);
  outcome = engine.handle_frame(pxe_frame, 0);
  EXPECT_EQ(outcome, FrameOutcome::Reply) << "the same client with 60 = PXEClient is answered";

  cfg.only.push_back({0x02, 0, 0, 0, 0, 0x99});
  Engine only(cfg, testing::test_server());
  only.set_check_destination(false);
  outcome = only.handle_frame(pxe_frame, 0);
  ASSERT_EQ(outcome, FrameOutcome::Silent);
  EXPECT_EQ(ignored_reason(outcome, only), "ignored: --only");

  ResponderConfig bios_only;
  BootRule rule;
  rule.arches = {0};
  rule.file = "pxelinux.0";
  bios_only.boot_rules.push_back(rule);
  Engine arm(bios_only, testing::test_server());
  arm.set_check_destination(false);
  const auto arm_frame = discover_frame("PXEClient:Arch:00011:UNDI:003016");
  outcome = arm.handle_frame(arm_frame, 0);
  ASSERT_EQ(outcome, FrameOutcome::Silent);
  EXPECT_EQ(ignored_reason(outcome, arm), "ignored: no boot file for arch 11 (efi-arm64)");
}

std::string replay_cmd(const std::string& capture, const std::string& flags) {
  return test::pxescope_bin() + " respond --replay " + PXESCOPE_SOURCE_DIR + "/captures/" +
         capture + " " + flags;
}

TEST(ReplayReasons, TextModeExplainsEveryRequestAndJsonIsDifferent) {
  const std::string capture = "real/seabios-ipxe-proxydhcp.pcap";
  const auto text = test::run_command(replay_cmd(capture, "--boot-file pxelinux.0"));
  const auto json = test::run_command(replay_cmd(capture, "--boot-file pxelinux.0 --json"));
  ASSERT_EQ(text.exit_code, 0) << text.err;
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(text.out, json.out) << "--json must change the output";
  for (const std::string& line : test::split_lines(text.out)) {
    EXPECT_TRUE(line.starts_with("frame ")) << line;
  }
  EXPECT_NE(text.out.find("DISCOVER from 52:54:00:7b:3c:08 arch 0: OFFER"), std::string::npos)
      << text.out;
  for (const std::string& line : test::split_lines(json.out)) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_TRUE(j.contains("request_frame") && j.contains("reply")) << line;
  }

  // Nothing answered: every request says why, in both modes (JSON: on stderr).
  const std::string only = "--boot-file pxelinux.0 --only 02:00:00:00:00:99";
  const auto ignored = test::run_command(replay_cmd(capture, only));
  const auto ignored_json = test::run_command(replay_cmd(capture, only + " --json"));
  const auto lines = test::split_lines(ignored.out);
  ASSERT_FALSE(lines.empty());
  for (const std::string& line : lines) EXPECT_TRUE(line.ends_with("ignored: --only")) << line;
  EXPECT_TRUE(ignored_json.out.empty()) << "NDJSON stays one line per reply";
  EXPECT_NE(ignored_json.err.find("frame 1: DISCOVER from 52:54:00:7b:3c:08 arch 0: ignored: "
                                  "--only"),
            std::string::npos)
      << ignored_json.err;

  const auto malformed =
      test::run_command(replay_cmd("generated/bad-magic-cookie.pcap", "--boot-file x"));
  EXPECT_NE(malformed.out.find("frame 1: ignored: malformed (no DHCP magic cookie)"),
            std::string::npos)
      << malformed.out;
}

}  // namespace
}  // namespace pxescope::responder
