// `pxescope respond` answering DHCPv6 on a real (virtual) wire: a server and a client
// network namespace (pid-suffixed names) joined by a veth pair. Requests are made by
// `pxescope probe -6` (libtins) and by this test from the client namespace, with libtins;
// replies are read back with libtins. Stateless (beside another DHCPv6 server) and full
// mode, Request -> Reply, a relay, malformed requests. Needs root; skips otherwise.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>
#include <tins/dhcpv6.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/ipv6_test_support.hpp"
#include "tests/integration/respond_process.hpp"
#include "tests/integration/tftp_test_support.hpp"
#include "tests/unit/dhcp6_test_support.hpp"

namespace {

using namespace pxescope::test6;
using tftp_test::HomeNamespace;
using tftp_test::Namespace;
using tftp_test::read_file;
using tftp_test::RespondProcess;
namespace fs = std::filesystem;

const std::string kId = std::to_string(::getpid() % 100000);
const std::string kServerIf = "s6" + kId, kClientIf = "c6" + kId;
constexpr const char* kServerIpv6 = "fd00:61::2";
constexpr const char* kServerLinkLocal = "fe80::ff:fe00:6101";  // EUI-64 of its MAC

std::string run(const std::string& cmd) {
  return tftp_test::run(cmd, 90).output;
}

class Dhcp6Respond : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    skip_ = tftp_test::missing_root_or_tools({"ip"});
    if (!skip_.empty()) return;
    if (!fs::exists(PXESCOPE_BIN_DIR "/pxescope")) {
      skip_ = "pxescope not built in " PXESCOPE_BIN_DIR;
      return;
    }
    server_ = std::make_unique<Namespace>();
    client_ = std::make_unique<Namespace>();
    const std::string s = "ip -n px6s" + kId + " ", c = "ip -n px6c" + kId + " ";
    const std::string sns = "ip netns exec px6s" + kId, cns = "ip netns exec px6c" + kId;
    // DAD off before the link exists (it inherits "default"), so link-locals are usable at once.
    const std::string no_dad =
        " sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0";
    const std::vector<std::string> steps = {
        sns + no_dad,
        cns + no_dad,
        s + "link add " + kServerIf + " address 02:00:00:00:61:01 type veth peer name " +
            kClientIf + " netns px6c" + kId,
        s + "addr add 10.61.0.1/24 dev " + kServerIf,
        s + "addr add " + std::string(kServerIpv6) + "/64 dev " + kServerIf + " nodad",
        s + "link set " + kServerIf + " up",
        c + "link set " + kClientIf + " up",
    };
    bool ok = server_->create("px6s" + kId) && client_->create("px6c" + kId);
    for (const std::string& step : steps) ok = ok && tftp_test::run(step, 10).exit_code == 0;
    if (!ok) {
      skip_ = "could not create the network namespaces";
      TearDownTestSuite();
      return;
    }
    // Both link-local addresses usable (not tentative) before the first test sends.
    tftp_test::wait_for_link_locals(
        s + "-6 addr show dev " + kServerIf + "; " + c + "-6 addr show dev " + kClientIf, 2);
  }
  static void TearDownTestSuite() {
    server_.reset();
    client_.reset();
  }

  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
    dir_ =
        fs::temp_directory_path() /
        ("pxdhcp6-" + kId + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    log_ = (dir_ / "respond.log").string();
  }
  void TearDown() override {
    respond_.stop();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // `pxescope respond` in the server namespace; true once its start line is logged.
  bool start(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"respond", "-i", kServerIf, "--dhcp-check", "0", "--no-tftp"};
    all.insert(all.end(), args.begin(), args.end());
    return respond_.start(*server_, home_, PXESCOPE_BIN_DIR "/pxescope", all, log_, " start ");
  }
  bool wait_for_log(const std::string& text) const {
    for (int i = 0; i < 100; ++i) {
      if (read_file(log_).find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // Sends `request` from the client namespace (source port `port`, to `to`) and returns the
  // first answer within `wait_ms` (empty when none), as a client socket there sees it.
  Bytes exchange(const Bytes& request, int wait_ms = 3000, std::uint16_t port = 546,
                 const char* to = "ff02::1:2") {
    Bytes answer;
    if (!client_->enter()) {
      ADD_FAILURE() << "setns into " << client_->name() << " failed";
      return answer;
    }
    const int fd = ::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, kClientIf.c_str(),
                 static_cast<socklen_t>(kClientIf.size()));
    sockaddr_in6 local{};
    local.sin6_family = AF_INET6;
    local.sin6_port = htons(port);
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local), 0);
    sockaddr_in6 dst{};
    dst.sin6_family = AF_INET6;
    dst.sin6_port = htons(547);
    ::inet_pton(AF_INET6, to, &dst.sin6_addr);
    dst.sin6_scope_id = if_nametoindex(kClientIf.c_str());
    EXPECT_EQ(::sendto(fd, request.data(), request.size(), 0, reinterpret_cast<sockaddr*>(&dst),
                       sizeof dst),
              static_cast<ssize_t>(request.size()))
        << std::strerror(errno);
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, wait_ms) == 1) {
      std::uint8_t buf[2048];
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n > 0) answer.assign(buf, buf + n);
    }
    ::close(fd);
    EXPECT_TRUE(home_.go_back());
    return answer;
  }

  std::string probe(const std::string& args) {
    return run("ip netns exec " + client_->name() + " " PXESCOPE_BIN_DIR "/pxescope probe -i " +
               kClientIf + " --no-tftp " + args);
  }

  static std::string skip_;
  static std::unique_ptr<Namespace> server_, client_;
  HomeNamespace home_;
  RespondProcess respond_;
  fs::path dir_;
  std::string log_;
};
std::string Dhcp6Respond::skip_;
std::unique_ptr<Namespace> Dhcp6Respond::server_, Dhcp6Respond::client_;

