// `pxescope capture` and its pcapng output: the pcapng writer read back by libpcap (ns
// timestamps kept) and tshark; live capture inside a network namespace this test creates
// (veth pair, DHCP frames of a real capture sent on the peer end), stopped by -c and by SIGINT.
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "analyzer/pcapng_writer.hpp"
#include "tests/private_netns_names.hpp"  // named namespaces vanish with this process
#include "unit/cli_test_support.hpp"

using namespace pxescope;
using namespace pxescope::test;
namespace fs = std::filesystem;

namespace {

struct RawFrame {
  std::vector<std::uint8_t> bytes;
  std::int64_t sec = 0;
  std::uint32_t nsec = 0;
};

// The first DISCOVER (to port 67), the first OFFER (from port 67) and the first port-4011
// REQUEST of a real capture, in that order (Ethernet, IPv4 without options, UDP).
std::vector<RawFrame> sample_dhcp_frames() {
  std::vector<RawFrame> frames(3);
  char err[PCAP_ERRBUF_SIZE];
  pcap_t* p = pcap_open_offline_with_tstamp_precision(
      real_capture("ovmf-edk2-proxydhcp.pcap").c_str(), PCAP_TSTAMP_PRECISION_NANO, err);
  if (!p) return {};
  pcap_pkthdr* h;
  const u_char* d;
  while (pcap_next_ex(p, &h, &d) == 1) {
    if (h->caplen < 42 || d[12] != 0x08 || d[13] != 0x00 || d[14] != 0x45 || d[23] != 17) continue;
    const unsigned src_port = d[34] << 8 | d[35], dst_port = d[36] << 8 | d[37];
    const int slot = dst_port == 67 ? 0 : src_port == 67 ? 1 : dst_port == 4011 ? 2 : -1;
    if (slot < 0 || !frames[slot].bytes.empty()) continue;
    frames[slot] = {{d, d + h->caplen}, h->ts.tv_sec, static_cast<std::uint32_t>(h->ts.tv_usec)};
  }
  pcap_close(p);
  for (const RawFrame& f : frames)
    if (f.bytes.empty()) return {};
  return frames;
}

std::vector<RawFrame> read_back(const std::string& path, int* link_type = nullptr) {
  std::vector<RawFrame> frames;
  char err[PCAP_ERRBUF_SIZE];
  pcap_t* p =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, err);
  EXPECT_NE(p, nullptr) << err;
  if (!p) return frames;
  if (link_type) *link_type = pcap_datalink(p);
  pcap_pkthdr* h;
  const u_char* d;
  while (pcap_next_ex(p, &h, &d) == 1)
    frames.push_back({{d, d + h->caplen}, h->ts.tv_sec, static_cast<std::uint32_t>(h->ts.tv_usec)});
  pcap_close(p);
  return frames;
}

std::string temp_path(const std::string& stem) {
  return (fs::temp_directory_path() / (stem + "-" + std::to_string(getpid()))).string();
}

}  // namespace

