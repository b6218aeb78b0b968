// `pxescope respond` as systemd runs it, without systemd (this machine's PID 1 may be anything):
//  * the units' privileges: a plain user (nobody) holding only CAP_NET_RAW and
//    CAP_NET_BIND_SERVICE as ambient capabilities (AmbientCapabilities= + CapabilityBoundingSet=,
//    played by setpriv) opens its sockets and answers a probe, without trying to change user;
//  * Type=notify: a unix datagram socket plays the manager (NOTIFY_SOCKET, WATCHDOG_USEC):
//    READY=1 with STATUS=, WATCHDOG=1 pings, RELOADING=1/READY=1 around SIGHUP, STOPPING=1;
//  * journald: in a private mount namespace a temporary directory hides /run/systemd, so the
//    responder's sd_journal_send lands on the test's socket; stdout is the "journal stream"
//    (JOURNAL_STREAM), so each line goes to the journal, with its fields, and not to stdout.
// Network namespaces and veths of its own (names with the pid). Needs root, ip, setpriv,
// unshare, mount; SKIP otherwise.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "integration/proc_status.hpp"
#include "integration/tftp_test_support.hpp"
#include "unix_datagram_listener.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using tftp_test::run;

const std::string kId = std::to_string(::getpid() % 100000);
const std::string kSrv = "pxys" + kId;  // server namespace and its veth end
const std::string kCli = "pxyc" + kId;  // client namespace and its veth end
const fs::path kWork = fs::temp_directory_path() / ("pxescope-systemd-" + kId);
const std::string kBinary = PXESCOPE_BIN_DIR "/pxescope";
constexpr const char* kProbeMac = "02:00:00:00:00:51";
// What the units give the service: a user, two ambient capabilities, a bounding set of those.
const std::string kAsTheUnit =
    "setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps -all,+net_raw,+net_bind_service "
    "--ambient-caps -all,+net_raw,+net_bind_service --bounding-set -all,+net_raw,+net_bind_service";

// One responder: `command` through sh, stdout and stderr to `log`, with `env` added.
class Service {
 public:
  Service(const std::string& command, const std::map<std::string, std::string>& env,
          const fs::path& log) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      for (const auto& [key, value] : env) ::setenv(key.c_str(), value.c_str(), 1);
      ::execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), nullptr);
      ::_exit(127);
    }
  }
  ~Service() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }
  void signal(int sig) const { ::kill(pid_, sig); }
  // The exit code after SIGTERM (bounded: 10 s), -1 when it did not exit by itself.
  int stop() {
    ::kill(pid_, SIGTERM);
    return wait_exit();
  }
  // The exit code once it exits (bounded: 10 s), -1 when it did not.
  int wait_exit() {
    int status = 0;
    for (int i = 0; i < 200; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(50ms);
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
};

class SystemdService : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    skip_ = tftp_test::missing_root_or_tools({"ip", "setpriv", "unshare", "mount"});
    if (skip_.empty() && !fs::exists(kBinary)) skip_ = "pxescope not built at " + kBinary;
    if (skip_.empty() && !fs::exists(PXESCOPE_BIN_DIR "/pxescope-probe"))
      skip_ = "pxescope-probe not built in " PXESCOPE_BIN_DIR;
    if (!skip_.empty()) return;
    run("ip netns del " + kSrv + "; ip netns del " + kCli, 10);
    const auto rc =
        run("sh -c 'ip netns add " + kSrv + " && ip netns add " + kCli + " && ip link add " + kSrv +
                " type veth peer name " + kCli + " && ip link set " + kSrv + " netns " + kSrv +
                " && ip link set " + kCli + " netns " + kCli + " && ip -n " + kSrv + " addr add " +
                "10.232.0.1/24 dev " + kSrv + " && ip -n " + kSrv + " link set " + kSrv +
                " up && ip -n " + kCli + " link set " + kCli + " up'",
            20);
    if (rc.exit_code != 0) skip_ = "cannot create the network namespaces: " + rc.output;
  }
  static void TearDownTestSuite() {
    if (fs::exists("/run/netns/" + kSrv) || fs::exists("/run/netns/" + kCli))
      run("sh -c 'ip netns del " + kSrv + "; ip netns del " + kCli + "'", 10);
  }
  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << "SKIP: " << skip_;
    fs::remove_all(kWork);
    fs::create_directories(kWork / "tftp");
    fs::permissions(kWork, fs::perms(0755));
    std::ofstream(kWork / "tftp" / "syslinux.efi") << std::string(3000, 'x');
    std::ofstream(kWork / "tftp" / "pxelinux.0") << "boot";
  }
  void TearDown() override { fs::remove_all(kWork); }

  static std::string respond_args() {
    return " respond -i " + kSrv + " --dhcp-check 0 --tftp-root " + (kWork / "tftp").string() +
           " --arch-boot-file efi-x64=syslinux.efi --boot-file pxelinux.0";
  }
  // One UEFI probe from the client namespace (bounded); its output.
  static std::string probe() {
    return run("ip netns exec " + kCli + " " + kBinary + " probe -i " + kCli +
                   " --arch efi-x64 --mac " + kProbeMac,
               60)
        .output;
  }
  static std::string log_text() { return tftp_test::read_file((kWork / "respond.log").string()); }

  static inline std::string skip_;
};

