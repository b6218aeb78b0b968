// Which names the TFTP server may serve (resolve_request_path) and the safe open beneath the
// root (open_beneath) against a real temporary directory with escaping symlinks.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <filesystem>
#include <fstream>
#include <string>

#include "responder/tftp/tftp_path.hpp"

using namespace pxescope::tftp;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kRoot = "/srv/tftp";

std::string allowed(std::string_view name) {
  const auto decision = resolve_request_path(name, kRoot);
  EXPECT_TRUE(decision.allowed) << name << ": " << decision.reason;
  return decision.relative;
}

bool refused(std::string_view name) {
  return !resolve_request_path(name, kRoot).allowed;
}

}  // namespace

TEST(TftpPath, PlainAndNestedNames) {
  EXPECT_EQ(allowed("pxelinux.0"), "pxelinux.0");
  EXPECT_EQ(allowed("pxe/pxelinux.cfg/default"), "pxe/pxelinux.cfg/default");
  EXPECT_EQ(allowed("./pxe//./x"), "pxe/x");
}

TEST(TftpPath, BackslashesBecomeSlashes) {
  EXPECT_EQ(allowed("boot\\x64\\wdsnbp.com"), "boot/x64/wdsnbp.com");
  EXPECT_EQ(allowed("\\boot\\bcd"), "boot/bcd");
}

TEST(TftpPath, LeadingSlashAndRootPrefixStayInsideTheRoot) {
  EXPECT_EQ(allowed("/pxelinux.0"), "pxelinux.0");
  EXPECT_EQ(allowed("/srv/tftp/pxelinux.0"), "pxelinux.0");
  // An absolute name elsewhere is looked up INSIDE the root, never outside it.
  EXPECT_EQ(allowed("/etc/passwd"), "etc/passwd");
  // A sibling directory that merely shares the prefix is not the root.
  EXPECT_EQ(allowed("/srv/tftpother/x"), "srv/tftpother/x");
}

TEST(TftpPath, DotDotIsRefusedAnywhere) {
  EXPECT_TRUE(refused(".."));
  EXPECT_TRUE(refused("../etc/passwd"));
  EXPECT_TRUE(refused("pxe/../../etc/passwd"));
  EXPECT_TRUE(refused("pxe/.."));
  EXPECT_TRUE(refused("..\\..\\windows\\win.ini"));
  EXPECT_TRUE(refused("/srv/tftp/../secret"));
  EXPECT_NE(resolve_request_path("../x", kRoot).reason.find(".."), std::string::npos);
  // Names that only contain dots are ordinary files.
  EXPECT_EQ(allowed("..hidden"), "..hidden");
  EXPECT_EQ(allowed("a...b"), "a...b");
}

TEST(TftpPath, ControlBytesAndEmptyNamesAreRefused) {
  EXPECT_TRUE(refused(""));
  EXPECT_TRUE(refused(std::string("pxe\0lin", 7)));
  EXPECT_TRUE(refused("pxe\nlinux"));
  EXPECT_TRUE(refused("pxe\x7f"));
  EXPECT_TRUE(refused("/"));
  EXPECT_TRUE(refused("/srv/tftp"));
  EXPECT_TRUE(refused("./"));
}

class TftpOpenBeneath : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("tftp_path_test." + std::to_string(getpid()));
    fs::remove_all(base_);
    root_ = base_ / "root";
    fs::create_directories(root_ / "pxe");
    std::ofstream(root_ / "pxe" / "pxelinux.0") << "BOOT";
    std::ofstream(base_ / "secret") << "SECRET";
    fs::create_symlink("pxe/pxelinux.0", root_ / "inside-link");
    fs::create_symlink(base_ / "secret", root_ / "absolute-out");
    fs::create_symlink("../secret", root_ / "relative-out");
    fs::create_symlink("/", root_ / "slash");
    root_fd_ = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY);
    ASSERT_GE(root_fd_, 0);
  }
  void TearDown() override {
    if (root_fd_ >= 0) close(root_fd_);
    fs::remove_all(base_);
  }
  OpenedFile open(const std::string& relative) {
    auto opened = open_beneath(root_fd_, root_.string(), relative);
    if (opened.fd >= 0) {
      char buffer[16] = {};
      content_ =
          std::string(buffer, static_cast<size_t>(pread(opened.fd, buffer, sizeof buffer, 0)));
      close(opened.fd);
    }
    return opened;
  }
  fs::path base_, root_;
  int root_fd_ = -1;
  std::string content_;
};

