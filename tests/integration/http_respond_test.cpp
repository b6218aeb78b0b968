// `pxescope respond --http-port` end to end with curl: a veth link between two throw-away
// namespaces (names suffixed with the pid), the responder in one, curl and raw sockets in the
// other. GET, HEAD, Range, keep-alive, traversal, slow and oversized heads, methods that would
// write, the connection caps, 200 concurrent downloads, the interface-only bind; the routes
// through an in-process HttpServer. Needs root, ip and curl; skips otherwise.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "responder/http/http_server.hpp"
#include "tests/integration/tftp_test_support.hpp"

namespace fs = std::filesystem;
using tftp_test::read_file;
using tftp_test::run;

namespace {

constexpr const char* kServerIp = "10.79.0.1";

class HttpRespond : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const auto missing = tftp_test::missing_root_or_tools({"ip", "curl", "sha256sum"});
        !missing.empty())
      GTEST_SKIP() << missing;
    binary_ = std::string(PXESCOPE_BIN_DIR) + "/pxescope";
    if (access(binary_.c_str(), X_OK) != 0) GTEST_SKIP() << "no " << binary_ << " (build it)";
    const std::string suffix = std::to_string(getpid());
    base_ = fs::temp_directory_path() / ("http_respond_test." + suffix);
    fs::remove_all(base_);
    fs::create_directories(base_ / "root" / "sub");
    fs::permissions(base_, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    std::string big(3 << 20, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 7919) >> 5);
    write(base_ / "root" / "big.bin", big);
    write(base_ / "root" / "sub" / "a.txt", "0123456789");
    write(base_ / "secret.txt", "outside the root\n");
    fs::create_symlink(base_ / "secret.txt", base_ / "root" / "escape.txt");
    ASSERT_TRUE(server_ns_.create("pxhttps" + suffix));
    ASSERT_TRUE(client_ns_.create("pxhttpc" + suffix));
    link_ = "pxhs" + suffix;
    ASSERT_TRUE(tftp_test::connect_with_veth(server_ns_, link_, std::string(kServerIp) + "/24",
                                             client_ns_, "pxhc" + suffix, "10.79.0.2/24"));
  }

  void TearDown() override {
    stop();
    home_.go_back();
    client_ns_.destroy();
    server_ns_.destroy();
    if (!base_.empty()) fs::remove_all(base_);
  }

  static void write(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                              fs::perms::others_read);
  }

  // Starts `pxescope respond` in the server namespace with these extra config lines.
  void start(const std::string& config_lines) {
    std::ofstream(base_ / "pxe.conf")
        << "http-port=8080\nhttp-header-timeout=1\nhttp-idle-timeout=1\n"
        << config_lines;
    log_ = (base_ / "respond.log").string();
    ASSERT_TRUE(server_ns_.enter());
    respond_ = fork();
    ASSERT_GE(respond_, 0);
    if (respond_ == 0) {
      const int out = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(out, STDOUT_FILENO);
      dup2(out, STDERR_FILENO);
      execl(binary_.c_str(), binary_.c_str(), "respond", "--iface", link_.c_str(), "--tftp-root",
            (base_ / "root").c_str(), "--boot-file", "big.bin", "--dhcp-check", "0", "--config",
            (base_ / "pxe.conf").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    ASSERT_TRUE(home_.go_back());
    for (int waited = 0; waited < 10000; waited += 20) {  // bounded: until respond logs its start
      if (read_file(log_).find("http=") != std::string::npos) break;
      usleep(20000);
    }
    ASSERT_NE(read_file(log_).find("http=10.79.0.1:8080"), std::string::npos) << read_file(log_);
  }

  void stop() {
    if (respond_ <= 0) return;
    kill(respond_, SIGTERM);
    for (int waited = 0; waited < 5000 && waitpid(respond_, nullptr, WNOHANG) == 0; waited += 10)
      usleep(10000);
    if (waitpid(respond_, nullptr, WNOHANG) == 0) {
      kill(respond_, SIGKILL);
      waitpid(respond_, nullptr, 0);
    }
    respond_ = -1;
  }

  // A command in the client namespace (bounded in time), its output.
  tftp_test::CommandResult client(const std::string& command, int timeout_s = 60) {
    return run("ip netns exec " + client_ns_.name() + " " + command, timeout_s);
  }
  std::string url(const std::string& path) const {
    return std::string("http://") + kServerIp + ":8080" + path;
  }
  // "200", "404", ... of one curl request (extra curl arguments before the URL).
  std::string status_of(const std::string& args, const std::string& path) {
    return client("curl -s -o /dev/null -w '%{http_code}' --path-as-is " + args + " '" + url(path) +
                  "'")
        .output;
  }

  // A TCP socket connected from the client namespace to the server (-1 on failure).
  int connect_raw() {
    if (!client_ns_.enter()) return -1;
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    home_.go_back();
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(8080);
    inet_pton(AF_INET, kServerIp, &address.sin_addr);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      if (fd >= 0) close(fd);
      return -1;
    }
    return fd;
  }
  // Everything the server sends until it closes (or `timeout_ms` without a byte).
  static std::string read_until_closed(int fd, int timeout_ms = 5000) {
    std::string got;
    char buffer[4096];
    for (int reads = 0; reads < 10000; ++reads) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, timeout_ms) <= 0) break;
      const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      got.append(buffer, static_cast<std::size_t>(n));
    }
    return got;
  }

  std::string binary_, link_, log_;
  fs::path base_;
  tftp_test::HomeNamespace home_;
  tftp_test::Namespace server_ns_, client_ns_;
  pid_t respond_ = -1;
};

}  // namespace