TEST(PcapngWriter, FramesReadBackByLibpcapAndTsharkWithNanosecondTimes) {
  auto frames = sample_dhcp_frames();
  ASSERT_EQ(frames.size(), 3u);
  frames[1].nsec = 123456789;  // a time only nanosecond resolution keeps
  const std::string path = temp_path("pxescope-writer") + ".pcapng";
  PcapngWriter writer;
  ASSERT_TRUE(writer.open(path)) << writer.error();
  std::uint64_t index = 0;
  for (const RawFrame& f : frames) {
    Frame frame;
    frame.index = ++index;
    frame.ts_sec = f.sec;
    frame.ts_nsec = f.nsec;
    frame.original_length = static_cast<std::uint32_t>(f.bytes.size());
    frame.link_type = 1;
    frame.data = f.bytes;
    ASSERT_TRUE(writer.write(frame)) << writer.error();
  }
  ASSERT_TRUE(writer.close()) << writer.error();

  int link_type = -1;
  const auto back = read_back(path, &link_type);
  EXPECT_EQ(link_type, DLT_EN10MB);
  ASSERT_EQ(back.size(), frames.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].bytes, frames[i].bytes) << i;
    EXPECT_EQ(back[i].sec, frames[i].sec) << i;
    EXPECT_EQ(back[i].nsec, frames[i].nsec) << i;
  }
  if (have_tshark()) {
    const CommandResult t =
        run_command("tshark -r " + path + " -T fields -e frame.time_epoch -e dhcp.id");
    EXPECT_EQ(t.exit_code, 0) << t.err;
    const auto lines = split_lines(t.out);
    ASSERT_EQ(lines.size(), 3u) << t.out;
    EXPECT_NE(lines[1].find(".123456789"), std::string::npos) << lines[1];
    const std::string xid = discover_fact("ovmf-edk2-proxydhcp.pcap", "Transaction ID");
    ASSERT_FALSE(xid.empty());
    EXPECT_NE(lines[0].find(xid), std::string::npos) << lines[0];
  }
  // pxescope reads its own files back too.
  const CommandResult ours = run_command(pxescope_bin() + " analyze " + path);
  EXPECT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(split_lines(ours.out).size(), 3u) << ours.out;
  fs::remove(path);
}

TEST(PcapngWriter, UnwritablePathIsAClearError) {
  PcapngWriter writer;
  EXPECT_FALSE(writer.open("/nonexistent-dir/x.pcapng"));
  EXPECT_NE(writer.error().find("/nonexistent-dir/x.pcapng"), std::string::npos);
}

