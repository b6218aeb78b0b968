// `pxescope analyze -Y FILTER`: a bad filter (unknown field, syntax) is one line on stderr
// and exit 2; a good one prints only the frames it keeps, in every output mode, the same
// frames tshark -Y keeps.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "unit/cli_test_support.hpp"

using namespace pxescope::test;

namespace {

const std::string kBooted = PXESCOPE_SOURCE_DIR "/captures/stories/bios-booted.pcap";

std::string analyze(const std::string& options) {
  return pxescope_bin() + " analyze " + options + " " + kBooted;
}

// Frame numbers at the start of summary lines (every-frame or --dhcp), or of "Frame N:"
// lines with -V.
std::set<std::uint64_t> frames_of(const std::string& out) {
  std::set<std::uint64_t> frames;
  static const std::regex line_start(R"(^(?:Frame (\d+):| *(\d+) +\d+(?::\d\d:|\.\d+ )))");
  for (const std::string& line : split_lines(out)) {
    std::smatch m;
    if (std::regex_search(line, m, line_start))
      frames.insert(std::stoull(m[1].matched ? m[1].str() : m[2].str()));
  }
  return frames;
}

std::set<std::uint64_t> tshark_frames(const std::string& filter) {
  const CommandResult r =
      run_command("tshark -r " + kBooted + " -Y '" + filter + "' -T fields -e frame.number");
  std::set<std::uint64_t> frames;
  for (const std::string& line : split_lines(r.out)) frames.insert(std::stoull(line));
  return frames;
}

}  // namespace

TEST(CliFilter, UnknownFieldIsOneLineAndExit2) {
  const CommandResult r = run_command(analyze("-Y 'dhcp.option.foo == 1'"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "pxescope: -Y: column 1: dhcp.option.foo is not a known field\n");
}

TEST(CliFilter, SyntaxErrorIsOneLineAndExit2) {
  const CommandResult r = run_command(analyze("-Y 'udp.port == '"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "pxescope: -Y: column 13: expected a value after '=='\n");
}

TEST(CliFilter, PrintsOnlyTheKeptFramesInEveryMode) {
  const std::string filter = "dhcp.option.dhcp == 1 || frame.number in {21, 22}";
  const std::set<std::uint64_t> want = {1, 7, 21, 22};
  for (const char* mode : {"", "-V", "--json"}) {
    const CommandResult r = run_command(analyze(std::string(mode) + " -Y '" + filter + "'"));
    EXPECT_EQ(r.exit_code, 0) << mode << r.err;
    std::set<std::uint64_t> got;
    if (std::string(mode) == "--json") {
      for (const std::string& line : split_lines(r.out)) {
        const auto at = line.find("\"frame\":");
        if (at != std::string::npos) got.insert(std::stoull(line.substr(at + 8)));
      }
    } else {
      got = frames_of(r.out);
    }
    EXPECT_EQ(got, want) << mode;
  }
  // Without -Y the same capture prints more.
  EXPECT_GT(frames_of(run_command(analyze("")).out).size(), want.size());
}

TEST(CliFilter, TftpLinesFollowTheFilterAndTshark) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed (scripts/install-deps.sh)";
  // The RRQs: the summary prints their lines, and only theirs.
  const std::string filter = "tftp.opcode == 1";
  const std::set<std::uint64_t> want = tshark_frames(filter);
  ASSERT_FALSE(want.empty());
  const CommandResult r = run_command(analyze("-Y '" + filter + "'"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(frames_of(r.out), want);
  EXPECT_NE(r.out.find("Read Request"), std::string::npos) << r.out;
}