TEST_F(SystemdService, WithOnlyTheUnitsCapabilitiesItServesAndTellsTheManager) {
  UnixDatagramListener manager(kWork / "notify", 0666);  // nobody must be able to send
  ASSERT_TRUE(manager.bound());
  Service service("ip netns exec " + kSrv + " " + kAsTheUnit + " " + kBinary + respond_args(),
                  {{"NOTIFY_SOCKET", manager.path().string()}, {"WATCHDOG_USEC", "400000"}},
                  kWork / "respond.log");
  const std::string ready = manager.wait_for("READY=1", 15s);
  ASSERT_FALSE(ready.empty()) << "no READY=1; log:\n" << log_text();
  EXPECT_NE(ready.find("STATUS=serving " + kSrv + " 10.232.0.1 (proxy): 0 replies"),
            std::string::npos)
      << ready;

  const auto status = proc_status(service.pid());
  EXPECT_EQ(status.at("Uid").substr(0, 6), "65534\t") << status.at("Uid");
  EXPECT_EQ(status.at("CapEff"), "0000000000000000") << "nothing effective while serving";
  EXPECT_EQ(std::stoull(status.at("CapPrm"), nullptr, 16) & ~0x2400ull, 0u);
  EXPECT_EQ(log_text().find("running as root"), std::string::npos) << log_text();
  EXPECT_EQ(log_text().find("switch"), std::string::npos) << "no user change tried";

  const std::string answer = probe();
  EXPECT_NE(answer.find("10.232.0.1      proxy offer"), std::string::npos) << answer;

  // WATCHDOG_USEC=400 ms: the loop pings every 200 ms while idle, so a few arrive.
  EXPECT_FALSE(manager.wait_for("WATCHDOG=1", 10s).empty());
  EXPECT_FALSE(manager.wait_for("WATCHDOG=1", 10s).empty()) << "pinged again, not only once";

  service.signal(SIGHUP);
  const std::string reloading = manager.wait_for("RELOADING=1", 10s);
  EXPECT_NE(reloading.find("MONOTONIC_USEC="), std::string::npos) << reloading;
  const std::string ready_again = manager.wait_for("READY=1", 10s);
  EXPECT_NE(ready_again.find("(proxy): 1 replies"), std::string::npos)
      << "STATUS counts the answered DISCOVER: " << ready_again;

  // The interface loses its address: STATUS says it does not answer (refreshed within 5 s).
  run("ip -n " + kSrv + " addr del 10.232.0.1/24 dev " + kSrv, 10);
  EXPECT_FALSE(manager.wait_for("STATUS=NOT answering: " + kSrv + " is gone", 15s).empty());
  run("ip -n " + kSrv + " addr add 10.232.0.1/24 dev " + kSrv, 10);
  EXPECT_FALSE(manager.wait_for("STATUS=serving " + kSrv, 15s).empty()) << "and back";

  EXPECT_EQ(service.stop(), 0) << log_text();
  EXPECT_NE(manager.wait_for("STOPPING=1", 5s).find("STATUS=stopping"), std::string::npos);
}

