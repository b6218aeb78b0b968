// `pxescope capture` follows TFTP transfers live: a real transfer (the tftp-hpa client against
// a small RFC 1350 server, kTftpServer below) between two network namespaces this test
// creates (named with its pid, joined by a veth pair), captured on the client's end with the
// default filter, which names port 69 only. The server's DATA comes from an ephemeral port:
// it is in the output only because the capture widened its filter to the client's port. The
// server answers the request after 0.3 s, as a loaded boot server may: a server answering
// within microseconds can beat the capture's filter change (README: live capture), and the
// test must not depend on that race. Root, iproute2, python3 and tftp-hpa are needed (SKIP
// with the reason otherwise); every wait and loop is bounded; no timing assert.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/private_netns_names.hpp"  // named namespaces vanish with this process
#include "unit/cli_test_support.hpp"

using namespace pxescope::test;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kFileSize = 3000;  // 512-byte blocks: 5 full, then 440 bytes (block 6)

// One read request on 10.78.0.1:69, answered from a new port after 0.3 s, in lock step
// (each ACK awaited up to 5 s, at most 5 sends a block); then it exits.
constexpr const char* kTftpServer = R"PY(
import socket, struct, sys, time
data = open(sys.argv[1], 'rb').read()
listen = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
listen.bind(('10.78.0.1', 69))
print('listening', flush=True)
listen.settimeout(30)
request, client = listen.recvfrom(1500)
time.sleep(0.3)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('10.78.0.1', 0))
s.settimeout(5)
blocks = len(data) // 512 + 1
for block in range(1, blocks + 1):
    chunk = data[(block - 1) * 512:block * 512]
    for attempt in range(5):
        s.sendto(struct.pack('!HH', 3, block) + chunk, client)
        try:
            ack, _ = s.recvfrom(1500)
        except socket.timeout:
            continue
        if struct.unpack('!HH', ack[:4]) == (4, block):
            break
print('sent', blocks, flush=True)
)PY";

// Starts `args` with stdout/stderr to files; returns its pid.
pid_t spawn(std::vector<std::string> args, const std::string& out, const std::string& err) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// Waits up to `tenths` tenths of a second for `pid` to end; its exit code, -1 if it did not.
int wait_exit(pid_t pid, int tenths) {
  for (int i = 0; i < tenths; ++i) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return -1;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

class LiveTftpCapture : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "live capture needs root (network namespaces)";
    for (const char* tool : {"ip", "python3", "tftp"})
      if (std::system(("command -v " + std::string(tool) + " >/dev/null 2>&1").c_str()) != 0)
        GTEST_SKIP() << tool << " is not installed (scripts/install-deps.sh)";
    const std::string id = std::to_string(getpid());
    server_ns_ = "pxtfs" + id;
    client_ns_ = "pxtfc" + id;
    dir_ = fs::temp_directory_path() / ("pxescope-live-tftp-" + id);
    fs::create_directories(dir_ / "root");
    std::string content(kFileSize, '\0');
    for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7);
    std::ofstream(dir_ / "root" / "boot.bin", std::ios::binary) << content;
    const std::string s = "ip -n " + server_ns_ + " ", c = "ip -n " + client_ns_ + " ";
    const CommandResult r =
        run_command("ip netns add " + server_ns_ + " && ip netns add " + client_ns_ + " && " + s +
                    "link add pxt0 type veth peer name pxt1 netns " + client_ns_ + " && " + s +
                    "addr add 10.78.0.1/24 dev pxt0 && " + s + "link set pxt0 up && " + s +
                    "link set lo up && " + c + "addr add 10.78.0.2/24 dev pxt1 && " + c +
                    "link set pxt1 up && " + c + "link set lo up");
    created_ = true;
    if (r.exit_code != 0) GTEST_SKIP() << "cannot create the network namespaces: " << r.err;
  }

  void TearDown() override {
    for (pid_t* pid : {&capture_pid_, &server_pid_})
      if (*pid > 0) {
        kill(*pid, SIGKILL);
        waitpid(*pid, nullptr, 0);
      }
    if (created_) run_command("ip netns del " + server_ns_ + "; ip netns del " + client_ns_);
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  std::string path(const char* name) const { return (dir_ / name).string(); }

  std::string server_ns_, client_ns_;
  fs::path dir_;
  bool created_ = false;
  pid_t capture_pid_ = -1, server_pid_ = -1;
};

