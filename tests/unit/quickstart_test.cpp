// scripts/quickstart.sh, the README's first command, must exit 0. Its analysis part ends in a
// pipe that keeps only the first packet's tree; on a capture whose tree output is longer than
// a pipe buffer, a reader that stops early kills pxescope with SIGPIPE (exit 141 under
// pipefail). The test runs that part on such a capture.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "unit/cli_test_support.hpp"

namespace {

using pxescope::test::read_file;
using pxescope::test::run_command;

// The real capture's records repeated `copies` times behind its one pcap header.
std::filesystem::path repeated_capture(int copies) {
  const std::string original =
      read_file(PXESCOPE_SOURCE_DIR "/captures/real/seabios-ipxe-proxydhcp.pcap");
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("pxescope-quickstart-" + std::to_string(getpid()) + ".pcap");
  std::ofstream out(path, std::ios::binary);
  out << original.substr(0, 24);
  for (int i = 0; i < copies; ++i) out << original.substr(24);
  return path;
}

TEST(Quickstart, AnalysisExitsZeroWhenTheTreeOutputOutgrowsAPipe) {
  const std::filesystem::path capture = repeated_capture(40);
  const auto r = run_command("PXESCOPE=" + pxescope::test::pxescope_bin() +
                             " " PXESCOPE_SOURCE_DIR "/scripts/quickstart.sh --analyze-only " +
                             capture.string());
  std::filesystem::remove(capture);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // The tree of exactly one packet: one "Frame " line after the header of that part.
  const std::string part = r.out.substr(r.out.find("(first packet) =="));
  std::size_t frames = 0;
  for (const std::string& line : pxescope::test::split_lines(part))
    frames += line.starts_with("Frame ");
  EXPECT_EQ(frames, 1u) << part;
  EXPECT_NE(part.find("Client System Architecture"), std::string::npos) << part;
}

}  // namespace
