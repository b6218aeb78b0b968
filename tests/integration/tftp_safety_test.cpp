// The TFTP server on a real network must stay fair and safe: per-host limits, a changing root,
// FIFOs, shutdown. Raw clients pose as different hosts (127.0.0.x) on the loopback of a
// throw-away network namespace. Needs root; skips with a reason otherwise. No timing asserts.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "tests/integration/tftp_server_support.hpp"
#include "tests/integration/tftp_test_support.hpp"

namespace fs = std::filesystem;
using pxescope::tftp::TftpServer;
using pxescope::tftp::TransferEvent;
using tftp_test::code_of;
using tftp_test::opcode_of;
using tftp_test::RawClient;
using tftp_test::ServerThread;

namespace {

std::string pattern(size_t size, char seed) {
  std::string bytes(size, '\0');
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>(seed + i % 97);
  return bytes;
}

}  // namespace

class TftpSafety : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    skip_reason_ = tftp_test::missing_root_or_tools({"ip"});
    if (!skip_reason_.empty()) return;
    home_ = std::make_unique<tftp_test::HomeNamespace>();
    namespace_ = std::make_unique<tftp_test::Namespace>();
    // The main thread, the server threads and the raw clients all live in this namespace.
    if (!namespace_->create("pxtftpsafe" + std::to_string(getpid())) || !namespace_->enter()) {
      skip_reason_ = "cannot create or enter a network namespace (ip netns add failed)";
      return;
    }
    base_ = fs::temp_directory_path() / ("tftp_safety_test." + std::to_string(getpid()));
    fs::remove_all(base_);
  }
  static void TearDownTestSuite() {
    if (home_) home_->go_back();
    if (namespace_) namespace_->destroy();
    namespace_.reset();
    home_.reset();
    if (!base_.empty()) fs::remove_all(base_);
  }

  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    root_ = base_ / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(root_);
    write(root_ / "small.bin", pattern(1500, 'a'));
  }
  void TearDown() override {
    if (!HasFailure() || !server_) return;
    for (const auto& event : server_->events()) {
      std::printf("  server: %s\n", pxescope::tftp::format_event(event).c_str());
    }
  }

  static void write(const fs::path& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
  }
  static std::string read(const fs::path& path) { return tftp_test::read_file(path.string()); }
  TftpServer::Options options() const {
    TftpServer::Options options;
    options.root = root_;
    options.port = 0;  // ephemeral: tests never collide
    options.bind_ip = "127.0.0.1";
    options.timeout_ms = 1000;
    options.retries = 2;
    return options;
  }
  void start(const TftpServer::Options& options) {
    server_ = std::make_unique<ServerThread>();
    std::string error;
    ASSERT_TRUE(server_->start(options, error)) << error;
  }
  bool logged(TransferEvent::Kind kind, const std::string& text) {
    for (int attempt = 0; attempt < 50; ++attempt) {  // the server logs from its own thread
      for (const auto& event : server_->events()) {
        if (event.kind == kind && event.message.find(text) != std::string::npos) return true;
      }
      usleep(20000);
    }
    return false;
  }

  static inline std::string skip_reason_;
  static inline std::unique_ptr<tftp_test::HomeNamespace> home_;
  static inline std::unique_ptr<tftp_test::Namespace> namespace_;
  static inline fs::path base_;
  fs::path root_;
  std::unique_ptr<ServerThread> server_;
};

// One host opens 256 transfers and never ACKs; it gets its per-host share (default 8), the rest
// is refused with ERROR 0 naming the host, and another host still gets its file.
TEST_F(TftpSafety, OneHostCannotLockOutTheOthers) {
  start(options());  // the default limits: tftp-max 50, tftp-max-per-client 8
  std::vector<std::unique_ptr<RawClient>> greedy;
  for (int i = 0; i < 256; ++i) {
    greedy.push_back(std::make_unique<RawClient>(server_->port(), "127.0.0.2"));
    greedy.back()->send_request(1, {"small.bin", "octet"});
  }
  int served = 0, refused = 0;
  for (auto& client : greedy) {
    const std::string reply = client->receive();
    if (opcode_of(reply) == 3) ++served;
    if (opcode_of(reply) == 5 && code_of(reply) == 0 &&
        reply.find("127.0.0.2") != std::string::npos) {
      ++refused;
    }
  }
  EXPECT_EQ(served, 8);
  EXPECT_EQ(refused, 256 - 8);
  RawClient other(server_->port(), "127.0.0.3");
  EXPECT_EQ(other.download("small.bin"), read(root_ / "small.bin"))
      << "another host was locked out: " << other.last_reply().substr(4);
  EXPECT_TRUE(logged(TransferEvent::Kind::kRefused, "tftp-max-per-client"));
}