TEST_F(SystemdService, LinesGoToTheJournalWithTheirFields) {
  if (!fs::is_directory("/run/systemd")) GTEST_SKIP() << "SKIP: no /run/systemd to hide";
  fs::create_directories(kWork / "run-systemd" / "journal");
  UnixDatagramListener journal(kWork / "run-systemd" / "journal" / "socket", 0666);
  ASSERT_TRUE(journal.bound());
  // stdout is "the journal stream": JOURNAL_STREAM names its device and inode.
  const fs::path log = kWork / "respond.log";
  std::ofstream(log).close();
  struct stat st {};
  ASSERT_EQ(::stat(log.c_str(), &st), 0);
  const std::string stream = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  Service service("unshare -m sh -c 'mount --bind " + (kWork / "run-systemd").string() +
                      " /run/systemd && exec ip netns exec " + kSrv + " " + kAsTheUnit + " " +
                      kBinary + respond_args() + "'",
                  {{"JOURNAL_STREAM", stream}}, log);
  const std::string start = journal.wait_for("PXESCOPE_EVENT=start", 15s);
  ASSERT_FALSE(start.empty()) << "no start line in the journal; log:\n" << log_text();
  EXPECT_NE(start.find("\nPRIORITY=5\n"), std::string::npos) << start;
  EXPECT_NE(start.find("MESSAGE=start message=\"interface=" + kSrv), std::string::npos) << start;

  EXPECT_NE(probe().find("proxy offer"), std::string::npos);
  const std::string dhcp = journal.wait_for("PXESCOPE_EVENT=dhcp", 10s);
  ASSERT_FALSE(dhcp.empty()) << log_text();
  for (const std::string& field :
       {"MESSAGE=dhcp request=DISCOVER mac=" + std::string(kProbeMac),
        "\nPXESCOPE_MAC=" + std::string(kProbeMac) + "\n", "\nPXESCOPE_IFACE=" + kSrv + "\n",
        std::string("\nPRIORITY=6\n"), std::string("\nSYSLOG_IDENTIFIER=pxescope\n"),
        std::string("\nPXESCOPE_XID=0x")})
    EXPECT_NE(dhcp.find(field), std::string::npos) << field << " in:\n" << dhcp;
  EXPECT_EQ(dhcp.find("CODE_FILE="), std::string::npos) << "no source location of ours";

  EXPECT_EQ(service.stop(), 0);
  EXPECT_FALSE(journal.wait_for("PXESCOPE_EVENT=stop", 5s).empty());
  EXPECT_EQ(log_text().find("request=DISCOVER"), std::string::npos)
      << "the journal stream gets no second copy: " << log_text();
}

