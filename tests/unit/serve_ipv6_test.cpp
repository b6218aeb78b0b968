// The TFTP and HTTP servers over IPv6 (issue 12): client endpoints of either family as text and
// keys, and both servers answering on [::1] beside IPv4 with the same rules (caps, logs showing
// [addr]:port). Over loopback: no root needed. The responder's namespace test (link-local,
// readdressing) is tests/integration/respond_ipv6_test.cpp.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "responder/http/http_server.hpp"
#include "responder/net/endpoint.hpp"
#include "tests/integration/tftp_server_support.hpp"

namespace fs = std::filesystem;
using pxescope::responder::Endpoint;
using pxescope::responder::endpoint_key;
using pxescope::responder::endpoint_text;
using pxescope::responder::host_key;
using pxescope::responder::host_text;

namespace {

Endpoint v6(const char* ip, uint16_t port, uint32_t scope = 0) {
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_port = htons(port);
  address.sin6_scope_id = scope;
  inet_pton(AF_INET6, ip, &address.sin6_addr);
  return Endpoint::from_v6(address);
}

Endpoint v4(const char* ip, uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  inet_pton(AF_INET, ip, &address.sin_addr);
  return Endpoint::from_v4(address);
}

struct TempRoot {
  TempRoot() {
    base = fs::temp_directory_path() / ("serve_ipv6_test." + std::to_string(getpid()));
    fs::remove_all(base);
    fs::create_directories(base);
    std::ofstream(base / "boot.efi") << std::string(1300, 'x');  // three blocks of 512
    fs::permissions(base / "boot.efi", fs::perms::owner_read | fs::perms::owner_write |
                                           fs::perms::group_read | fs::perms::others_read);
  }
  ~TempRoot() { fs::remove_all(base); }
  fs::path base;
};

// A UDP socket on ::1 that speaks to the server's port (5 s bound on every receive).
class V6Client {
 public:
  explicit V6Client(uint16_t port) {
    fd_ = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    timeval timeout{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    server_ = v6("::1", port);
  }
  ~V6Client() { close(fd_); }
  void rrq(const std::string& file) {
    const std::string packet = std::string{0, 1} + file + '\0' + "octet" + '\0';
    sendto(fd_, packet.data(), packet.size(), 0, server_.address(), server_.size());
  }
  std::string receive() {
    char buffer[2048];
    socklen_t length = Endpoint::capacity();
    const ssize_t got = recvfrom(fd_, buffer, sizeof buffer, 0, tid_.address(), &length);
    return got < 0 ? std::string() : std::string(buffer, static_cast<size_t>(got));
  }
  void ack(uint16_t block) {
    const std::string packet{0, 4, static_cast<char>(block >> 8), static_cast<char>(block & 0xff)};
    sendto(fd_, packet.data(), packet.size(), 0, tid_.address(), tid_.size());
  }
  std::string download(const std::string& file) {
    rrq(file);
    std::string content;
    for (uint16_t block = 1; block < 100; ++block) {  // bounded
      const std::string data = receive();
      if (data.size() < 4 || data[1] != 3) return "refused: " + data;
      content += data.substr(4);
      ack(block);
      if (data.size() < 4 + 512) break;
    }
    return content;
  }
  const Endpoint& tid() const { return tid_; }

 private:
  int fd_ = -1;
  Endpoint server_, tid_;
};

tftp_test::TftpServer::Options tftp_options(const fs::path& root) {
  tftp_test::TftpServer::Options options;
  options.root = root;
  options.port = 0;
  options.bind_ip = "127.0.0.1";
  options.ipv6 = true;
  return options;
}

}  // namespace

TEST(Endpoint, TextSaysTheFamilyAndTheLinkOfALinkLocalAddress) {
  EXPECT_EQ(endpoint_text(v4("192.0.2.10", 2070)), "192.0.2.10:2070");
  EXPECT_EQ(endpoint_text(v6("fd00:77::100", 2070)), "[fd00:77::100]:2070");
  EXPECT_EQ(host_text(v6("fd00:77::100", 1)), "fd00:77::100");
  // Loopback's index is 1 on Linux; a link-local address names its link.
  EXPECT_EQ(endpoint_text(v6("fe80::1", 69, 1)), "[fe80::1%lo]:69");
  EXPECT_EQ(host_text(v6("fe80::1", 69, 999999)), "fe80::1%999999");  // no such link: its number
}

TEST(Endpoint, KeysTellHostsApartAcrossFamiliesAndLinks) {
  EXPECT_EQ(host_key(v4("192.0.2.10", 1)), host_key(v4("192.0.2.10", 2)));
  EXPECT_NE(endpoint_key(v4("192.0.2.10", 1)), endpoint_key(v4("192.0.2.10", 2)));
  EXPECT_NE(host_key(v4("192.0.2.10", 1)), host_key(v6("fd00::1", 1)));
  // The same link-local address on two links is two hosts; a global one is one host.
  EXPECT_NE(host_key(v6("fe80::1", 1, 2)), host_key(v6("fe80::1", 1, 3)));
  EXPECT_EQ(host_key(v6("fd00::1", 1, 2)), host_key(v6("fd00::1", 1, 3)));
  EXPECT_FALSE(pxescope::responder::same_endpoint(v4("0.0.0.1", 5), v6("::1", 5)));
  EXPECT_TRUE(pxescope::responder::same_endpoint(v6("::1", 5), v6("::1", 5)));
}

TEST(TftpIpv6, DownloadsOverIpv6AndIpv4FromOneServerAndLogsTheIpv6Peer) {
  TempRoot root;
  tftp_test::ServerThread server;
  std::string error;
  ASSERT_TRUE(server.start(tftp_options(root.base), error)) << error;
  V6Client client(server.port());
  EXPECT_EQ(client.download("boot.efi"), std::string(1300, 'x'));
  EXPECT_TRUE(client.tid().is_v6());
  tftp_test::RawClient over_v4(server.port());
  EXPECT_EQ(over_v4.download("boot.efi"), std::string(1300, 'x'));
  bool logged_v6 = false;
  for (int waited = 0; waited < 500 && !logged_v6; waited += 10) {  // the finish is logged
    for (const auto& event : server.events())
      logged_v6 |= event.kind == pxescope::tftp::TransferEvent::Kind::kFinish &&
                   event.client.starts_with("[::1]:") && event.bytes == 1300;
    if (!logged_v6) usleep(10000);
  }
  EXPECT_TRUE(logged_v6);
}

TEST(TftpIpv6, ConfinementAndThePerClientCapApplyOverIpv6) {
  TempRoot root;
  auto options = tftp_options(root.base);
  options.max_per_client = 1;
  tftp_test::ServerThread server;
  std::string error;
  ASSERT_TRUE(server.start(options, error)) << error;
  V6Client escaping(server.port());
  const std::string outside =
      escaping.download("../" + root.base.filename().string() + "/boot.efi");
  EXPECT_NE(outside.find("access violation"), std::string::npos) << outside;
  V6Client first(server.port()), second(server.port());
  first.rrq("boot.efi");
  ASSERT_EQ(first.receive().substr(0, 2), std::string({0, 3}));  // DATA 1, transfer in flight
  second.rrq("boot.efi");
  const std::string refused = second.receive();
  ASSERT_GE(refused.size(), 4u);
  EXPECT_EQ(refused[1], 5) << "ERROR";
  EXPECT_NE(refused.find("too many transfers from ::1"), std::string::npos) << refused.substr(4);
}

TEST(TftpIpv6, WithoutIpv6NothingListensOnIpv6) {
  TempRoot root;
  auto options = tftp_options(root.base);
  options.ipv6 = false;
  tftp_test::ServerThread server;
  std::string error;
  ASSERT_TRUE(server.start(options, error)) << error;
  // A connected socket sees the kernel's port unreachable: nobody on [::1]:port.
  const int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  const Endpoint target = v6("::1", server.port());
  ASSERT_EQ(connect(fd, target.address(), target.size()), 0);
  const std::string rrq = std::string{0, 1} + "boot.efi" + '\0' + "octet" + '\0';
  send(fd, rrq.data(), rrq.size(), 0);
  pollfd wait{fd, POLLIN, 0};
  poll(&wait, 1, 5000);
  char buffer[600];
  EXPECT_LT(recv(fd, buffer, sizeof buffer, MSG_DONTWAIT), 0);
  EXPECT_EQ(errno, ECONNREFUSED);
  close(fd);
}

TEST(HttpIpv6, AnswersOverIpv6AndLogsTheIpv6Peer) {
  TempRoot root;
  namespace http = pxescope::responder::http;
  std::mutex mutex;
  std::vector<http::RequestEvent> events;
  http::HttpServer::Options options;
  options.root = root.base;
  options.bind_ip = "127.0.0.1";
  options.port = 0;
  options.ipv6 = true;
  options.logger = [&](const http::RequestEvent& event) {
    std::lock_guard lock(mutex);
    events.push_back(event);
  };
  http::HttpServer server(std::move(options));
  std::string error;
  ASSERT_TRUE(server.open(error)) << error;
  ASSERT_TRUE(server.listens_ipv6());
  std::atomic<bool> stop{false};
  std::thread loop([&] { server.run_until(stop); });
  const int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const Endpoint target = v6("::1", server.bound_port());
  ASSERT_EQ(connect(fd, target.address(), target.size()), 0);
  const std::string request = "GET /boot.efi HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n";
  send(fd, request.data(), request.size(), 0);
  std::string answer;
  char buffer[4096];
  for (int reads = 0; reads < 100; ++reads) {  // bounded; the server closes after the answer
    pollfd wait{fd, POLLIN, 0};
    if (poll(&wait, 1, 5000) <= 0) break;
    const ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    if (got <= 0) break;
    answer.append(buffer, static_cast<size_t>(got));
  }
  close(fd);
  stop = true;
  loop.join();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200 OK")) << answer.substr(0, 200);
  EXPECT_NE(answer.find(std::string(1300, 'x')), std::string::npos);
  std::lock_guard lock(mutex);
  ASSERT_FALSE(events.empty());
  EXPECT_TRUE(events.back().client.starts_with("[::1]:")) << events.back().client;
  EXPECT_EQ(events.back().status, 200);
}

TEST(HttpIpv6, ThePerClientCapCountsAnIpv6Client) {
  TempRoot root;
  namespace http = pxescope::responder::http;
  http::HttpServer::Options options;
  options.root = root.base;
  options.bind_ip = "127.0.0.1";
  options.port = 0;
  options.ipv6 = true;
  options.max_per_client = 1;
  http::HttpServer server(std::move(options));
  std::string error;
  ASSERT_TRUE(server.open(error)) << error;
  std::atomic<bool> stop{false};
  std::thread loop([&] { server.run_until(stop); });
  const Endpoint target = v6("::1", server.bound_port());
  // The first connection holds the client's one slot (idle, no request yet).
  const int first = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_EQ(connect(first, target.address(), target.size()), 0);
  for (int waited = 0; waited < 500 && server.connections() == 0; waited += 10) usleep(10000);
  const int second = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_EQ(connect(second, target.address(), target.size()), 0);
  std::string answer;
  char buffer[1024];
  for (int reads = 0; reads < 20; ++reads) {  // bounded: the 503 comes at once, then the close
    pollfd wait{second, POLLIN, 0};
    if (poll(&wait, 1, 5000) <= 0) break;
    const ssize_t got = recv(second, buffer, sizeof buffer, 0);
    if (got <= 0) break;
    answer.append(buffer, static_cast<size_t>(got));
  }
  close(first);
  close(second);
  stop = true;
  loop.join();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 503")) << answer.substr(0, 120);
  EXPECT_NE(answer.find("Retry-After:"), std::string::npos) << answer.substr(0, 300);
}