// tftp-max is the configured global cap, per-host limits apart.
TEST_F(TftpSafety, GlobalCapIsConfigurable) {
  auto capped = options();
  capped.max_transfers = 3;
  capped.max_per_client = 0;
  start(capped);
  std::vector<std::unique_ptr<RawClient>> holders;
  for (const char* host : {"127.0.0.4", "127.0.0.5", "127.0.0.6"}) {
    holders.push_back(std::make_unique<RawClient>(server_->port(), host));
    holders.back()->send_request(1, {"small.bin", "octet"});
    ASSERT_EQ(opcode_of(holders.back()->receive()), 3);
  }
  RawClient fourth(server_->port(), "127.0.0.7");
  fourth.send_request(1, {"small.bin", "octet"});
  const std::string reply = fourth.receive();
  ASSERT_EQ(opcode_of(reply), 5);
  EXPECT_NE(reply.find("3 transfers in progress"), std::string::npos) << reply.substr(4);
}

// The root swapped for another directory (rename away, rename in), then deleted and re-created:
// every request is served from what the path names now, never from the directory held before.
TEST_F(TftpSafety, SwappedOrRecreatedRootIsSeen) {
  const fs::path live = root_ / "live", previous = root_ / "previous", next = root_ / "next";
  fs::create_directories(live);
  write(live / "boot.bin", pattern(700, 'A'));
  auto settings = options();
  settings.root = live;
  start(settings);
  EXPECT_EQ(RawClient(server_->port(), "127.0.0.8").download("boot.bin"), pattern(700, 'A'));

  fs::create_directories(next);
  write(next / "boot.bin", pattern(900, 'B'));
  fs::rename(live, previous);
  fs::rename(next, live);
  EXPECT_EQ(RawClient(server_->port(), "127.0.0.8").download("boot.bin"), pattern(900, 'B'))
      << "served the swapped-out directory";

  fs::remove_all(live);
  RawClient gone(server_->port(), "127.0.0.8");
  gone.send_request(1, {"boot.bin", "octet"});
  const std::string reply = gone.receive();
  EXPECT_EQ(opcode_of(reply), 5);
  EXPECT_EQ(code_of(reply), 1) << reply.substr(4);
  EXPECT_TRUE(logged(TransferEvent::Kind::kRefused, "is gone"));

  fs::create_directories(live);
  write(live / "boot.bin", pattern(300, 'C'));
  EXPECT_EQ(RawClient(server_->port(), "127.0.0.8").download("boot.bin"), pattern(300, 'C'))
      << "the re-created root is not served";
}

// Stopping the server tells each transfer in flight (ERROR 0) and logs it.
TEST_F(TftpSafety, ShutdownTellsTransfersInFlight) {
  start(options());
  RawClient holder(server_->port(), "127.0.0.9");
  holder.send_request(1, {"small.bin", "octet"});
  ASSERT_EQ(opcode_of(holder.receive()), 3);
  server_->stop("test shutdown");
  std::string reply;
  for (int packet = 0; packet < 5 && opcode_of(reply) != 5; ++packet) reply = holder.receive();
  EXPECT_EQ(opcode_of(reply), 5) << "the client was not told";
  EXPECT_EQ(code_of(reply), 0);
  EXPECT_TRUE(logged(TransferEvent::Kind::kFailed, "server shut down: test shutdown"));
}

