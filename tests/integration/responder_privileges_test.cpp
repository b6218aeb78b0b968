// What `pxescope respond` keeps once it serves: read from /proc/PID/status of a responder
// started in a throw-away network namespace (a veth pair inside it; nothing is sent). As root
// with --user, as root without it, and as a plain user running a copy of the binary with
// file capabilities (setcap). Also: the lease file's directory and the current directory
// keep their owner and mode, a relative lease file is printed absolute, and a boot file the
// serving user cannot read is reported. Needs root, ip, setcap and setpriv; skips otherwise.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include "integration/proc_status.hpp"
#include "integration/tftp_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using tftp_test::run;

const std::string kNs = "pxpv" + std::to_string(::getpid());
const fs::path kWork = fs::temp_directory_path() / ("pxescope-priv-" + std::to_string(::getpid()));

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// One responder: `prefix` runs before the binary (e.g. setpriv), in `cwd`.
class Responder {
 public:
  bool start(const std::string& prefix, const std::string& binary, const std::string& args,
             const fs::path& cwd) {
    log_ = kWork / "respond.log";
    ::close(::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644));
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(log_.c_str(), O_WRONLY | O_APPEND);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      if (::chdir(cwd.c_str()) != 0) ::_exit(126);
      const std::string cmd =
          "exec ip netns exec " + kNs + " " + prefix + " " + binary + " respond " + args;
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), nullptr);
      ::_exit(127);
    }
    for (int i = 0; i < 300; ++i) {  // bounded: 15 s
      // The start line ("start interface=...") is logged once privileges are dropped.
      if (log().find("interface=") != std::string::npos) return true;
      if (::waitpid(pid_, &status_, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  // Waits (bounded) for a process that is expected to refuse to start; its exit code.
  int exit_code() {
    for (int i = 0; i < 200 && pid_ > 0; ++i) {
      if (::waitpid(pid_, &status_, WNOHANG) == pid_) pid_ = -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return pid_ > 0 ? -1 : (WIFEXITED(status_) ? WEXITSTATUS(status_) : -1);
  }
  ~Responder() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100 && ::waitpid(pid_, nullptr, WNOHANG) != pid_; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }
  std::string log() const { return read_text(log_); }

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  fs::path log_;
};

class ResponderPrivileges : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::geteuid() != 0) {
      skip_ = "SKIP: needs root (network namespace, setcap)";
      return;
    }
    for (const char* tool : {"ip", "setcap", "setpriv"})
      if (!tftp_test::have_program(tool)) skip_ = std::string("SKIP: needs ") + tool;
    if (!skip_.empty()) return;
    run("ip netns del " + kNs, 10);
    if (run("ip netns add " + kNs, 10).exit_code != 0 ||
        run("ip -n " + kNs + " link add dmy0 type veth peer name dmy1", 10).exit_code != 0 ||
        run("ip -n " + kNs + " link set dmy1 up", 10).exit_code != 0 ||
        run("ip -n " + kNs + " addr add 10.79.0.1/24 dev dmy0", 10).exit_code != 0 ||
        run("ip -n " + kNs + " link set dmy0 up", 10).exit_code != 0)
      skip_ = "SKIP: cannot create a network namespace with a veth pair";
  }
  static void TearDownTestSuite() {
    run("ip netns del " + kNs, 10);
    fs::remove_all(kWork);
  }
  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
    fs::remove_all(kWork);
    fs::create_directories(kWork / "tftp");
    fs::permissions(kWork, fs::perms(0755));
    std::ofstream(kWork / "tftp" / "pxelinux.0") << "boot";
  }
  // A copy of pxescope with file capabilities, executable by nobody.
  static std::string setcap_copy(const std::string& caps) {
    const fs::path copy = kWork / "pxescope-setcap";
    fs::copy_file(PXESCOPE_BIN_DIR "/pxescope", copy, fs::copy_options::overwrite_existing);
    fs::permissions(copy, fs::perms(0755));
    if (run("setcap " + caps + "+ep " + copy.string(), 10).exit_code != 0) return {};
    return copy.string();
  }
  // Nothing effective; permitted at most CAP_NET_RAW + CAP_NET_BIND_SERVICE (0x2400), kept
  // only to reopen the sockets when the interface is re-created.
  static void expect_no_capabilities(const std::map<std::string, std::string>& status) {
    for (const char* set : {"CapInh", "CapEff", "CapAmb"})
      EXPECT_EQ(status.at(set), "0000000000000000") << set;
    EXPECT_EQ(std::stoull(status.at("CapPrm"), nullptr, 16) & ~0x2400ull, 0u)
        << "CapPrm " << status.at("CapPrm");
    EXPECT_EQ(status.at("NoNewPrivs"), "1") << "no execve can regain a capability";
  }
  static inline std::string skip_;
};