TEST_F(HttpRespond, GetHeadRangeAndKeepAlive) {
  start("");
  const std::string out = (base_ / "got.bin").string();
  EXPECT_EQ(client("curl -s -o " + out + " -w '%{http_code}' " + url("/big.bin")).output, "200");
  EXPECT_EQ(run("cmp " + out + " " + (base_ / "root" / "big.bin").string()).exit_code, 0);

  const std::string head = client("curl -sI " + url("/sub/a.txt")).output;
  EXPECT_NE(head.find("HTTP/1.1 200 OK"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Length: 10"), std::string::npos) << head;
  EXPECT_NE(head.find("Accept-Ranges: bytes"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Type: text/plain"), std::string::npos) << head;

  EXPECT_EQ(client("curl -s -r 2-4 " + url("/sub/a.txt")).output, "234");
  EXPECT_EQ(client("curl -s -r -3 " + url("/sub/a.txt")).output, "789");
  EXPECT_EQ(client("curl -s -r 7- " + url("/sub/a.txt")).output, "789");
  const std::string partial =
      client("curl -s -D - -o /dev/null -r 2-4 " + url("/sub/a.txt")).output;
  EXPECT_NE(partial.find("206 Partial Content"), std::string::npos) << partial;
  EXPECT_NE(partial.find("Content-Range: bytes 2-4/10"), std::string::npos) << partial;
  const std::string past = client("curl -s -D - -o /dev/null -r 10-20 " + url("/sub/a.txt")).output;
  EXPECT_NE(past.find("416 Range Not Satisfiable"), std::string::npos) << past;
  EXPECT_NE(past.find("Content-Range: bytes */10"), std::string::npos) << past;

  // Two requests, one connection (curl says it re-uses it).
  const std::string twice =
      client("curl -sv -o /dev/null -o /dev/null " + url("/sub/a.txt") + " " + url("/big.bin"))
          .output;
  EXPECT_NE(twice.find("Re-using existing connection"), std::string::npos) << twice;
  // HTTP/1.0 without keep-alive: closed after the answer.
  const std::string old = client("curl -s0 -D - -o /dev/null " + url("/sub/a.txt")).output;
  EXPECT_NE(old.find("Connection: close"), std::string::npos) << old;

  const std::string log = read_file(log_);
  EXPECT_NE(log.find("method=GET path=/big.bin status=200 bytes=3145728"), std::string::npos)
      << log;
  EXPECT_NE(log.find("method=HEAD path=/sub/a.txt status=200 bytes=0 length=10"), std::string::npos)
      << log;
  EXPECT_NE(log.find("status=206 bytes=3 length=3 range=\"bytes=2-4\""), std::string::npos) << log;
  EXPECT_NE(log.find("agent=curl/"), std::string::npos) << log;
}

TEST_F(HttpRespond, TraversalNeverLeavesTheRoot) {
  start("");
  const std::vector<std::string> attempts = {
      "/../secret.txt",
      "/sub/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/%2E%2E%2fsecret.txt",
      "/sub/%2e%2e/%2e%2e/secret.txt",
      "/..%5csecret.txt",
      "/sub\\..\\..\\secret.txt",
      "/a%00.txt",
      "/escape.txt",  // a symlink pointing outside
      "//etc/passwd/../../../../secret.txt",
      "/" + (base_ / "secret.txt").string(),
      "/sub/",
      "/",
  };
  for (const std::string& path : attempts) {
    const std::string status = status_of("", path);
    EXPECT_TRUE(status == "404" || status == "400" || status == "403") << path << " -> " << status;
    const std::string body = client("curl -s --path-as-is '" + url(path) + "'").output;
    EXPECT_EQ(body.find("outside the root"), std::string::npos) << path;
  }
  EXPECT_EQ(status_of("", "/sub/./a.txt"), "200");
}

TEST_F(HttpRespond, SlowAndOversizedHeadsAreAnsweredAndClosed) {
  start("");
  const int slow = connect_raw();
  ASSERT_GE(slow, 0);
  ASSERT_EQ(send(slow, "GET /sub/a.txt HTTP/1.1\r\nHost: x\r\n", 35, MSG_NOSIGNAL), 35);
  // Never finished: the server answers 408 after http-header-timeout=1 and closes.
  const std::string timed_out = read_until_closed(slow);
  close(slow);
  EXPECT_EQ(timed_out.rfind("HTTP/1.1 408 Request Timeout\r\n", 0), 0u) << timed_out;
  EXPECT_NE(timed_out.find("Connection: close"), std::string::npos) << timed_out;

  const std::string huge =
      client("curl -s -o /dev/null -w '%{http_code}' -H 'X-Big: " + std::string(20000, 'x') + "' " +
             url("/sub/a.txt"))
          .output;
  EXPECT_EQ(huge, "431");
  const std::string log = read_file(log_);
  EXPECT_NE(log.find("status=408"), std::string::npos) << log;
  EXPECT_NE(log.find("status=431"), std::string::npos) << log;
}

TEST_F(HttpRespond, MethodsThatWouldWriteGet405AndWriteNothing) {
  start("");
  for (const char* method : {"PUT", "POST", "DELETE", "PATCH", "OPTIONS"}) {
    const std::string head = client(std::string("curl -s -D - -o /dev/null -X ") + method +
                                    " --data written " + url("/new.txt"))
                                 .output;
    EXPECT_NE(head.find("405 Method Not Allowed"), std::string::npos) << method << head;
    EXPECT_NE(head.find("Allow: GET, HEAD"), std::string::npos) << method << head;
  }
  EXPECT_EQ(status_of("-X PUT --data-binary @/etc/hostname", "/sub/a.txt"), "405");
  EXPECT_FALSE(fs::exists(base_ / "root" / "new.txt"));
  EXPECT_EQ(read_file((base_ / "root" / "sub" / "a.txt").string()), "0123456789");
}

TEST_F(HttpRespond, TheCapsAnswer503) {
  start("http-max-per-client=2\n");
  const int first = connect_raw(), second = connect_raw();
  ASSERT_GE(first, 0);
  ASSERT_GE(second, 0);
  const std::string refused = client("curl -s -D - -o /dev/null " + url("/sub/a.txt")).output;
  EXPECT_NE(refused.find("503 Service Unavailable"), std::string::npos) << refused;
  EXPECT_NE(refused.find("Retry-After: "), std::string::npos) << refused;
  close(first);
  close(second);
  // Once they are gone the client is served again (bounded wait for the server to see it).
  std::string status;
  for (int tries = 0; tries < 50 && status != "200"; ++tries) {
    status = status_of("", "/sub/a.txt");
    if (status != "200") usleep(100000);
  }
  EXPECT_EQ(status, "200");
  EXPECT_NE(read_file(log_).find("http-max-per-client"), std::string::npos) << read_file(log_);
}

TEST_F(HttpRespond, TheTotalCapAnswers503Too) {
  start("http-max=1\nhttp-max-per-client=0\n");
  const int holder = connect_raw();
  ASSERT_GE(holder, 0);
  const std::string refused = client("curl -s -D - -o /dev/null " + url("/sub/a.txt")).output;
  EXPECT_NE(refused.find("503 Service Unavailable"), std::string::npos) << refused;
  close(holder);
  EXPECT_NE(read_file(log_).find("the http-max limit"), std::string::npos) << read_file(log_);
}

TEST_F(HttpRespond, TwoHundredConcurrentDownloadsAreIdentical) {
  start("http-max=256\nhttp-max-per-client=256\n");
  const fs::path out = base_ / "downloads";
  fs::create_directories(out);
  std::string command = "curl -s --parallel --parallel-immediate --parallel-max 200";
  for (int i = 0; i < 200; ++i)
    command += " -o " + (out / std::to_string(i)).string() + " " + url("/big.bin");
  EXPECT_EQ(client(command, 300).exit_code, 0);
  const std::string sums =
      run("sha256sum " + out.string() + "/* | cut -d' ' -f1 | sort | uniq -c").output;
  const std::string expected =
      run("sha256sum " + (base_ / "root" / "big.bin").string() + " | cut -d' ' -f1").output;
  EXPECT_EQ(sums.find("    200 " + expected.substr(0, 64)), 0u) << sums << expected;
  // Every one was served whole (none refused at a cap, none cut).
  const std::string log = read_file(log_);
  std::size_t served = 0;
  for (std::size_t at = log.find("path=/big.bin status=200 bytes=3145728"); at != std::string::npos;
       at = log.find("path=/big.bin status=200 bytes=3145728", at + 1))
    ++served;
  EXPECT_EQ(served, 200u) << log;
}

TEST_F(HttpRespond, ListensOnlyOnTheInterfaceAddress) {
  start("");
  const std::string listening =
      run("ip netns exec " + server_ns_.name() + " ss -Hltn 'sport = :8080'").output;
  EXPECT_NE(listening.find("10.79.0.1:8080"), std::string::npos) << listening;
  EXPECT_EQ(listening.find("0.0.0.0:8080"), std::string::npos) << listening;
}

// SIGHUP with a new http-root: the next request is served from it.
TEST_F(HttpRespond, ReloadServesTheNewRoot) {
  fs::create_directories(base_ / "other");
  write(base_ / "other" / "only-here.txt", "new root");
  start("");
  EXPECT_EQ(status_of("", "/only-here.txt"), "404");
  std::ofstream(base_ / "pxe.conf", std::ios::app)
      << "http-root=" << (base_ / "other").string() << "\n";
  kill(respond_, SIGHUP);
  std::string body;
  for (int tries = 0; tries < 50 && body != "new root"; ++tries) {  // bounded: 5 s
    body = client("curl -s --max-time 2 " + url("/only-here.txt")).output;
    if (body != "new root") usleep(100000);
  }
  EXPECT_EQ(body, "new root") << read_file(log_);
  EXPECT_NE(read_file(log_).find("http-root:  -> "), std::string::npos) << read_file(log_);
}

// The interface gets a new address: HTTP follows it (it listens on the interface's address).
TEST_F(HttpRespond, FollowsTheInterfaceToItsNewAddress) {
  start("");
  const std::string in_server = "ip -n " + server_ns_.name() + " addr ";
  // Deleted first: a second address in the subnet would go with the primary one.
  ASSERT_EQ(run(in_server + "del 10.79.0.1/24 dev " + link_).exit_code, 0);
  ASSERT_EQ(run(in_server + "add 10.79.0.5/24 dev " + link_).exit_code, 0);
  std::string status;
  for (int tries = 0; tries < 20 && status != "200"; ++tries) {  // bounded: 20 x (2 s + 0.1 s)
    status = client(
                 "curl -s --max-time 2 -o /dev/null -w '%{http_code}' "
                 "http://10.79.0.5:8080/sub/a.txt")
                 .output;
    if (status != "200") usleep(100000);
  }
  EXPECT_EQ(status, "200") << read_file(log_);
  EXPECT_NE(read_file(log_).find("HTTP now listens on 10.79.0.5:8080"), std::string::npos)
      << read_file(log_);
}

// cfg.http_routes (the kernel mode's files and the generated iPXE script) are looked up before
// the root: an in-process server in the server namespace, curl from the client.
TEST_F(HttpRespond, RoutesAreServedBeforeTheRoot) {
  write(base_ / "kernel", "KERNEL-BYTES");
  write(base_ / "root" / "boot.ipxe", "from the root\n");
  using pxescope::responder::http::HttpServer;
  HttpServer::Options options;
  options.root = base_ / "root";
  options.bind_ip = kServerIp;
  options.port = 8080;
  options.routes = {{"/boot.ipxe", "", "#!ipxe\nchain kernel\n", ""},
                    {"/pxescope/kernel", (base_ / "kernel").string(), "", ""},
                    {"/pxescope/missing", (base_ / "nope").string(), "", ""}};
  ASSERT_TRUE(server_ns_.enter());
  HttpServer server(std::move(options));
  std::string error;
  const bool opened = server.open(error);
  ASSERT_TRUE(home_.go_back());
  ASSERT_TRUE(opened) << error;
  std::atomic<bool> stop{false};
  std::thread loop([&] { server.run_until(stop); });
  EXPECT_EQ(client("curl -s " + url("/boot.ipxe")).output, "#!ipxe\nchain kernel\n");
  EXPECT_EQ(client("curl -s " + url("/pxescope/kernel")).output, "KERNEL-BYTES");
  EXPECT_EQ(client("curl -s -r 0-5 " + url("/pxescope/kernel")).output, "KERNEL");
  EXPECT_EQ(status_of("", "/pxescope/missing"), "404");
  EXPECT_EQ(status_of("", "/sub/a.txt"), "200");  // the root still serves the rest
  stop = true;
  loop.join();
}
