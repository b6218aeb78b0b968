// Where the lease file lives: a relative path is made absolute, only pxescope's own default
// directory is ever created (owned by the serving user), an existing directory keeps its
// owner and mode, a missing custom directory is an error and is not created. The
// /var/lib cases run under a tmpfs mounted over /var/lib in this process's private mount
// namespace (root; skip otherwise), so the machine's /var/lib is never touched.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "responder/lease_file.hpp"

namespace pxescope::responder {
namespace {

namespace fs = std::filesystem;

TEST(LeaseFile, RelativePathIsResolvedAgainstTheCurrentDirectory) {
  EXPECT_EQ(lease_file_path("leases", "eth0"), (fs::current_path() / "leases").string());
  EXPECT_EQ(lease_file_path("./sub/../leases", "eth0"), (fs::current_path() / "leases").string());
  EXPECT_EQ(lease_file_path("/srv/leases", "eth0"), "/srv/leases");
  EXPECT_EQ(lease_file_path("", "eth0"), "/var/lib/pxescope/leases.eth0");
}

// Opened as root in a directory the serving user may own: a planted symlink (leases.eth0 ->
// /etc/shadow) or a second hard link to another file is refused, and the target untouched.
TEST(LeaseFile, ASymlinkOrAHardLinkIsRefusedAndItsTargetUntouched) {
  const fs::path dir =
      fs::temp_directory_path() / ("pxescope-lease-link-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path target = dir / "precious";
  std::ofstream(target) << "root:secret\n";
  ServingIdentity who;
  std::string error;

  fs::create_symlink(target, dir / "leases.sym");
  EXPECT_LT(open_lease_file((dir / "leases.sym").string(), who, error), 0);
  EXPECT_NE(error.find("symbolic link"), std::string::npos) << error;

  fs::create_hard_link(target, dir / "leases.hard");
  EXPECT_LT(open_lease_file((dir / "leases.hard").string(), who, error), 0);
  EXPECT_NE(error.find("hard links"), std::string::npos) << error;

  std::ifstream in(target);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "root:secret\n");
  const int fd = open_lease_file((dir / "leases").string(), who, error);
  EXPECT_GE(fd, 0) << "a plain new lease file still opens: " << error;
  if (fd >= 0) ::close(fd);
  fs::remove_all(dir);
}

TEST(LeaseFile, MissingCustomDirectoryIsAnErrorAndIsNotCreated) {
  const fs::path dir =
      fs::temp_directory_path() / ("pxescope-lease-file-" + std::to_string(::getpid())) / "missing";
  ServingIdentity who;
  std::string error;
  EXPECT_LT(open_lease_file((dir / "leases").string(), who, error), 0);
  EXPECT_NE(error.find(dir.string()), std::string::npos) << error;
  EXPECT_NE(error.find("--lease-file"), std::string::npos) << "names the fix: " << error;
  EXPECT_FALSE(fs::exists(dir));
  fs::remove_all(dir.parent_path());
}

// A tmpfs over /var/lib, visible only to this process.
class PrivateVarLib : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "SKIP: needs root (a tmpfs over /var/lib)";
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("pxescope-test", "/var/lib", "tmpfs", 0, "size=64k,mode=0755") != 0)
      GTEST_SKIP() << "SKIP: cannot mount a private tmpfs over /var/lib: " << std::strerror(errno);
  }
  void TearDown() override { ::umount("/var/lib"); }
  static ServingIdentity nobody() {
    ServingIdentity who;
    who.switch_user = true;
    who.uid = 65534;
    who.gid = 65534;
    who.name = "nobody";
    return who;
  }
  // Opens `lease` for nobody; returns the stat of `directory` afterwards.
  static struct stat open_then_stat(const std::string& lease, const char* directory) {
    std::string error;
    const int fd = open_lease_file(lease, nobody(), error);
    EXPECT_GE(fd, 0) << error;
    if (fd >= 0) ::close(fd);
    struct stat st {};
    EXPECT_EQ(::stat(directory, &st), 0) << directory;
    return st;
  }
};

TEST_F(PrivateVarLib, DefaultDirectoryIsCreatedForTheServingUser) {
  const struct stat st = open_then_stat(lease_file_path("", "eth0"), kDefaultLeaseDirectory);
  EXPECT_EQ(st.st_uid, 65534u);
  EXPECT_EQ(st.st_gid, 65534u);
  EXPECT_EQ(st.st_mode & 07777, 0750u);
  EXPECT_TRUE(fs::is_regular_file("/var/lib/pxescope/leases.eth0"));
}

TEST_F(PrivateVarLib, ExistingDefaultDirectoryIsLeftAlone) {
  ASSERT_EQ(::mkdir(kDefaultLeaseDirectory, 0711), 0);
  const struct stat st = open_then_stat(lease_file_path("", "eth0"), kDefaultLeaseDirectory);
  EXPECT_EQ(st.st_uid, 0u) << "an existing directory is never chowned";
  EXPECT_EQ(st.st_mode & 07777, 0711u) << "nor chmodded";
}

TEST_F(PrivateVarLib, ACustomDirectoryIsNeverChowned) {
  ASSERT_EQ(::mkdir("/var/lib/misc", 0755), 0);
  const struct stat st = open_then_stat("/var/lib/misc/pxescope.leases", "/var/lib/misc");
  EXPECT_EQ(st.st_uid, 0u);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
  EXPECT_FALSE(fs::exists(kDefaultLeaseDirectory)) << "the default directory only when used";
}

}  // namespace
}  // namespace pxescope::responder