constexpr const char* kProxyArgs = "--iface dmy0 --boot-file pxelinux.0 --no-tftp";

TEST_F(ResponderPrivileges, RootWithUserKeepsOnlyRebindCapsAndTouchesNoDirectory) {
  struct stat before {};
  ASSERT_EQ(::stat(kWork.c_str(), &before), 0);
  Responder r;
  ASSERT_TRUE(r.start("", PXESCOPE_BIN_DIR "/pxescope",
                      "--iface dmy0 --boot-file pxelinux.0 --no-tftp --user nobody "
                      "--dhcp-range 10.79.0.100,10.79.0.110 --lease-file leases.rel",
                      kWork))
      << r.log();
  const auto status = proc_status(r.pid());
  EXPECT_EQ(status.at("Uid").substr(0, 5), "65534") << status.at("Uid");
  expect_no_capabilities(status);
  EXPECT_EQ(status.at("CapBnd"), "0000000000002400")
      << "root empties the bounding set but for the two rebind capabilities";
  EXPECT_NE(r.log().find("lease_file=" + (kWork / "leases.rel").string()), std::string::npos)
      << "a relative lease file is printed absolute: " << r.log();
  EXPECT_EQ(r.log().find("running as root"), std::string::npos) << r.log();
  struct stat after {};
  ASSERT_EQ(::stat(kWork.c_str(), &after), 0);
  EXPECT_EQ(after.st_uid, before.st_uid) << "the current directory was chowned";
  EXPECT_EQ(after.st_gid, before.st_gid);
  EXPECT_EQ(after.st_mode, before.st_mode);
  EXPECT_TRUE(fs::exists(kWork / "leases.rel")) << "opened before the drop";
}

TEST_F(ResponderPrivileges, RootWithoutUserWarnsOnceAndStillDropsCapabilities) {
  Responder r;
  ASSERT_TRUE(r.start("", PXESCOPE_BIN_DIR "/pxescope", kProxyArgs, kWork)) << r.log();
  const auto status = proc_status(r.pid());
  EXPECT_EQ(status.at("Uid").substr(0, 1), "0");
  expect_no_capabilities(status);
  const std::string log = r.log();
  const std::size_t first = log.find("running as root");
  ASSERT_NE(first, std::string::npos) << log;
  EXPECT_EQ(log.find("running as root", first + 1), std::string::npos) << "once";
  EXPECT_NE(log.find("--user"), std::string::npos) << "and it says what to do";
}

TEST_F(ResponderPrivileges, FileCapabilitiesAreDroppedWithoutUser) {
  const std::string binary = setcap_copy("cap_net_raw,cap_net_bind_service");
  if (binary.empty()) GTEST_SKIP() << "SKIP: setcap failed (file system without xattrs?)";
  Responder r;
  ASSERT_TRUE(
      r.start("setpriv --reuid nobody --regid nogroup --clear-groups", binary, kProxyArgs, kWork))
      << r.log();
  const auto status = proc_status(r.pid());
  EXPECT_EQ(status.at("Uid").substr(0, 5), "65534");
  expect_no_capabilities(status);
}