TEST_F(Dhcp6Respond, StatelessAdvertiseCarriesTheBootfileUrlAndNoAddress) {
  ASSERT_TRUE(start({"--dhcp6", "--arch-boot-file", "efi-x64=ipxe.efi"})) << read_file(log_);
  EXPECT_NE(read_file(log_).find("dhcp6=stateless"), std::string::npos) << read_file(log_);
  const Bytes answer = exchange(build_request({}));
  ASSERT_FALSE(answer.empty()) << read_file(log_);
  const Tins::DHCPv6 adv(answer.data(), static_cast<std::uint32_t>(answer.size()));
  EXPECT_EQ(adv.msg_type(), Tins::DHCPv6::ADVERTISE);
  EXPECT_EQ(adv.transaction_id(), 0x123456u);
  EXPECT_EQ(option_text(adv, 59), std::string("tftp://[") + kServerIpv6 + "]/ipxe.efi");
  EXPECT_EQ(adv.search_option(Tins::DHCPv6::IA_NA), nullptr) << "stateless: no address";
  const std::string server_id = option_text(adv, 2);
  EXPECT_EQ(server_id, std::string("\0\3\0\1\2\0\0\0\x61\1", 10)) << "DUID-LL of the MAC";

  // Request -> Reply, addressed to this server's DUID.
  SolicitShape request;
  request.type = Tins::DHCPv6::REQUEST;
  request.server_id.assign(server_id.begin(), server_id.end());
  const Bytes reply_bytes = exchange(build_request(request));
  ASSERT_FALSE(reply_bytes.empty()) << read_file(log_);
  const Tins::DHCPv6 reply(reply_bytes.data(), static_cast<std::uint32_t>(reply_bytes.size()));
  EXPECT_EQ(reply.msg_type(), Tins::DHCPv6::REPLY);
  EXPECT_EQ(option_text(reply, 59), std::string("tftp://[") + kServerIpv6 + "]/ipxe.efi");
  EXPECT_TRUE(wait_for_log("dhcp6 request=Request")) << read_file(log_);
}