TEST_F(LiveTftpCapture, DataFromTheServersEphemeralPortIsCapturedAndFollowed) {
  std::ofstream(path("server.py")) << kTftpServer;
  server_pid_ = spawn(
      {"ip", "netns", "exec", server_ns_, "python3", path("server.py"), path("root") + "/boot.bin"},
      path("server.out"), path("server.err"));
  capture_pid_ = spawn({"ip", "netns", "exec", client_ns_, pxescope_bin(), "capture", "-i", "pxt1",
                        "-c", "13", "-a", "duration:60", "-w", path("live.pcapng")},
                       path("capture.out"), path("capture.err"));
  bool listening = false;
  for (int i = 0; i < 100 && !listening; ++i) {
    listening = read_file(path("capture.err")).find("capturing on") != std::string::npos;
    if (!listening) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(listening) << read_file(path("capture.err"));

  for (int i = 0; i < 100 && read_file(path("server.out")).empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_NE(read_file(path("server.out")).find("listening"), std::string::npos)
      << read_file(path("server.err"));
  // The client: tftp-hpa, 512-byte blocks (no options), bounded by timeout(1).
  CommandResult got;
  for (int attempt = 0; attempt < 1; ++attempt) {
    got = run_command("ip netns exec " + client_ns_ +
                      " timeout 20 tftp -m binary 10.78.0.1 -c get boot.bin " + path("got.bin"));
    if (fs::exists(path("got.bin")) && fs::file_size(path("got.bin")) == kFileSize) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  ASSERT_TRUE(fs::exists(path("got.bin"))) << got.out << got.err << read_file(path("server.err"));
  ASSERT_EQ(fs::file_size(path("got.bin")), kFileSize) << read_file(path("server.err"));

  // The request, 6 DATA and 6 ACK: the capture stops by itself after 13 frames (-c); should
  // a retransmission have taken a place, it is stopped after a bounded wait instead.
  int code = wait_exit(capture_pid_, 100);
  if (code == -1) {
    kill(capture_pid_, SIGINT);
    code = wait_exit(capture_pid_, 100);
  }
  ASSERT_EQ(code, 0) << read_file(path("capture.err"));
  capture_pid_ = -1;

  // The live output: the request, then the transfer's DATA/ACK line, which counts the blocks
  // it saw, from the server's ephemeral port to the client's, followed to the last one.
  const std::string out = read_file(path("capture.out"));
  EXPECT_NE(out.find("TFTP Read Request \"boot.bin\""), std::string::npos) << out;
  EXPECT_NE(out.find("TFTP DATA/ACK \"boot.bin\" 6 blocks, 3000 bytes"), std::string::npos) << out;
  EXPECT_NE(out.find("complete"), std::string::npos) << out;
  // Every frame the capture kept (-w), read back: each DATA block and each ACK.
  const CommandResult frames = run_command(pxescope_bin() + " analyze " + path("live.pcapng"));
  ASSERT_EQ(frames.exit_code, 0) << frames.err << read_file(path("capture.err")) << out;
  for (int block = 1; block <= 6; ++block) {
    EXPECT_NE(frames.out.find("Data Packet, Block: " + std::to_string(block)), std::string::npos)
        << "block " << block << "\n"
        << frames.out;
    EXPECT_NE(frames.out.find("Acknowledgement, Block: " + std::to_string(block)),
              std::string::npos)
        << "block " << block << "\n"
        << frames.out;
  }
  EXPECT_EQ(count_of(frames.out, "Data Packet, Block: 6 (last)"), 1u) << frames.out;
  EXPECT_EQ(read_file(path("capture.err")).find("not following TFTP"), std::string::npos)
      << read_file(path("capture.err"));
}
