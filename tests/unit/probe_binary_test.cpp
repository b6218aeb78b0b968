// `pxescope probe` runs pxescope-probe, the one executable that loads libtins: pxescope itself
// (and so `pxescope respond`, with its resident-size target) must never NEED libtins. Read
// with readelf -d, as a packager would; pxescope-probe NEEDing it proves the check can see
// a DT_NEEDED libtins. And without pxescope-probe, `pxescope probe` says so in one line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

#include "tests/unit/cli_test_support.hpp"

namespace {

const std::string kBin = PXESCOPE_BIN_DIR;

// Output and error together, as a user sees them; `status` gets the exit code.
std::string run(const std::string& cmd, int* status = nullptr) {
  const pxescope::test::CommandResult r = pxescope::test::run_command(cmd);
  if (status) *status = r.exit_code;
  return r.out + r.err;
}

std::string needed(const std::string& binary) {
  int rc = -1;
  const std::string out = run("readelf -d '" + binary + "'", &rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("(NEEDED)"), std::string::npos) << "readelf listed no NEEDED entry\n" << out;
  return out;
}

class ProbeBinary : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run("command -v readelf").empty()) GTEST_SKIP() << "needs readelf (binutils)";
    for (const char* name : {"/pxescope", "/pxescope-probe"})
      if (!std::filesystem::exists(kBin + name)) GTEST_SKIP() << kBin << name << " not built";
  }
};

TEST_F(ProbeBinary, PxescopeDoesNotNeedLibtins) {
  const std::string out = needed(kBin + "/pxescope");
  EXPECT_EQ(out.find("libtins"), std::string::npos) << out;
}

TEST_F(ProbeBinary, PxescopeProbeIsWhereLibtinsLives) {
  EXPECT_NE(needed(kBin + "/pxescope-probe").find("[libtins"), std::string::npos);
}

TEST_F(ProbeBinary, HelpNamesTheProbeOptions) {
  int rc = -1;
  const std::string out = run(kBin + "/pxescope probe --help", &rc);
  EXPECT_EQ(rc, 0) << out;
  for (const char* option :
       {"--iface", "--arch", "--ipv6", "--ipv4", "--quirk", "--no-tftp", "--yes", "pxescope-probe"})
    EXPECT_NE(out.find(option), std::string::npos) << option << "\n" << out;
}

TEST_F(ProbeBinary, MissingProbeProgramIsOneClearLine) {
  // pxescope alone in a directory, and a PATH without pxescope-probe.
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("pxprobe-bin-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(kBin + "/pxescope", dir / "pxescope",
                             std::filesystem::copy_options::overwrite_existing);
  int rc = -1;
  const std::string out =
      run("PATH=/nonexistent " + (dir / "pxescope").string() + " probe -i lo", &rc);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("probe needs the pxescope-probe program"), std::string::npos) << out;
  EXPECT_NE(out.find("--target pxescope-probe"), std::string::npos) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
}

TEST_F(ProbeBinary, BadOptionsAreRefusedBeforeTheProbeRuns) {
  int rc = -1;
  std::string out = run(kBin + "/pxescope probe -i lo --quirk amiga", &rc);
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find("unknown --quirk amiga (use no-arch or split-60)"), std::string::npos) << out;
  out = run(kBin + "/pxescope probe -i lo --arch amiga", &rc);
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find("unknown --arch amiga"), std::string::npos) << out;
}

}  // namespace