TEST_F(Dhcp6Respond, StatelessLeavesOrdinaryHostsAndOtherServersRequestsAlone) {
  ASSERT_TRUE(start({"--dhcp6", "--arch-boot-file", "efi-x64=ipxe.efi"})) << read_file(log_);
  SolicitShape host;
  host.with_arch = host.with_vendor_class = host.ask_bootfile = false;
  EXPECT_TRUE(exchange(build_request(host), 1500).empty());
  EXPECT_TRUE(wait_for_log("reason=\"not a network boot client")) << read_file(log_);
  SolicitShape other;
  other.type = Tins::DHCPv6::REQUEST;
  other.server_id = {0, 3, 0, 1, 2, 9, 9, 9, 9, 9};
  EXPECT_TRUE(exchange(build_request(other), 1500).empty());
  EXPECT_TRUE(wait_for_log("reason=\"not for this server")) << read_file(log_);
}

TEST_F(Dhcp6Respond, ProbeGetsTheUrlFromAStatelessServer) {
  ASSERT_TRUE(start({"--dhcp6", "--arch-boot-file", "efi-x64=ipxe.efi"})) << read_file(log_);
  const std::string out = probe("-6 --arch efi-x64");
  EXPECT_NE(out.find("got Advertise from fe80::ff:fe00:6101: no address, bootfile-url tftp://[" +
                     std::string(kServerIpv6) + "]/ipxe.efi"),
            std::string::npos)
      << out << read_file(log_);
}

