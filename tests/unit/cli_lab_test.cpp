// `pxescope lab` and the lab harness (lab/pxescope-lab) where no VM is booted: argument handling,
// and the one line each prints when root/CAP_NET_ADMIN, QEMU or the harness is missing.
// The real boots are the realboot-labelled tests (tests/realboot/).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "unit/cli_test_support.hpp"

namespace {

using pxescope::test::pxescope_bin;
using pxescope::test::run_command;
using pxescope::test::split_lines;

const std::string kHarness = PXESCOPE_SOURCE_DIR "/lab/pxescope-lab";

bool have(const std::string& command) {
  return std::system(("command -v " + command + " >/dev/null 2>&1").c_str()) == 0;
}

// Runs `command` as user nobody with no capabilities when we are root; as we are otherwise.
std::string unprivileged(const std::string& command) {
  if (geteuid() != 0) return command;
  return "setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all " +
         command;
}

class LabCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = "/tmp/pxescope-lab-test-" + std::to_string(getpid()) + ".conf";
    std::ofstream(config_) << "dhcp-range=192.168.77.0,proxy\npxe-service=x86PC,\"PXE\",pxelinux\n";
    chmod(config_.c_str(), 0644);
  }
  void TearDown() override { unlink(config_.c_str()); }
  std::string lab(const std::string& arguments) const {
    return pxescope_bin() + " lab --config " + config_ + " " + arguments;
  }
  std::string config_;
};

TEST_F(LabCommand, NeedsConfigAndFirmware) {
  auto r = run_command(pxescope_bin() + " lab --firmware bios");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--config"), std::string::npos) << r.err;
  r = run_command(pxescope_bin() + " lab --config " + config_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--firmware"), std::string::npos) << r.err;
}

TEST_F(LabCommand, UnknownFirmwareNamesTheChoices) {
  const auto r = run_command(lab("--firmware bios,floppy"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("floppy"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("uefi-secureboot"), std::string::npos) << r.err;
}

TEST_F(LabCommand, BadTimeoutAndMissingConfigAreUsageErrors) {
  EXPECT_EQ(run_command(lab("--firmware bios --timeout soon")).exit_code, 2);
  EXPECT_EQ(run_command(lab("--firmware bios --timeout 0")).exit_code, 2);
  const auto r =
      run_command(pxescope_bin() + " lab --config /nonexistent/pxe.conf --firmware bios");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/pxe.conf"), std::string::npos) << r.err;
}

TEST_F(LabCommand, MissingHarnessIsOneLineWithTheFix) {
  const auto r = run_command("PXESCOPE_LAB=/nonexistent/pxescope-lab " + lab("--firmware bios"));
  EXPECT_EQ(r.exit_code, 1);
  ASSERT_EQ(split_lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("PXESCOPE_LAB=/nonexistent/pxescope-lab"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(LabCommand, WithoutPrivilegeSaysRootOrCapNetAdmin) {
  if (geteuid() == 0 && !have("setpriv")) GTEST_SKIP() << "setpriv (util-linux) is missing";
  const auto r = run_command(unprivileged(lab("--firmware bios")));
  EXPECT_EQ(r.exit_code, 1);
  ASSERT_EQ(split_lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("root or CAP_NET_ADMIN"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sudo"), std::string::npos) << r.err;
}

TEST_F(LabCommand, WithoutQemuNamesTheBinaryAndThePackage) {
  if (geteuid() != 0) GTEST_SKIP() << "the privilege check comes first: needs root";
  auto r = run_command("PATH=/nonexistent " + lab("--firmware bios,uefi"));
  EXPECT_EQ(r.exit_code, 1);
  ASSERT_EQ(split_lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("qemu-system-x86_64"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("apt-get install qemu-system-x86"), std::string::npos) << r.err;
  r = run_command("PATH=/nonexistent " + lab("--firmware arm64"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("qemu-system-aarch64"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("qemu-efi-aarch64"), std::string::npos) << r.err;
}

// The harness itself: usage errors exit 2, a missing privilege or QEMU is a SKIP line (exit 77).
TEST(LabHarness, UsageErrorsNameTheChoices) {
  auto r = run_command(kHarness + " --firmware floppy");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("uefi-secureboot"), std::string::npos) << r.err;
  r = run_command(kHarness + " --firmware bios --until never");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("never"), std::string::npos) << r.err;
  r = run_command(kHarness + " --firmware bios --timeout 1m");
  EXPECT_EQ(r.exit_code, 2);
  r = run_command(kHarness);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--firmware is required"), std::string::npos) << r.err;
}

TEST(LabHarness, WithoutRootSkipsWithTheReason) {
  if (geteuid() == 0 && !have("setpriv")) GTEST_SKIP() << "setpriv (util-linux) is missing";
  const auto r = run_command(unprivileged(kHarness + " --firmware bios"));
  EXPECT_EQ(r.exit_code, 77);
  EXPECT_EQ(r.out.rfind("lab: SKIP needs root", 0), 0u) << r.out;
}

TEST(LabHarness, WithoutQemuSkipsNamingThePackage) {
  if (geteuid() != 0) GTEST_SKIP() << "the root check comes first: needs root";
  // A PATH with everything the checks before QEMU use, and no QEMU.
  const std::string bin = "/tmp/pxescope-lab-path-" + std::to_string(getpid());
  mkdir(bin.c_str(), 0755);
  for (const char* tool : {"bash", "awk", "id", "ip", "sort", "tr", "dirname", "readlink", "sed",
                           "head", "grep", "cat", "tcpdump", "tshark", "setsid", "dnsmasq"}) {
    const auto where = run_command(std::string("command -v ") + tool);
    if (where.exit_code != 0) GTEST_SKIP() << tool << " is not installed";
    symlink(split_lines(where.out).at(0).c_str(), (bin + "/" + tool).c_str());
  }
  const auto r = run_command("PATH=" + bin + " " + kHarness + " --firmware uefi");
  run_command("rm -rf " + bin);
  EXPECT_EQ(r.exit_code, 77) << r.out << r.err;
  EXPECT_EQ(r.out.rfind("lab: SKIP missing qemu-system-x86_64", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("apt-get install qemu-system-x86"), std::string::npos) << r.out;
}

}  // namespace