TEST_F(ResponderPrivileges, FileCapabilitiesSwitchUserOnlyWithSetuidCapabilities) {
  const std::string without = setcap_copy("cap_net_raw,cap_net_bind_service");
  if (without.empty()) GTEST_SKIP() << "SKIP: setcap failed (file system without xattrs?)";
  const std::string as_nobody = "setpriv --reuid nobody --regid nogroup --clear-groups";
  {
    Responder r;
    EXPECT_FALSE(r.start(as_nobody, without, std::string(kProxyArgs) + " --user daemon", kWork));
    EXPECT_EQ(r.exit_code(), 1);
    EXPECT_NE(r.log().find("cap_setuid,cap_setgid"), std::string::npos)
        << "refused with the fix named: " << r.log();
  }
  const std::string with = setcap_copy("cap_net_raw,cap_net_bind_service,cap_setuid,cap_setgid");
  ASSERT_FALSE(with.empty());
  Responder r;
  ASSERT_TRUE(r.start(as_nobody, with, std::string(kProxyArgs) + " --user daemon", kWork))
      << r.log();
  const auto status = proc_status(r.pid());
  EXPECT_EQ(status.at("Uid").substr(0, 2), "1\t") << status.at("Uid");
  EXPECT_EQ(status.at("Gid").substr(0, 2), "1\t") << status.at("Gid");
  expect_no_capabilities(status);
}

TEST_F(ResponderPrivileges, BootFileTheServingUserCannotReadIsReported) {
  fs::permissions(kWork / "tftp" / "pxelinux.0", fs::perms(0600));
  Responder r;
  ASSERT_TRUE(r.start(
      "", PXESCOPE_BIN_DIR "/pxescope",
      "--iface dmy0 --boot-file pxelinux.0 --user nobody --tftp-root " + (kWork / "tftp").string(),
      kWork))
      << r.log();
  EXPECT_NE(r.log().find("cannot be read by user nobody"), std::string::npos) << r.log();
  EXPECT_NE(r.log().find("pxelinux.0"), std::string::npos);
}

// As root without --user, the TFTP server serves only world-readable files (as dnsmasq):
// the start-up check applies the same rule, so a 0600 boot file is reported there, not first
// by every client's "access violation".
TEST_F(ResponderPrivileges, BootFileRootWouldNotServeIsReported) {
  fs::permissions(kWork / "tftp" / "pxelinux.0", fs::perms(0600));
  Responder r;
  ASSERT_TRUE(r.start(
      "", PXESCOPE_BIN_DIR "/pxescope",
      "--iface dmy0 --boot-file pxelinux.0 --tftp-root " + (kWork / "tftp").string(), kWork))
      << r.log();
  EXPECT_NE(r.log().find("not world-readable"), std::string::npos) << r.log();
  fs::permissions(kWork / "tftp" / "pxelinux.0", fs::perms(0644));
}

TEST_F(ResponderPrivileges, ReadableBootFileIsNotReported) {
  Responder r;
  ASSERT_TRUE(r.start(
      "", PXESCOPE_BIN_DIR "/pxescope",
      "--iface dmy0 --boot-file pxelinux.0 --user nobody --tftp-root " + (kWork / "tftp").string(),
      kWork))
      << r.log();
  EXPECT_EQ(r.log().find("cannot be read"), std::string::npos) << r.log();
}

TEST_F(ResponderPrivileges, CorruptLeaseLinesAreReportedAtStartUp) {
  std::ofstream(kWork / "leases") << "10.79.0.100 02:00:00:00:00:01 4000000000\n"
                                  << "10.79.0.101 not-a-mac 4000000000\n";
  Responder r;
  ASSERT_TRUE(r.start("", PXESCOPE_BIN_DIR "/pxescope",
                      std::string(kProxyArgs) + " --user nobody --dhcp-range " +
                          "10.79.0.100,10.79.0.110 --lease-file " + (kWork / "leases").string(),
                      kWork))
      << r.log();
  EXPECT_NE(r.log().find((kWork / "leases").string() + ":2:"), std::string::npos) << r.log();
  EXPECT_EQ(r.log().find(":1:"), std::string::npos) << "the good line is not reported";
}

}  // namespace