// The unit's SystemCallFilter= holds: every system call `respond` makes (traced with strace from
// its execve on, through start-up with the manager and the journal, full DHCP with a lease file,
// a probe's DHCP + 4011 + TFTP, an HTTP download on port 80, a reload and a stop) is one the
// filter allows, as tests/systemd/allowed_syscalls.sh expands it with systemd-analyze.
TEST_F(SystemdService, EverySystemCallIsOneTheUnitsFilterAllows) {
  if (!tftp_test::have_program("strace") || !tftp_test::have_program("systemd-analyze") ||
      !tftp_test::have_program("curl"))
    GTEST_SKIP() << "SKIP: needs strace, curl and systemd-analyze";
  const auto allowed_out =
      run(PXESCOPE_SOURCE_DIR "/tests/systemd/allowed_syscalls.sh " +
              std::string(PXESCOPE_SOURCE_DIR) + "/systemd/pxescope-respond.service",
          60);
  ASSERT_EQ(allowed_out.exit_code, 0) << allowed_out.output;
  std::set<std::string> allowed;
  std::istringstream allowed_lines(allowed_out.output);
  for (std::string call; std::getline(allowed_lines, call);) allowed.insert(call);
  ASSERT_TRUE(allowed.count("epoll_wait") && !allowed.count("setuid") && allowed.count("capset"))
      << "the filter as expanded is not the unit's";

  // The state directory as systemd makes it for the dynamic user: its own, 0750.
  fs::create_directories(kWork / "state");
  ASSERT_EQ(::chown((kWork / "state").c_str(), 65534, 65534), 0);
  fs::permissions(kWork / "state", fs::perms(0750));
  UnixDatagramListener manager(kWork / "notify", 0666);
  ASSERT_TRUE(manager.bound());
  run("ip -n " + kCli + " addr add 10.232.0.9/24 dev " + kCli, 10);
  const fs::path trace = kWork / "strace.out";
  // LeakSanitizer cannot run under ptrace: in the ASan build, leaks are left to the other tests.
  const char* asan = std::getenv("ASAN_OPTIONS");
  const std::string asan_options =
      std::string(asan ? asan : "") + (asan ? ":" : "") + "detect_leaks=0";
  Service service("ip netns exec " + kSrv + " strace -f -qq -o " + trace.string() + " " +
                      kAsTheUnit + " " + kBinary + respond_args() +
                      " --dhcp-range 10.232.0.100,10.232.0.150 --no-ping --lease-file " +
                      (kWork / "state" / "leases").string() + " --http-port 80 --journal",
                  {{"NOTIFY_SOCKET", manager.path().string()},
                   {"WATCHDOG_USEC", "400000"},
                   {"ASAN_OPTIONS", asan_options}},
                  kWork / "respond.log");
  const bool ready = !manager.wait_for("READY=1", 20s).empty();
  // Signals go to the traced responder (strace's child), not to strace, which would detach.
  pid_t traced = 0;
  std::ifstream("/proc/" + std::to_string(service.pid()) + "/task/" +
                std::to_string(service.pid()) + "/children") >>
      traced;
  std::string answer, download;
  if (ready && traced > 0) {
    answer = probe();
    download = run("ip netns exec " + kCli + " curl -sS -o /dev/null -w %{http_code} " +
                       "http://10.232.0.1/syslinux.efi",
                   30)
                   .output;
    ::kill(traced, SIGHUP);
    manager.wait_for("READY=1", 10s);
  }
  if (traced > 0) ::kill(traced, SIGTERM);
  const int exit_code = traced > 0 ? service.wait_exit() : service.stop();
  run("ip -n " + kCli + " addr del 10.232.0.9/24 dev " + kCli, 10);
  ASSERT_TRUE(ready) << log_text();
  ASSERT_GT(traced, 0) << "no traced process under strace";
  EXPECT_NE(log_text().find("reload"), std::string::npos) << "SIGHUP reached it";
  EXPECT_NE(answer.find("tsize 3000"), std::string::npos) << answer;
  EXPECT_EQ(download, "200");
  EXPECT_EQ(exit_code, 0) << log_text();

  // System calls after the execve of pxescope (setpriv's own are what systemd does itself).
  std::ifstream in(trace);
  const std::regex call(R"(^\d+ +([a-z0-9_]+)\()"),
      resumed(R"(^\d+ +<\.\.\. ([a-z0-9_]+) resumed>)");
  std::set<std::string> made;
  bool started = false;
  for (std::string line; std::getline(in, line);) {
    if (!started) {
      started = line.find("execve(\"" + kBinary + "\"") != std::string::npos &&
                line.find(") = 0") != std::string::npos;
      continue;
    }
    std::smatch m;
    if (std::regex_search(line, m, call) || std::regex_search(line, m, resumed)) made.insert(m[1]);
  }
  ASSERT_TRUE(started) << "no execve of " << kBinary << " in the trace";
  EXPECT_GT(made.size(), 20u);
  for (const std::string& name : made)
    EXPECT_TRUE(allowed.count(name)) << name << " is made but the unit's filter refuses it";
}

}  // namespace