// Live capture: a namespace with a veth pair; pxescope captures on one end, the test sends
// real DHCP frames on the other from a child process that joined the namespace.
class LiveCapture : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs root (network namespaces)";
    if (std::system("command -v ip >/dev/null 2>&1") != 0) GTEST_SKIP() << "iproute2 missing";
    ns_ = "pxscap" + std::to_string(getpid());
    const std::string setup = "ip netns add " + ns_ + " && ip -n " + ns_ +
                              " link add pxc0 type veth peer name pxc1 && ip -n " + ns_ +
                              " link set pxc0 up && ip -n " + ns_ + " link set pxc1 up";
    const CommandResult r = run_command(setup);
    if (r.exit_code != 0) GTEST_SKIP() << "cannot create a network namespace: " << r.err;
    created_ = true;
    out_ = temp_path("pxescope-capture-out");
    err_ = temp_path("pxescope-capture-err");
    pcapng_ = temp_path("pxescope-capture") + ".pcapng";
  }
  void TearDown() override {
    if (capture_pid_ > 0) {
      kill(capture_pid_, SIGKILL);
      waitpid(capture_pid_, nullptr, 0);
    }
    if (created_) run_command("ip netns del " + ns_);
    for (const std::string& p : {out_, err_, pcapng_})
      if (!p.empty()) fs::remove(p);
  }

  void start_capture(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"ip",      "netns", "exec", ns_,  pxescope_bin(),
                                     "capture", "-i",    "pxc1", "-w", pcapng_};
    args.insert(args.end(), extra.begin(), extra.end());
    capture_pid_ = fork();
    if (capture_pid_ == 0) {
      const int out = open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(out, 1);
      dup2(err, 2);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execvp(argv[0], argv.data());
      _exit(127);
    }
  }

  // Waits (bounded) until the capture says it listens.
  bool wait_until_listening() {
    for (int i = 0; i < 100; ++i) {
      if (read_file(err_).find("capturing on") != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // Exit code of the capture, or -1 if it did not end within ~15 s.
  int wait_for_exit() {
    for (int i = 0; i < 150; ++i) {
      int status = 0;
      if (waitpid(capture_pid_, &status, WNOHANG) == capture_pid_) {
        capture_pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return -1;
  }

  // Sends the frames on pxc0 from a child that joined the namespace.
  bool send_in_namespace(const std::vector<RawFrame>& frames) {
    const pid_t pid = fork();
    if (pid == 0) {
      const int nsfd = open(("/run/netns/" + ns_).c_str(), O_RDONLY);
      if (nsfd < 0 || setns(nsfd, CLONE_NEWNET) != 0) _exit(2);
      const int s = socket(AF_PACKET, SOCK_RAW, 0);
      if (s < 0) _exit(3);
      sockaddr_ll to{};
      to.sll_family = AF_PACKET;
      to.sll_ifindex = static_cast<int>(if_nametoindex("pxc0"));
      to.sll_halen = 6;
      for (const RawFrame& f : frames) {
        if (sendto(s, f.bytes.data(), f.bytes.size(), 0, reinterpret_cast<sockaddr*>(&to),
                   sizeof to) < 0)
          _exit(4);
        usleep(50000);
      }
      _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }

  std::string ns_, out_, err_, pcapng_;
  bool created_ = false;
  pid_t capture_pid_ = -1;
};

TEST_F(LiveCapture, CountStopsAfterNFramesWithJsonAndPcapng) {
  const auto frames = sample_dhcp_frames();
  ASSERT_EQ(frames.size(), 3u);
  start_capture({"-c", "3", "--json"});
  ASSERT_TRUE(wait_until_listening()) << read_file(err_);
  ASSERT_TRUE(send_in_namespace(frames));
  ASSERT_EQ(wait_for_exit(), 0) << read_file(err_);

  const auto lines = split_lines(read_file(out_));
  ASSERT_EQ(lines.size(), 3u) << read_file(out_);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto j = nlohmann::json::parse(lines[i]);
    EXPECT_EQ(j["frame"], i + 1);
    EXPECT_FALSE(j["fields"].empty());
  }
  const auto back = read_back(pcapng_);
  ASSERT_EQ(back.size(), 3u);
  for (std::size_t i = 0; i < back.size(); ++i) EXPECT_EQ(back[i].bytes, frames[i].bytes) << i;
  EXPECT_NE(read_file(err_).find("3 frames captured"), std::string::npos) << read_file(err_);
}

TEST_F(LiveCapture, SigintStopsCleanlyAndKeepsWhatWasCaptured) {
  auto frames = sample_dhcp_frames();
  ASSERT_EQ(frames.size(), 3u);
  start_capture({});
  ASSERT_TRUE(wait_until_listening()) << read_file(err_);
  ASSERT_TRUE(send_in_namespace({frames[0]}));
  // Bounded wait for the summary line, then Ctrl-C.
  for (int i = 0; i < 50 && read_file(out_).empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  kill(capture_pid_, SIGINT);
  ASSERT_EQ(wait_for_exit(), 0) << read_file(err_);
  const std::string out = read_file(out_);
  // The recording's first DISCOVER, as tshark -V described it when it was recorded.
  const std::string mac = discover_fact("ovmf-edk2-proxydhcp.pcap", "Client MAC address");
  const std::string xid = discover_fact("ovmf-edk2-proxydhcp.pcap", "Transaction ID");
  ASSERT_FALSE(mac.empty() || xid.empty());
  EXPECT_NE(out.find("DHCP Discover " + mac + " xid " + xid), std::string::npos) << out;
  EXPECT_EQ(read_back(pcapng_).size(), 1u);
}

TEST_F(LiveCapture, MissingInterfaceExitsOne) {
  const CommandResult r =
      run_command("ip netns exec " + ns_ + " " + pxescope_bin() + " capture -i nosuch0 -c 1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nosuch0"), std::string::npos) << r.err;
}

TEST(CapturePrivilege, WithoutCapturePrivilegeTheMessageNamesSetcap) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to drop to an unprivileged user";
  if (std::system("command -v setpriv >/dev/null 2>&1") != 0) GTEST_SKIP() << "setpriv missing";
  const CommandResult r = run_command("setpriv --reuid=65534 --regid=65534 --clear-groups " +
                                      pxescope_bin() + " capture -i lo -c 1");
  if (r.exit_code == 126 || r.exit_code == 127)
    GTEST_SKIP() << "the unprivileged user cannot run " << pxescope_bin();
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("setcap"), std::string::npos) << r.err;
  EXPECT_EQ(split_lines(r.err).size(), 1u) << r.err;
}
