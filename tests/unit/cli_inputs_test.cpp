// How analyze and diagnose take their input. A capture is read once: `-`, /dev/stdin and
// `<(...)` (pipes, not seekable) give exactly what the same file gives, a truncated file's
// partial last record too. Several files: every JSON object names its file, and the text
// output has a header line per file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "unit/cli_test_support.hpp"

using namespace pxescope::test;
namespace fs = std::filesystem;

namespace {

const std::string kStory = PXESCOPE_SOURCE_DIR "/captures/stories/bios-missing-file.pcap";
const std::string kReal = PXESCOPE_SOURCE_DIR "/captures/real/seabios-ipxe-proxydhcp.pcap";

// The same command on the file, then with the file coming through a pipe in each of the
// three spellings; every run must print the same and exit the same.
void expect_pipes_read_like_the_file(const std::string& command, const std::string& file) {
  const CommandResult direct = run_command(pxescope_bin() + " " + command + " " + file);
  ASSERT_EQ(direct.exit_code, 0) << direct.err;
  ASSERT_FALSE(direct.out.empty());
  const std::string bin = pxescope_bin();
  for (const std::string& piped : {"cat " + file + " | " + bin + " " + command + " -",
                                   "cat " + file + " | " + bin + " " + command + " /dev/stdin",
                                   "bash -c '" + bin + " " + command + " <(cat " + file + ")'"}) {
    const CommandResult r = run_command(piped);
    EXPECT_EQ(r.exit_code, direct.exit_code) << piped << ": " << r.err;
    EXPECT_EQ(r.out, direct.out) << piped;
  }
}

}  // namespace

TEST(CliInputs, DiagnoseReadsAPipeLikeTheFile) {
  expect_pipes_read_like_the_file("diagnose --json", kStory);
}

TEST(CliInputs, DiagnoseReadsAPcapngPipeLikeTheFile) {
  expect_pipes_read_like_the_file("diagnose --json",
                                  PXESCOPE_SOURCE_DIR "/captures/stories/bios-booted.pcap");
}

TEST(CliInputs, AnalyzeReadsAPipeLikeTheFile) {
  expect_pipes_read_like_the_file("analyze --json", kReal);
}

TEST(CliInputs, TruncatedPipeStillDecodesThePartialLastRecord) {
  const std::string full = read_file(kReal);
  const fs::path cut =
      fs::temp_directory_path() / ("pxescope-inputs-cut-" + std::to_string(getpid()) + ".pcap");
  {
    std::ofstream f(cut, std::ios::binary);
    f.write(full.data(), 24 + 16 + 442 - 100);  // header, most of the first DISCOVER
  }
  const CommandResult direct = run_command(pxescope_bin() + " analyze --json " + cut.string());
  const CommandResult piped =
      run_command("cat " + cut.string() + " | " + pxescope_bin() + " analyze --json -");
  fs::remove(cut);
  EXPECT_NE(direct.out.find("\"frame\":1,"), std::string::npos) << direct.out << direct.err;
  EXPECT_EQ(piped.out, direct.out) << piped.err;
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
}

TEST(CliInputs, AnEmptyPipeIsOneLineNamingTheInput) {
  const CommandResult r = run_command(pxescope_bin() + " analyze - </dev/null");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(split_lines(r.err).size(), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("pxescope: cannot read -: ", 0), 0u) << r.err;
}

// An empty file gets pxescope's words (the same line the GUI shows), not libpcap's.
TEST(CliInputs, AnEmptyFileIsNamedInPxescopesOwnWords) {
  const fs::path empty =
      fs::temp_directory_path() / ("pxescope-inputs-empty-" + std::to_string(getpid()) + ".pcap");
  std::ofstream(empty).close();
  for (const std::string command : {"analyze", "diagnose"}) {
    const CommandResult r = run_command(pxescope_bin() + " " + command + " " + empty.string());
    EXPECT_EQ(r.exit_code, 1) << command;
    EXPECT_EQ(r.err, "pxescope: cannot read " + empty.string() +
                         ": it is empty (0 bytes), not a capture — was the capture stopped "
                         "before it wrote anything, or the copy cut short?\n")
        << command;
  }
  fs::remove(empty);
}

namespace {

// Runs `command` on two files; every JSON line must carry the file it came from, and both
// files must appear.
void expect_every_object_names_its_file(const std::string& command) {
  const CommandResult r = run_command(pxescope_bin() + " " + command + " " + kStory + " " + kReal);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> files;
  for (const std::string& line : split_lines(r.out)) {
    const auto object = nlohmann::json::parse(line);
    ASSERT_TRUE(object.contains("file")) << line.substr(0, 200);
    files.insert(object["file"].get<std::string>());
  }
  EXPECT_EQ(files, (std::set<std::string>{kStory, kReal})) << r.out.substr(0, 400);
}

}  // namespace

TEST(CliSeveralFiles, AnalyzeJsonNamesTheFileInEveryObject) {
  expect_every_object_names_its_file("analyze --json");
}

TEST(CliSeveralFiles, DiagnoseJsonNamesTheFileInEveryObject) {
  expect_every_object_names_its_file("diagnose --json");
}

TEST(CliSeveralFiles, OneFileKeepsTheJsonObjectsAsTheyWere) {
  for (const std::string command : {"analyze --json ", "diagnose --json "}) {
    const CommandResult r = run_command(pxescope_bin() + " " + command + kStory);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_FALSE(r.out.empty());
    for (const std::string& line : split_lines(r.out))
      EXPECT_FALSE(nlohmann::json::parse(line).contains("file")) << command;
  }
}

TEST(CliSeveralFiles, TextOutputHasAHeaderPerFile) {
  for (const std::string command : {"analyze ", "analyze -V ", "diagnose "}) {
    const CommandResult r = run_command(pxescope_bin() + " " + command + kStory + " " + kReal);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto first = r.out.find("==> " + kStory + " <==\n");
    const auto second = r.out.find("==> " + kReal + " <==\n");
    EXPECT_EQ(first, 0u) << command << r.out.substr(0, 200);
    EXPECT_NE(second, std::string::npos) << command;
    EXPECT_GT(second, first) << command;
  }
}