TEST_F(TftpOpenBeneath, OpensRegularFilesAndInsideSymlinks) {
  auto opened = open("pxe/pxelinux.0");
  EXPECT_GE(opened.fd, 0) << opened.reason;
  EXPECT_EQ(opened.size, 4u);
  EXPECT_EQ(content_, "BOOT");
  opened = open("inside-link");
  EXPECT_GE(opened.fd, 0) << opened.reason;
  EXPECT_EQ(content_, "BOOT");
}

TEST_F(TftpOpenBeneath, RefusesSymlinksLeadingOut) {
  for (const char* name : {"absolute-out", "relative-out", "slash/etc/passwd"}) {
    const auto opened = open(name);
    EXPECT_LT(opened.fd, 0) << name << " opened: " << content_;
    EXPECT_EQ(opened.error_errno, EXDEV) << name << ": " << opened.reason;
  }
}

TEST_F(TftpOpenBeneath, MissingFilesAndDirectories) {
  auto opened = open("nothing-here");
  EXPECT_LT(opened.fd, 0);
  EXPECT_EQ(opened.error_errno, ENOENT);
  opened = open("pxe");
  EXPECT_LT(opened.fd, 0);
  EXPECT_EQ(opened.reason, "not a regular file");
}

// A FIFO in the root (or a symlink to one) must be refused at once: a blocking open would wait
// for a writer forever and freeze the daemon. The open runs in a child so a regression fails the
// test (child killed after 5 s) instead of hanging it.
TEST_F(TftpOpenBeneath, FifosAreRefusedWithoutBlocking) {
  ASSERT_EQ(mkfifo((root_ / "fifo").c_str(), 0644), 0);
  fs::create_symlink("fifo", root_ / "fifo-link");
  for (const Confinement confinement : {Confinement::kAuto, Confinement::kRealpathCheck}) {
    for (const char* name : {"fifo", "fifo-link"}) {
      const pid_t child = fork();
      ASSERT_GE(child, 0);
      if (child == 0) {
        const auto opened = open_beneath(root_fd_, root_.string(), name, confinement);
        _exit(opened.fd < 0 && opened.reason == "not a regular file" ? 0 : 1);
      }
      int status = -1;
      bool exited = false;
      for (int waited_ms = 0; waited_ms < 5000 && !exited; waited_ms += 10) {
        exited = waitpid(child, &status, WNOHANG) == child;
        if (!exited) usleep(10000);
      }
      if (!exited) {
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
      }
      EXPECT_TRUE(exited) << name << ": open_beneath blocked on a FIFO";
      EXPECT_TRUE(exited && WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << name << " was not refused as 'not a regular file'";
    }
  }
}

TEST_F(TftpOpenBeneath, RealpathFallbackKeepsTheConfinement) {
  auto opened = open_beneath(root_fd_, root_.string(), "inside-link", Confinement::kRealpathCheck);
  EXPECT_GE(opened.fd, 0) << opened.reason;
  if (opened.fd >= 0) close(opened.fd);
  opened = open_beneath(root_fd_, root_.string(), "absolute-out", Confinement::kRealpathCheck);
  EXPECT_LT(opened.fd, 0);
  EXPECT_EQ(opened.error_errno, EXDEV) << opened.reason;
}