TEST_F(Dhcp6Respond, FullModeProbeGetsAnAddressAndTheUrlAndTheLeaseIsKept) {
  std::ofstream(dir_ / "p.conf") << "dhcp-range=fd00:61::100,fd00:61::1ff,64,1h\n"
                                    "dhcp-option=option6:bootfile-url,tftp://[::]/ipxe.efi\n";
  const std::string leases = (dir_ / "leases").string();
  ASSERT_TRUE(start({"--config", (dir_ / "p.conf").string(), "--lease-file", leases}))
      << read_file(log_);
  EXPECT_NE(read_file(log_).find("dhcp6=full"), std::string::npos) << read_file(log_);
  const std::string out = probe("-6 --arch efi-x64");
  EXPECT_NE(out.find("DHCPv6 address: fd00:61::1"), std::string::npos) << out << read_file(log_);
  EXPECT_NE(out.find(std::string("bootfile-url: tftp://[") + kServerIpv6 + "]/ipxe.efi"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("got Reply"), std::string::npos) << out;
  EXPECT_TRUE(wait_for_log("dhcp6 request=Request")) << read_file(log_);
  // The probe released its address: the lease file holds the server's DUID and no lease.
  EXPECT_TRUE(wait_for_log("request=Release")) << read_file(log_);
  const std::string text = read_file(leases + ".v6");
  EXPECT_TRUE(text.starts_with("duid 00:01:00:01:")) << text;

  // A Rapid Commit Solicit commits at once; the lease is in the file.
  SolicitShape rapid;
  rapid.rapid_commit = true;
  const Bytes answer = exchange(build_request(rapid));
  ASSERT_FALSE(answer.empty());
  const Tins::DHCPv6 reply(answer.data(), static_cast<std::uint32_t>(answer.size()));
  EXPECT_EQ(reply.msg_type(), Tins::DHCPv6::REPLY);
  EXPECT_TRUE(reply.has_rapid_commit());
  ASSERT_NE(reply.search_option(Tins::DHCPv6::IA_NA), nullptr);
  for (int i = 0; i < 50 && read_file(leases + ".v6").find(" * ") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_NE(read_file(leases + ".v6").find(" 168496141 fd00:61::"), std::string::npos)
      << read_file(leases + ".v6");  // IAID 0x0a0b0c0d

  // Restarted, it keeps its DUID (the lease file's) and the client's address.
  const std::string duid_line = read_file(leases + ".v6").substr(0, 40);
  respond_.stop();
  log_ = (dir_ / "respond-again.log").string();  // a fresh file: the old start line is no sign
  ASSERT_TRUE(start({"--config", (dir_ / "p.conf").string(), "--lease-file", leases}))
      << read_file(log_);
  EXPECT_EQ(read_file(leases + ".v6").substr(0, 40), duid_line);
  const Bytes again = exchange(build_request(rapid));
  ASSERT_FALSE(again.empty()) << read_file(log_);
  const Tins::DHCPv6 reply2(again.data(), static_cast<std::uint32_t>(again.size()));
  EXPECT_EQ(reply2.ia_na().options, reply.ia_na().options) << "the same address after restart";
}

TEST_F(Dhcp6Respond, RelayForwGetsARelayReplyKeepingTheInterfaceId) {
  ASSERT_TRUE(start({"--dhcp6", "--arch-boot-file", "efi-x64=ipxe.efi"})) << read_file(log_);
  const Bytes relayed = relay_forw(build_request({}), 0, {'v', 'l', 'a', 'n', '7'});
  const Bytes answer = exchange(relayed, 3000, 547, kServerLinkLocal);
  ASSERT_GE(answer.size(), 47u) << read_file(log_);
  EXPECT_EQ(answer[0], 13) << "Relay-reply";
  EXPECT_EQ(std::string(answer.begin() + 38, answer.begin() + 43), "vlan7");
  const Tins::DHCPv6 inner(answer.data() + 47, static_cast<std::uint32_t>(answer.size() - 47));
  EXPECT_EQ(inner.msg_type(), Tins::DHCPv6::ADVERTISE);
  EXPECT_EQ(option_text(inner, 59), std::string("tftp://[") + kServerIpv6 + "]/ipxe.efi");
}

TEST_F(Dhcp6Respond, MalformedRequestsAreLoggedAndNeverAnswered) {
  ASSERT_TRUE(start({"--dhcp6", "--arch-boot-file", "efi-x64=ipxe.efi"})) << read_file(log_);
  Bytes deep = build_request({});
  for (int i = 0; i < 32; ++i) deep = relay_forw(deep, static_cast<std::uint8_t>(31 - i));
  EXPECT_TRUE(exchange(deep, 1000, 547, kServerLinkLocal).empty());
  EXPECT_TRUE(wait_for_log("dhcp6-malformed")) << read_file(log_);
  EXPECT_TRUE(wait_for_log("reason=\"relay messages nested too deep")) << read_file(log_);
  Bytes flood = build_request({});
  for (int i = 0; i < 300; ++i) put_option(flood, 6, {0, 59});
  EXPECT_TRUE(exchange(flood, 1000).empty());
  EXPECT_TRUE(wait_for_log("reason=\"one-per-message option repeated")) << read_file(log_);
  // And the next good request is answered.
  EXPECT_FALSE(exchange(build_request({})).empty()) << read_file(log_);
}

}  // namespace

namespace {

TEST_F(Dhcp6Respond, DryRunLogsTheAdvertiseAndSendsNothing) {
  ASSERT_TRUE(start({"--dhcp6", "--dry-run", "--arch-boot-file", "efi-x64=ipxe.efi"}))
      << read_file(log_);
  EXPECT_TRUE(exchange(build_request({}), 1500).empty());
  EXPECT_TRUE(wait_for_log("reply=Advertise")) << read_file(log_);
  EXPECT_TRUE(wait_for_log("sent=dry-run")) << read_file(log_);
}

TEST_F(Dhcp6Respond, OnlyAnswersListedMacs) {
  ASSERT_TRUE(
      start({"--dhcp6", "--only", "02:00:00:00:00:77", "--arch-boot-file", "efi-x64=ipxe.efi"}))
      << read_file(log_);
  EXPECT_TRUE(exchange(build_request({}), 1500).empty());
  EXPECT_TRUE(wait_for_log("reason=\"not in --only")) << read_file(log_);
  SolicitShape listed;
  listed.mac = {0x02, 0, 0, 0, 0, 0x77};
  EXPECT_FALSE(exchange(build_request(listed)).empty()) << read_file(log_);
}

}  // namespace