// The real daemon: a FIFO in the root (and a symlink to one) is refused while the next client is
// served, and SIGTERM stops it promptly, telling the transfer in flight. Before, the FIFO's
// open() froze the whole loop and SIGTERM could not end it.
TEST_F(TftpSafety, FifoNeitherFreezesTheDaemonNorBlocksSigterm) {
  const std::string binary = std::string(PXESCOPE_BIN_DIR) + "/pxescope-tftpd";
  if (access(binary.c_str(), X_OK) != 0) GTEST_SKIP() << "no " << binary << " (build it)";
  ASSERT_EQ(mkfifo((root_ / "fifo").c_str(), 0644), 0);
  fs::create_symlink("fifo", root_ / "fifo-link");
  const fs::path log = root_.string() + ".log";
  constexpr uint16_t kDaemonPort = 6971;
  const pid_t daemon = fork();
  ASSERT_GE(daemon, 0);
  if (daemon == 0) {
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, STDERR_FILENO);
    execl(binary.c_str(), binary.c_str(), "--root", root_.c_str(), "--port", "6971", "--bind",
          "127.0.0.1", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Bounded waits only: the daemon is killed whatever happens.
  auto exited_within = [daemon](int milliseconds, int& status) {
    for (int waited = 0; waited < milliseconds; waited += 10) {
      if (waitpid(daemon, &status, WNOHANG) == daemon) return true;
      usleep(10000);
    }
    return false;
  };
  for (int waited = 0; waited < 10000 && read(log).find("serving") == std::string::npos;
       waited += 20) {
    usleep(20000);
  }
  for (const char* name : {"fifo", "fifo-link"}) {
    RawClient client(kDaemonPort, "127.0.0.10");
    client.send_request(1, {name, "octet"});
    const std::string reply = client.receive();
    EXPECT_EQ(opcode_of(reply), 5) << name << ": no answer (the daemon is frozen?)";
    EXPECT_EQ(code_of(reply), 2) << name << ": " << reply.substr(std::min<size_t>(4, reply.size()));
  }
  EXPECT_EQ(RawClient(kDaemonPort, "127.0.0.11").download("small.bin"), read(root_ / "small.bin"))
      << "the next client was not served";
  RawClient holder(kDaemonPort, "127.0.0.12");
  holder.send_request(1, {"small.bin", "octet"});
  EXPECT_EQ(opcode_of(holder.receive()), 3);
  kill(daemon, SIGTERM);
  std::string reply;
  for (int packet = 0; packet < 5 && opcode_of(reply) != 5; ++packet) reply = holder.receive();
  EXPECT_EQ(opcode_of(reply), 5) << "SIGTERM did not tell the transfer in flight";
  int status = -1;
  const bool exited = exited_within(10000, status);
  if (!exited) {
    kill(daemon, SIGKILL);
    waitpid(daemon, &status, 0);
  }
  EXPECT_TRUE(exited) << "pxescope-tftpd did not exit within 10 s of SIGTERM";
  EXPECT_TRUE(exited && WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_NE(read(log).find("server shut down: signal received"), std::string::npos) << read(log);
}

// A link flap mid-transfer: while the server's link is down its retransmissions fail with
// ENETUNREACH/ENETDOWN; that is a loss to retry, not the end of the transfer. The client is in a
// second namespace behind a veth pair.
TEST_F(TftpSafety, LinkFlapDoesNotEndTheTransfer) {
  const std::string suffix = std::to_string(getpid());
  tftp_test::Namespace client_ns;
  const std::string server_link = "pxfs" + suffix, client_link = "pxfc" + suffix;
  ASSERT_TRUE(client_ns.create("pxtftpflap" + suffix));
  const std::string here = "ip -n " + namespace_->name() + " ";
  ASSERT_TRUE(tftp_test::connect_with_veth(*namespace_, server_link, "10.77.0.1/24", client_ns,
                                           client_link, "10.77.0.2/24"));
  write(root_ / "flap.bin", pattern(512 * 4 + 100, 'f'));
  auto settings = options();
  settings.bind_ip = "0.0.0.0";
  settings.timeout_ms = 200;  // several retransmissions fall into the outage
  settings.retries = 30;
  start(settings);
  // The client's socket lives in the client namespace (a socket keeps the one it was made in).
  ASSERT_TRUE(client_ns.enter());
  RawClient client(server_->port(), nullptr, "10.77.0.1");
  ASSERT_TRUE(namespace_->enter());
  client.send_request(1, {"flap.bin", "octet"});
  std::string data = client.receive();
  ASSERT_EQ(opcode_of(data), 3) << "no DATA 1 across the veth link";
  std::string content = data.substr(4);
  tftp_test::run(here + "link set " + server_link + " down", 10);
  usleep(1000 * 1000);  // the server retransmits DATA 1 into the dead link a few times
  tftp_test::run(here + "link set " + server_link + " up", 10);
  client.ack(1);
  for (uint16_t block = 2; block <= 5;) {  // bounded: 5 blocks, each receive bounded by 5 s
    data = client.receive();
    ASSERT_EQ(opcode_of(data), 3) << "the transfer ended during the flap: " << data;
    const auto number =
        static_cast<uint16_t>((static_cast<uint8_t>(data[2]) << 8) | static_cast<uint8_t>(data[3]));
    if (number < block) continue;  // a retransmission of a block already taken
    ASSERT_EQ(number, block);
    content += data.substr(4);
    client.ack(block++);
    if (data.size() < 4 + 512) break;
  }
  EXPECT_EQ(content, read(root_ / "flap.bin"));
  bool finished = false;
  for (int attempt = 0; attempt < 50 && !finished; ++attempt, usleep(20000)) {
    for (const auto& event : server_->events()) {
      finished |= event.kind == TransferEvent::Kind::kFinish && event.file == "flap.bin";
    }
  }
  EXPECT_TRUE(finished) << "the server did not log the transfer as finished";
  client_ns.destroy();  // takes the veth pair with it
}

// netascii: the bytes on the wire are converted (LF -> CR LF, CR -> CR NUL), and tftp-hpa's
// ascii mode turns them back into the original file. Before, the raw bytes went out.
TEST_F(TftpSafety, NetasciiIsConverted) {
  using namespace std::string_literals;
  const std::string text = "line1\nline2\r\nbare\rend\n";
  write(root_ / "text.txt", text);
  start(options());
  EXPECT_EQ(RawClient(server_->port(), "127.0.0.13").download("text.txt", "netascii"),
            "line1\r\nline2\r\0\r\nbare\r\0end\r\n"s);
  EXPECT_EQ(RawClient(server_->port(), "127.0.0.13").download("text.txt", "octet"), text);
  if (!tftp_test::have_program("tftp")) GTEST_SKIP() << "no tftp-hpa client for the ascii check";
  const fs::path out = root_.string() + ".ascii";
  const auto result = tftp_test::run("tftp 127.0.0.1 " + std::to_string(server_->port()) +
                                     " -m ascii -c get text.txt " + out.string());
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(read(out), text) << "tftp-hpa ascii mode did not get the original text back";
}

// The iPXE chain's routes: fixed names served from files outside the root (Debian's
// /usr/lib/ipxe), the root's files beside them, nothing else outside the root; with no root at
// all, only the routes.
TEST_F(TftpSafety, RoutesServeTheirFixedFilesOnly) {
  const fs::path outside = root_.string() + ".ipxe";
  fs::create_directories(outside);
  write(outside / "undionly.kpxe", pattern(2000, 'i'));
  write(outside / "other.bin", pattern(10, 'o'));
  auto routed = options();
  routed.routes = {{"pxescope/undionly.kpxe", (outside / "undionly.kpxe").string()}};
  start(routed);
  EXPECT_EQ(RawClient(server_->port(), "127.0.0.15").download("pxescope/undionly.kpxe"),
            read(outside / "undionly.kpxe"));
  EXPECT_EQ(RawClient(server_->port(), "127.0.0.15").download("/pxescope/undionly.kpxe"),
            read(outside / "undionly.kpxe"));
  EXPECT_EQ(RawClient(server_->port(), "127.0.0.15").download("small.bin"),
            read(root_ / "small.bin"));
  RawClient sibling(server_->port(), "127.0.0.15");
  EXPECT_EQ(sibling.download("pxescope/other.bin"), "");
  EXPECT_EQ(code_of(sibling.last_reply()), 1) << "a route is one file, not its directory";
  server_.reset();

  auto routes_only = routed;
  routes_only.root.clear();
  start(routes_only);
  EXPECT_EQ(RawClient(server_->port(), "127.0.0.16").download("pxescope/undionly.kpxe"),
            read(outside / "undionly.kpxe"));
  RawClient other(server_->port(), "127.0.0.16");
  EXPECT_EQ(other.download("small.bin"), "");
  EXPECT_EQ(code_of(other.last_reply()), 1);
  EXPECT_NE(other.last_reply().find("no TFTP root"), std::string::npos)
      << other.last_reply().substr(4);
}

// dnsmasq's TFTP family of lines, as its man page describes them.
TEST_F(TftpSafety, DnsmasqTftpLines) {
  fs::create_directories(root_ / "127.0.0.14");
  write(root_ / "127.0.0.14" / "small.bin", pattern(600, 'u'));
  write(root_ / "private.bin", pattern(100, 'p'));
  fs::permissions(root_ / "private.bin", fs::perms::owner_read | fs::perms::owner_write);
  auto settings = options();
  settings.lowercase = true;
  settings.unique_root = true;
  settings.no_blocksize = true;
  settings.secure = true;
  settings.port_min = settings.port_max = 40123;
  start(settings);
  // tftp-unique-root: the client's own directory when it exists, else the root.
  EXPECT_EQ(RawClient(server_->port(), "127.0.0.14").download("small.bin"), pattern(600, 'u'));
  // tftp-lowercase: "SMALL.BIN" is small.bin.
  EXPECT_EQ(RawClient(server_->port(), "127.0.0.15").download("SMALL.BIN"),
            read(root_ / "small.bin"));
  // tftp-no-blocksize: blksize is not acknowledged (tsize still is); tftp-port-range: the TID.
  RawClient client(server_->port(), "127.0.0.15");
  client.send_request(1, {"small.bin", "octet", "blksize", "1468", "tsize", "0"});
  const std::string oack = client.receive();
  ASSERT_EQ(opcode_of(oack), 6);
  EXPECT_EQ(oack, std::string("\0\6tsize\0"
                              "1500\0",
                              13));
  EXPECT_EQ(client.tid_port(), 40123);
  // The range has one port and it is taken: the next request is refused, naming the range.
  RawClient second(server_->port(), "127.0.0.16");
  second.send_request(1, {"small.bin", "octet"});
  const std::string busy = second.receive();
  EXPECT_EQ(opcode_of(busy), 5);
  EXPECT_NE(busy.find("tftp-port-range 40123-40123"), std::string::npos) << busy;
  client.send_to_tid(std::string("\0\5\0\0done\0", 9));  // frees the port
  // Running as root (these tests do), only world-readable files are served, secure or not.
  if (geteuid() == 0) {
    usleep(100000);
    RawClient reader(server_->port(), "127.0.0.17");
    reader.send_request(1, {"private.bin", "octet"});
    const std::string refused = reader.receive();
    EXPECT_EQ(opcode_of(refused), 5);
    EXPECT_EQ(code_of(refused), 2);
    EXPECT_NE(refused.find("world-readable"), std::string::npos) << refused;
  }
}

// The TFTP port is never shared: another server holding it (even with SO_REUSEADDR, as many
// do) makes open() fail with an error naming the port, instead of both taking requests.
TEST_F(TftpSafety, PortInUseIsAnErrorNotShared) {
  constexpr uint16_t kBusyPort = 6972;
  const int other = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(other, 0);
  const int on = 1;
  setsockopt(other, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(kBusyPort);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(other, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  auto settings = options();
  settings.port = kBusyPort;
  TftpServer server(settings);
  std::string error;
  EXPECT_FALSE(server.open(error)) << "the server shared a port another program holds";
  // The one "port in use" line of the port guards (port_owner.hpp), naming the holder.
  EXPECT_NE(error.find("UDP port 6972"), std::string::npos) << error;
  EXPECT_NE(error.find("in use by"), std::string::npos) << error;
  close(other);
}

// RFC 1350: a packet to a transfer's port from another address/port gets ERROR 5 (not an ICMP
// port unreachable) and the transfer goes on.
TEST_F(TftpSafety, UnknownTidGetsError5AndTheTransferGoesOn) {
  start(options());
  RawClient owner(server_->port(), "127.0.0.18");
  owner.send_request(1, {"small.bin", "octet"});
  std::string data = owner.receive();
  ASSERT_EQ(opcode_of(data), 3);
  std::string content = data.substr(4);
  RawClient stranger(server_->port(), "127.0.0.19");
  stranger.use_tid_of(owner);
  stranger.ack(1);
  const std::string reply = stranger.receive();
  EXPECT_EQ(opcode_of(reply), 5) << "no ERROR for the stranger";
  EXPECT_EQ(code_of(reply), 5);
  for (uint16_t block = 1; block <= 3; ++block) {  // small.bin: 512 + 512 + 476 bytes
    owner.ack(block);
    if (block == 3) break;
    data = owner.receive();
    ASSERT_EQ(opcode_of(data), 3) << "the owner's transfer did not go on";
    ASSERT_EQ(static_cast<uint8_t>(data[3]), block + 1);
    content += data.substr(4);
  }
  EXPECT_EQ(content, read(root_ / "small.bin"));
}

// The client took the last block and left before its final ACK arrived: the retransmission
// draws an ICMP port unreachable, which ends the transfer as finished (not a 20 s timeout).
TEST_F(TftpSafety, ClientGoneAfterLastBlockIsAFinish) {
  start(options());
  {
    RawClient leaver(server_->port(), "127.0.0.20");
    leaver.send_request(1, {"small.bin", "octet"});
    for (uint16_t block = 1; block <= 3; ++block) {
      ASSERT_EQ(opcode_of(leaver.receive()), 3);
      if (block < 3) leaver.ack(block);
    }
  }  // the socket closes: the server's resend of block 3 meets a closed port
  bool finished = false;
  for (int waited = 0; waited < 8000 && !finished; waited += 50) {  // the resend comes after 1 s
    for (const auto& event : server_->events()) {
      finished |= event.kind == TransferEvent::Kind::kFinish &&
                  event.message.find("final ACK lost") != std::string::npos;
    }
    usleep(50000);
  }
  EXPECT_TRUE(finished) << "the client's ICMP port unreachable was not taken as its exit";
}

// tftp-single-port: every transfer answers from the listening port (for firewalls and NAT), and
// two transfers in flight on it stay apart (told by the client's address and port).
TEST_F(TftpSafety, SinglePortKeepsTransfersOnTheListeningPort) {
  auto settings = options();
  settings.single_port = true;
  start(settings);
  RawClient first(server_->port(), "127.0.0.21"), second(server_->port(), "127.0.0.22");
  std::string got[2];
  RawClient* clients[2] = {&first, &second};
  for (RawClient* client : clients) client->send_request(1, {"small.bin", "octet"});
  for (uint16_t block = 1; block <= 3; ++block) {  // small.bin: 512 + 512 + 476 bytes, lockstep
    for (int i = 0; i < 2; ++i) {
      const std::string data = clients[i]->receive();
      ASSERT_EQ(opcode_of(data), 3) << "client " << i << " block " << block;
      ASSERT_EQ(static_cast<uint8_t>(data[3]), block);
      EXPECT_EQ(clients[i]->tid_port(), server_->port()) << "a transfer left the listening port";
      got[i] += data.substr(4);
    }
    for (RawClient* client : clients) client->ack(block);
  }
  EXPECT_EQ(got[0], read(root_ / "small.bin"));
  EXPECT_EQ(got[1], read(root_ / "small.bin"));
  int finished = 0;
  for (int attempt = 0; attempt < 50 && finished < 2; ++attempt, usleep(20000)) {
    finished = 0;
    for (const auto& event : server_->events())
      finished += event.kind == TransferEvent::Kind::kFinish;
  }
  EXPECT_EQ(finished, 2);
}
