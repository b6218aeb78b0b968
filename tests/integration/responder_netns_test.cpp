// `pxescope respond` on a real (virtual) wire: a server namespace and a client namespace
// joined by a veth pair, requests made with libtins, replies read from an AF_PACKET
// socket. Proxy on 67, the 4011 boot server, --only, malformed requests, full DHCP with
// its lease file across a restart. Needs root; skips otherwise.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tins/tins.h>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/private_netns_names.hpp"  // named namespaces vanish with this process

namespace {

const std::string kServerNs = "pxrs" + std::to_string(::getpid());
const std::string kClientNs = "pxrc" + std::to_string(::getpid());
constexpr const char* kServerIp = "10.78.0.1";
constexpr const char* kClientIp = "10.78.0.50";

int sh(const std::string& cmd) {
  return std::system(cmd.c_str());
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The responder process, started inside the server namespace.
class Responder {
 public:
  explicit Responder(std::string ns = kServerNs) : ns_(std::move(ns)) {}
  bool start(const std::string& args, const std::string& log) {
    log_ = log;
    // Truncate before forking: a stale "start" line must not look like this start.
    ::close(::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644));
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_APPEND);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      const std::string cmd =
          "exec ip netns exec " + ns_ + " " PXESCOPE_BIN_DIR "/pxescope respond " + args;
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), nullptr);
      ::_exit(127);
    }
    // Ready when the start line is logged (bounded wait).
    for (int i = 0; i < 100; ++i) {
      if (read_file(log).find("start") != std::string::npos) return true;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  // SIGTERM; returns the exit status (-1 if it had to be killed).
  int stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return -1;
  }
  bool alive() const { return pid_ > 0 && ::kill(pid_, 0) == 0; }
  pid_t pid() const { return pid_; }
  // The exit code when start() saw the process end (-1 otherwise).
  int exit_code() const { return exit_code_; }
  void signal(int signo) const {
    if (pid_ > 0) ::kill(pid_, signo);
  }
  // True once `text` is in the log (bounded wait).
  bool wait_for_log(const std::string& text, int wait_ms = 5000) const {
    for (int waited = 0; waited < wait_ms; waited += 50) {
      if (read_file(log_).find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  std::string log() const { return read_file(log_); }
  ~Responder() { stop(); }

 private:
  std::string ns_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
  std::string log_;
};

// dnsmasq (Debian dnsmasq-base) in a namespace as a second server: no DNS, no lease file,
// no config but `args`; stopped by its pid.
class Dnsmasq {
 public:
  bool start(const std::string& ns, const std::string& args) {
    pid_file_ = "/tmp/pxescope-dnsmasq-" + std::to_string(::getpid()) + ".pid";
    std::remove(pid_file_.c_str());
    const std::string cmd = "ip netns exec " + ns +
                            " dnsmasq --conf-file=/dev/null --port=0 --user=root --group=root"
                            " --leasefile-ro --no-ping --pid-file=" +
                            pid_file_ + " " + args + " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) return false;
    for (int i = 0; i < 50 && pid_ <= 0; ++i) {
      std::ifstream in(pid_file_);
      in >> pid_;
      if (pid_ <= 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return pid_ > 0;
  }
  pid_t pid() const { return pid_; }
  ~Dnsmasq() {
    if (pid_ > 0) ::kill(pid_, SIGTERM);
    for (int i = 0; i < 50 && pid_ > 0 && ::kill(pid_, 0) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::remove(pid_file_.c_str());
  }

 private:
  std::string pid_file_;
  pid_t pid_ = -1;
};

bool have_dnsmasq() {
  return std::system("command -v dnsmasq >/dev/null 2>&1") == 0;
}

class ResponderNetns : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::geteuid() != 0) {
      skip_reason_ = "needs root (network namespaces)";
      return;
    }
    if (sh("ip netns list >/dev/null 2>&1") != 0) {
      skip_reason_ = "ip netns is not available";
      return;
    }
    const std::string s = kServerNs, c = kClientNs;
    const int rc =
        sh("ip netns add " + s + " && ip netns add " + c + " && ip link add srv0 netns " + s +
           " type veth peer name cli0 netns " + c + " && ip -n " + s + " addr add " + kServerIp +
           "/24 dev srv0 && ip -n " + s + " link set srv0 up && ip -n " + s +
           " link set lo up && ip -n " + c + " addr add " + kClientIp + "/24 dev cli0 && ip -n " +
           c + " link set cli0 up");
    if (rc != 0) {
      skip_reason_ = "could not create the network namespaces";
      TearDownTestSuite();
      return;
    }
    server_mac_ = read_command("ip netns exec " + s + " cat /sys/class/net/srv0/address");
    enter_client_namespace(c);
  }
  static void TearDownTestSuite() {
    leave_client_namespace();
    sh("ip netns del " + kServerNs + " 2>/dev/null; ip netns del " + kClientNs + " 2>/dev/null");
  }
  // This test process talks from the client namespace `ns` (until leave_client_namespace);
  // returns once its cli0 is up (bounded wait).
  static void enter_client_namespace(const std::string& ns) {
    home_ns_ = ::open("/proc/self/ns/net", O_RDONLY);
    const int cfd = ::open(("/var/run/netns/" + ns).c_str(), O_RDONLY);
    if (cfd < 0 || ::setns(cfd, CLONE_NEWNET) != 0)
      skip_reason_ = "setns into the client namespace failed";
    if (cfd >= 0) ::close(cfd);
    for (int i = 0;
         i < 50 && read_command("ip -o link show cli0").find("state UP") == std::string::npos; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  static void leave_client_namespace() {
    if (home_ns_ >= 0) {
      ::setns(home_ns_, CLONE_NEWNET);
      ::close(home_ns_);
      home_ns_ = -1;
    }
  }
  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    ASSERT_TRUE(open_rx());
    log_ = "/tmp/pxescope-respond-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".log";
  }
  void TearDown() override {
    if (rx_ >= 0) ::close(rx_);
    if (!HasFailure()) std::remove(log_.c_str());
  }

  // The client end's capture socket (again after the veth pair is re-created).
  bool open_rx() {
    if (rx_ >= 0) ::close(rx_);
    rx_ = ::socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IP));
    if (rx_ < 0) return false;
    sockaddr_ll addr{};
    addr.sll_family = AF_PACKET;
    addr.sll_protocol = htons(ETH_P_IP);
    addr.sll_ifindex = static_cast<int>(if_nametoindex("cli0"));
    if (::bind(rx_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return false;
    // Promiscuous: replies unicast to the simulated clients' MACs must reach us too.
    packet_mreq promisc{};
    promisc.mr_ifindex = addr.sll_ifindex;
    promisc.mr_type = PACKET_MR_PROMISC;
    ::setsockopt(rx_, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &promisc, sizeof promisc);
    return true;
  }

  static std::string read_command(const std::string& cmd) {
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
      char buf[256];
      while (std::fgets(buf, sizeof buf, p)) out += buf;
      ::pclose(p);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
  }

  // A PXE DHCP request made with libtins.
  static Tins::EthernetII make_request(
      Tins::DHCP::Flags type, const std::string& mac, std::uint32_t xid,
      const std::string& vendor_class = "PXEClient:Arch:00000:UNDI:002001",
      const std::string& dst_ip = "255.255.255.255", const std::string& src_ip = "0.0.0.0",
      std::uint16_t src_port = 68, std::uint16_t dst_port = 67,
      const std::string& dst_mac = "ff:ff:ff:ff:ff:ff", const std::string& server_id = "",
      const std::string& requested = "") {
    Tins::DHCP dhcp;
    dhcp.opcode(Tins::BootP::BOOTREQUEST);
    dhcp.htype(1);
    dhcp.hlen(6);
    dhcp.xid(xid);
    dhcp.padding(0x8000);  // BOOTP broadcast flag
    dhcp.chaddr(Tins::EthernetII::address_type(mac));
    if (src_ip != "0.0.0.0") dhcp.ciaddr(Tins::IPv4Address(src_ip));
    dhcp.type(type);
    const std::uint8_t arch[2] = {0, 0};
    dhcp.add_option({static_cast<Tins::DHCP::OptionTypes>(93), 2, arch});
    dhcp.add_option({Tins::DHCP::VENDOR_CLASS_IDENTIFIER, vendor_class.size(),
                     reinterpret_cast<const std::uint8_t*>(vendor_class.data())});
    std::uint8_t guid[17] = {0};
    for (int i = 1; i < 17; ++i) guid[i] = static_cast<std::uint8_t>(xid + i);
    dhcp.add_option({static_cast<Tins::DHCP::OptionTypes>(97), 17, guid});
    if (!server_id.empty()) dhcp.server_identifier(Tins::IPv4Address(server_id));
    if (!requested.empty()) dhcp.requested_ip(Tins::IPv4Address(requested));
    dhcp.end();
    return Tins::EthernetII(dst_mac, mac) / Tins::IP(dst_ip, src_ip) /
           Tins::UDP(dst_port, src_port) / dhcp;
  }

  static void send(Tins::EthernetII& frame) {
    Tins::PacketSender sender;
    sender.send(frame, Tins::NetworkInterface("cli0"));
  }

  static void send_raw(const std::vector<std::uint8_t>& frame) {
    const int fd = ::socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IP));
    sockaddr_ll to{};
    to.sll_family = AF_PACKET;
    to.sll_ifindex = static_cast<int>(if_nametoindex("cli0"));
    to.sll_halen = 6;
    std::memset(to.sll_addr, 0xff, 6);
    ::sendto(fd, frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    ::close(fd);
  }

  // After editing an Ethernet/IPv4/UDP frame by hand: UDP checksum 0 ("none") and the IPv4
  // header checksum recomputed, so the server's parser, not its checksum check, meets it.
  static void fix_checksums(std::vector<std::uint8_t>& f) {
    f[40] = f[41] = 0;
    f[24] = f[25] = 0;
    std::uint32_t sum = 0;
    for (std::size_t i = 14; i < 34; i += 2) sum += (std::uint32_t{f[i]} << 8) | f[i + 1];
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    f[24] = static_cast<std::uint8_t>(~sum >> 8);
    f[25] = static_cast<std::uint8_t>(~sum);
  }

  // The next DHCP reply to `xid` (UDP from the server), or nothing within ~wait_ms.
  std::optional<Tins::DHCP> receive_reply(std::uint32_t xid, int wait_ms = 3000,
                                          std::uint16_t* dst_port = nullptr) {
    std::vector<std::uint8_t> buf(2048);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
    for (int loops = 0; loops < 10000; ++loops) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) break;
      pollfd p{rx_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
      sockaddr_ll from{};
      socklen_t from_len = sizeof from;
      const ssize_t n =
          ::recvfrom(rx_, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_len);
      if (n <= 0 || from.sll_pkttype == PACKET_OUTGOING) continue;
      try {
        Tins::EthernetII eth(buf.data(), static_cast<std::uint32_t>(n));
        const Tins::UDP* udp = eth.find_pdu<Tins::UDP>();
        if (udp == nullptr || (udp->sport() != 67 && udp->sport() != 4011)) continue;
        const Tins::RawPDU* raw = udp->find_pdu<Tins::RawPDU>();
        if (raw == nullptr) continue;
        Tins::DHCP dhcp = raw->to<Tins::DHCP>();
        if (dhcp.opcode() != Tins::BootP::BOOTREPLY || dhcp.xid() != xid) continue;
        if (dst_port) *dst_port = udp->dport();
        return dhcp;
      } catch (const std::exception&) {
        continue;
      }
    }
    return std::nullopt;
  }

  // IPv4 frames from `mac` queued on the client side since SetUp, plus those within wait_ms.
  int count_frames_from(const std::string& mac, int wait_ms) {
    const Tins::HWAddress<6> from_mac(mac);
    std::vector<std::uint8_t> buf(2048);
    int count = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
    for (int loops = 0; loops < 10000; ++loops) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      pollfd p{rx_, POLLIN, 0};
      if (::poll(&p, 1, left > 0 ? static_cast<int>(left) : 0) <= 0) break;
      sockaddr_ll from{};
      socklen_t from_len = sizeof from;
      const ssize_t n =
          ::recvfrom(rx_, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_len);
      if (n >= 12 && from.sll_pkttype != PACKET_OUTGOING &&
          Tins::HWAddress<6>(buf.data() + 6) == from_mac)
        ++count;
    }
    return count;
  }

  static std::string vendor_class(const Tins::DHCP& d) {
    const Tins::DHCP::option* o = d.search_option(Tins::DHCP::VENDOR_CLASS_IDENTIFIER);
    return o ? std::string(o->data_ptr(), o->data_ptr() + o->data_size()) : std::string();
  }
  static std::string file(const Tins::DHCP& d) {
    const auto f = d.file();
    return std::string(reinterpret_cast<const char*>(f),
                       strnlen(reinterpret_cast<const char*>(f), 128));
  }

  static std::string skip_reason_;
  static std::string server_mac_;
  static int home_ns_;
  int rx_ = -1;
  std::string log_;
};

std::string ResponderNetns::skip_reason_;
std::string ResponderNetns::server_mac_;
int ResponderNetns::home_ns_ = -1;

TEST_F(ResponderNetns, ProxyOfferOnPort67) {
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0", log_)) << r.log();
  auto req = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:10:01", 0x1001);
  send(req);
  const auto offer = receive_reply(0x1001);
  ASSERT_TRUE(offer.has_value()) << r.log();
  EXPECT_EQ(offer->type(), Tins::DHCP::OFFER);
  EXPECT_EQ(offer->yiaddr(), Tins::IPv4Address("0.0.0.0"));
  EXPECT_EQ(offer->server_identifier(), Tins::IPv4Address(kServerIp));
  EXPECT_EQ(vendor_class(*offer), "PXEClient");
  EXPECT_NE(offer->search_option(static_cast<Tins::DHCP::OptionTypes>(43)), nullptr)
      << "BIOS: boot menu";
  EXPECT_NE(r.log().find("request=DISCOVER"), std::string::npos);
  EXPECT_EQ(r.stop(), 0) << "SIGTERM stops cleanly";
  EXPECT_NE(r.log().find("stopped cleanly"), std::string::npos);
}

TEST_F(ResponderNetns, BootServerOn4011AnswersFromWhereItWasAsked) {
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0", log_)) << r.log();
  auto req = make_request(Tins::DHCP::REQUEST, "02:00:00:00:10:02", 0x1002,
                          "PXEClient:Arch:00000:UNDI:002001", kServerIp, kClientIp, 4011, 4011,
                          server_mac_);
  send(req);
  std::uint16_t port = 0;
  const auto ack = receive_reply(0x1002, 3000, &port);
  ASSERT_TRUE(ack.has_value()) << r.log();
  EXPECT_EQ(ack->type(), Tins::DHCP::ACK);
  EXPECT_EQ(file(*ack), "pxelinux.0");
  EXPECT_EQ(ack->siaddr(), Tins::IPv4Address(kServerIp));
  EXPECT_EQ(port, 4011) << "EDK2 asks 4011->4011 and must be answered on 4011";
}

TEST_F(ResponderNetns, OnlyAnswersListedMacs) {
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0 --only 02:00:00:00:10:03", log_))
      << r.log();
  auto other = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:10:04", 0x1004);
  send(other);
  EXPECT_FALSE(receive_reply(0x1004, 1500).has_value());
  auto listed = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:10:03", 0x1003);
  send(listed);
  EXPECT_TRUE(receive_reply(0x1003).has_value()) << r.log();
}

TEST_F(ResponderNetns, MalformedRequestsIgnoredGoodOnesStillAnswered) {
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0 --json", log_)) << r.log();
  auto good = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:10:05", 0x1005);
  std::vector<std::uint8_t> bytes = good.serialize();
  // Bad cookie.
  std::vector<std::uint8_t> bad_cookie = bytes;
  bad_cookie[42 + 236] = 0;
  fix_checksums(bad_cookie);
  send_raw(bad_cookie);
  // Option 60 claims 250 bytes that are not there (UDP/IP lengths fixed up by hand).
  std::vector<std::uint8_t> overrun(bytes.begin(), bytes.begin() + 42 + 240);
  overrun.push_back(60);
  overrun.push_back(250);
  overrun.push_back('P');
  const std::uint16_t udp_len = static_cast<std::uint16_t>(overrun.size() - 34);
  overrun[38] = static_cast<std::uint8_t>(udp_len >> 8);
  overrun[39] = static_cast<std::uint8_t>(udp_len);
  const std::uint16_t ip_len = static_cast<std::uint16_t>(overrun.size() - 14);
  overrun[16] = static_cast<std::uint8_t>(ip_len >> 8);
  overrun[17] = static_cast<std::uint8_t>(ip_len);
  fix_checksums(overrun);
  send_raw(overrun);
  // Random bytes to port 67 and 4011.
  for (std::uint16_t port : {67, 4011}) {
    std::vector<std::uint8_t> junk = bytes;
    for (std::size_t i = 42; i < junk.size(); ++i)
      junk[i] = static_cast<std::uint8_t>(i * 73 + port);
    junk[36] = static_cast<std::uint8_t>(port >> 8);
    junk[37] = static_cast<std::uint8_t>(port);
    fix_checksums(junk);
    send_raw(junk);
  }
  EXPECT_FALSE(receive_reply(0x1005, 1000).has_value()) << "no answer to a malformed request";
  send(good);
  EXPECT_TRUE(receive_reply(0x1005).has_value()) << r.log();
  EXPECT_TRUE(r.alive());
  EXPECT_NE(r.log().find("\"event\":\"malformed\""), std::string::npos) << r.log();
  EXPECT_NE(r.log().find("no DHCP magic cookie"), std::string::npos) << r.log();
  EXPECT_NE(r.log().find("an option runs past the end"), std::string::npos) << r.log();
}

// Section 1 of the field report: frames the kernel marks as not for this host, frames of
// another VLAN and frames with a broken checksum are never answered; the server keeps
// answering good ones.
TEST_F(ResponderNetns, OtherHostVlanAndBadChecksumFramesAreNotAnswered) {
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0 --json", log_)) << r.log();
  // Unicast to another station's MAC: the server sees it (PACKET_OTHERHOST), must not answer.
  auto other_host = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:40:01", 0x4001,
                                 "PXEClient:Arch:00000:UNDI:002001", "255.255.255.255", "0.0.0.0",
                                 68, 67, "02:00:00:00:99:99");
  send(other_host);
  EXPECT_FALSE(receive_reply(0x4001, 1500).has_value()) << "answered a frame for another host";
  // Tagged with VLAN 10 (srv0 is on no VLAN): answering untagged would leak across VLANs.
  auto tagged_request = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:40:02", 0x4002);
  std::vector<std::uint8_t> tagged = tagged_request.serialize();
  const std::uint8_t tag[4] = {0x81, 0x00, 0x00, 0x0a};
  tagged.insert(tagged.begin() + 12, tag, tag + 4);
  send_raw(tagged);
  EXPECT_FALSE(receive_reply(0x4002, 1500).has_value()) << "answered a VLAN 10 frame untagged";
  // A wrong UDP checksum: logged as malformed, not answered.
  auto corrupted = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:40:03", 0x4003);
  std::vector<std::uint8_t> bad_sum = corrupted.serialize();
  bad_sum[40] ^= 0x5a;
  send_raw(bad_sum);
  EXPECT_FALSE(receive_reply(0x4003, 1500).has_value()) << "answered a bad UDP checksum";
  auto good = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:40:04", 0x4004);
  send(good);
  EXPECT_TRUE(receive_reply(0x4004).has_value()) << r.log();
  EXPECT_NE(r.log().find("bad UDP checksum"), std::string::npos) << r.log();
  EXPECT_EQ(r.log().find("0x00004001"), std::string::npos) << r.log();
  EXPECT_EQ(r.log().find("0x00004002"), std::string::npos) << r.log();
}

// Section 1 of the field report: a full-DHCP server checks an address with ARP before
// offering it. A host in the client namespace already uses the first address of the range:
// the server sees it answer, logs it, and offers the next one.
TEST_F(ResponderNetns, FullDhcpDoesNotOfferAnAddressSomeoneUses) {
  const std::string leases = "/tmp/pxescope-netns-arp-leases-" + std::to_string(::getpid());
  std::remove(leases.c_str());
  const std::string squatter = "10.78.0.120";
  ASSERT_EQ(sh("ip -n " + kClientNs + " addr add " + squatter + "/24 dev cli0"), 0);
  {
    Responder r;
    ASSERT_TRUE(
        r.start("--iface srv0 --boot-file pxelinux.0 --dhcp-range 10.78.0.120,10.78.0.125 "
                "--lease-file " +
                    leases,
                log_))
        << r.log();
    auto discover = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:50:01", 0x5001);
    send(discover);
    const auto offer = receive_reply(0x5001, 5000);
    ASSERT_TRUE(offer.has_value()) << "offered once a free address was checked\n" << r.log();
    EXPECT_EQ(offer->yiaddr().to_string(), "10.78.0.121") << r.log();
    EXPECT_NE(r.log().find("address-in-use"), std::string::npos) << r.log();
    EXPECT_NE(r.log().find(squatter + " answered ARP"), std::string::npos) << r.log();
    // Another client is not offered the used address either (marked for the lease time).
    auto other = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:50:02", 0x5002);
    send(other);
    const auto other_offer = receive_reply(0x5002, 5000);
    ASSERT_TRUE(other_offer.has_value()) << r.log();
    EXPECT_NE(other_offer->yiaddr().to_string(), squatter);
    EXPECT_NE(other_offer->yiaddr().to_string(), "10.78.0.121");
  }
  sh("ip -n " + kClientNs + " addr del " + squatter + "/24 dev cli0");
  std::remove(leases.c_str());
}

TEST_F(ResponderNetns, FullDhcpLeaseSurvivesRestart) {
  const std::string leases = "/tmp/pxescope-netns-leases-" + std::to_string(::getpid());
  std::remove(leases.c_str());
  // --user nobody: the leases are written through the descriptor opened before the drop
  // (the file is root's, 0644: nobody could not open it for writing; /tmp is not chowned).
  const std::string args =
      "--iface srv0 --boot-file pxelinux.0 --dhcp-range 10.78.0.100,10.78.0.110 --user nobody "
      "--lease-file " +
      leases;
  std::string leased;
  {
    Responder r;
    ASSERT_TRUE(r.start(args, log_)) << r.log();
    auto discover = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:20:01", 0x2001);
    send(discover);
    const auto offer = receive_reply(0x2001);
    ASSERT_TRUE(offer.has_value()) << r.log();
    leased = offer->yiaddr().to_string();
    EXPECT_NE(leased, "0.0.0.0");
    auto request = make_request(Tins::DHCP::REQUEST, "02:00:00:00:20:01", 0x2002,
                                "PXEClient:Arch:00000:UNDI:002001", "255.255.255.255", "0.0.0.0",
                                68, 67, "ff:ff:ff:ff:ff:ff", kServerIp, leased);
    send(request);
    const auto ack = receive_reply(0x2002);
    ASSERT_TRUE(ack.has_value()) << r.log();
    EXPECT_EQ(ack->type(), Tins::DHCP::ACK);
    EXPECT_EQ(ack->yiaddr().to_string(), leased);
    EXPECT_EQ(r.stop(), 0);
  }
  EXPECT_NE(read_file(leases).find(leased), std::string::npos) << "lease persisted";
  {
    Responder r;
    ASSERT_TRUE(r.start(args, log_)) << r.log();
    auto again = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:20:01", 0x2003);
    send(again);
    const auto offer = receive_reply(0x2003);
    ASSERT_TRUE(offer.has_value()) << r.log();
    EXPECT_EQ(offer->yiaddr().to_string(), leased) << "same client, same address after a restart";
    auto other = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:20:02", 0x2004);
    send(other);
    const auto other_offer = receive_reply(0x2004);
    ASSERT_TRUE(other_offer.has_value());
    EXPECT_NE(other_offer->yiaddr().to_string(), leased) << "never the same address twice";
  }
  std::remove(leases.c_str());
}

TEST_F(ResponderNetns, DryRunLogsTheReplyAndSendsNothing) {
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0 --dry-run", log_)) << r.log();
  auto req = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:10:06", 0x1006);
  send(req);
  EXPECT_FALSE(receive_reply(0x1006, 1500).has_value());
  EXPECT_NE(r.log().find("reply=OFFER"), std::string::npos) << r.log();
  EXPECT_NE(r.log().find("sent=dry-run"), std::string::npos) << r.log();
}

TEST_F(ResponderNetns, RangeOutsideTheSubnetIsAClearError) {
  Responder r;
  EXPECT_FALSE(r.start("--iface srv0 --boot-file x --dhcp-range 10.99.0.100,10.99.0.110", log_));
  EXPECT_NE(r.log().find("does not fit"), std::string::npos) << r.log();
}

TEST_F(ResponderNetns, MissingInterfaceIsAClearError) {
  Responder r;
  EXPECT_FALSE(r.start("--iface nosuch0 --boot-file x", log_));
  EXPECT_NE(r.log().find("interface nosuch0 does not exist"), std::string::npos) << r.log();
}

// Ports 67/4011 are held exclusively: a second responder on the interface is refused and
// told who holds them.
TEST_F(ResponderNetns, SecondResponderOnTheSameInterfaceIsAnErrorNamingTheFirst) {
  Responder first;
  ASSERT_TRUE(first.start("--iface srv0 --boot-file pxelinux.0 --dhcp-check 0", log_))
      << first.log();
  Responder second;
  const std::string second_log = log_ + ".second";
  EXPECT_FALSE(second.start("--iface srv0 --boot-file pxelinux.0 --dhcp-check 0", second_log))
      << second.log();
  EXPECT_EQ(second.exit_code(), 1) << second.log();
  EXPECT_NE(second.log().find("UDP port 67 (DHCP) on srv0 is in use by pxescope (pid " +
                              std::to_string(first.pid()) + ")"),
            std::string::npos)
      << second.log();
  EXPECT_TRUE(first.alive()) << "the first one keeps serving";
  if (!HasFailure()) std::remove(second_log.c_str());
}

TEST_F(ResponderNetns, DnsmasqOnTheSameInterfaceIsAnErrorNamingIt) {
  if (!have_dnsmasq()) GTEST_SKIP() << "dnsmasq (Debian dnsmasq-base) is not installed";
  Dnsmasq dnsmasq;
  ASSERT_TRUE(dnsmasq.start(kServerNs,
                            "--interface=srv0 --bind-interfaces "
                            "--dhcp-range=10.78.0.100,10.78.0.150,1h"));
  Responder r;
  EXPECT_FALSE(r.start("--iface srv0 --boot-file pxelinux.0 --dhcp-check 0", log_)) << r.log();
  EXPECT_EQ(r.exit_code(), 1) << r.log();
  EXPECT_NE(r.log().find("UDP port 67 (DHCP) on srv0 is in use by dnsmasq (pid " +
                         std::to_string(dnsmasq.pid()) + ")"),
            std::string::npos)
      << r.log();
}

// Port 69 too: TFTP's socket shares the port (SO_REUSEADDR), so it is checked exclusively first.
TEST_F(ResponderNetns, TftpServerOnTheSameInterfaceIsAnErrorNamingIt) {
  if (!have_dnsmasq()) GTEST_SKIP() << "dnsmasq (Debian dnsmasq-base) is not installed";
  const std::string root = "/tmp/pxescope-tftp69-" + std::to_string(::getpid());
  ::mkdir(root.c_str(), 0755);
  {
    Dnsmasq tftpd;  // TFTP only: no dhcp-range, so nothing on 67
    ASSERT_TRUE(tftpd.start(kServerNs,
                            "--interface=srv0 --bind-interfaces --enable-tftp "
                            "--tftp-root=" +
                                root));
    Responder r;
    EXPECT_FALSE(
        r.start("--iface srv0 --boot-file pxelinux.0 --dhcp-check 0 --tftp-root " + root, log_))
        << r.log();
    EXPECT_EQ(r.exit_code(), 1) << r.log();
    EXPECT_NE(r.log().find("UDP port 69 (TFTP) on srv0 is in use by dnsmasq (pid " +
                           std::to_string(tftpd.pid()) + ")"),
              std::string::npos)
        << r.log();
  }
  ::rmdir(root.c_str());
}

// --dry-run sends nothing at all: no dhcp-check DISCOVER, no reply, no TFTP socket on 69.
TEST_F(ResponderNetns, DryRunOpensNoTftpSocketAndSendsNoFrame) {
  const std::string root = "/tmp/pxescope-dry-root-" + std::to_string(::getpid());
  const std::string leases = "/tmp/pxescope-dry-leases-" + std::to_string(::getpid());
  ::mkdir(root.c_str(), 0755);
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0 --dry-run --tftp-root " + root +
                          " --dhcp-range 10.78.0.100,10.78.0.110 --lease-file " + leases,
                      log_))
      << r.log();
  EXPECT_NE(r.log().find("tftp=off (dry-run)"), std::string::npos) << r.log();
  const std::string udp = read_command("ip netns exec " + kServerNs + " ss -Hulpn");
  EXPECT_NE(udp.find(":67 "), std::string::npos) << "ss sees the port guards: " << udp;
  EXPECT_EQ(udp.find(":69 "), std::string::npos) << udp;
  auto req = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:10:07", 0x1007);
  send(req);
  for (int i = 0; i < 60 && r.log().find("reply=OFFER") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_NE(r.log().find("sent=dry-run"), std::string::npos) << r.log();
  EXPECT_EQ(count_frames_from(server_mac_, 500), 0) << "frames from the server since start";
  EXPECT_EQ(r.stop(), 0);
  std::remove(leases.c_str());
  ::rmdir(root.c_str());
}

// --- Lifecycle: the interface followed through netlink, SIGHUP reloads (field report §4) ---

class ResponderLifecycle : public ResponderNetns {
 protected:
  // The server end back at kServerIp, whatever the test did to it (its responder has stopped).
  void TearDown() override {
    sh("ip -n " + kServerNs + " link set srv0 mtu 1500 2>/dev/null; ip -n " + kClientNs +
       " link set cli0 mtu 1500 2>/dev/null");
    if (recreated_) {
      recreate_veth(kServerIp);
    } else {
      sh("ip -n " + kServerNs + " addr flush dev srv0 2>/dev/null; ip -n " + kServerNs +
         " addr add " + kServerIp + "/24 dev srv0 2>/dev/null");
    }
    ResponderNetns::TearDown();
  }

  // Deletes the veth pair and makes it again with the server end at `server_ip` (new indexes
  // on both ends: the capture socket is reopened on the new client end).
  bool recreate_veth(const std::string& server_ip) {
    recreated_ = true;
    const std::string s = kServerNs, c = kClientNs;
    sh("ip -n " + s + " link del srv0 2>/dev/null");
    if (sh("ip link add srv0 netns " + s + " type veth peer name cli0 netns " + c + " && ip -n " +
           s + " addr add " + server_ip + "/24 dev srv0 && ip -n " + s +
           " link set srv0 up && ip -n " + c + " addr add " + kClientIp + "/24 dev cli0 && ip -n " +
           c + " link set cli0 up") != 0)
      return false;
    for (int i = 0;
         i < 50 && read_command("ip -o link show cli0").find("state UP") == std::string::npos; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return open_rx();
  }

  // A 4011 boot-server REQUEST to the server at `server_ip`: the ACK names the boot file.
  std::optional<Tins::DHCP> ask_boot_server(std::uint32_t xid,
                                            const std::string& server_ip = kServerIp) {
    const std::string mac =
        read_command("ip netns exec " + kServerNs + " cat /sys/class/net/srv0/address");
    // A TFTP transfer leaves hundreds of frames queued on the capture socket: start afresh.
    std::uint8_t scratch[64];
    for (int i = 0; i < 100000 && ::recv(rx_, scratch, sizeof scratch, MSG_DONTWAIT) >= 0; ++i) {
    }
    auto req =
        make_request(Tins::DHCP::REQUEST, "02:00:00:00:40:01", xid,
                     "PXEClient:Arch:00000:UNDI:002001", server_ip, kClientIp, 4011, 4011, mac);
    send(req);
    return receive_reply(xid);
  }

  bool recreated_ = false;
};

TEST_F(ResponderLifecycle, RecreatedInterfaceIsReboundAndAnnouncesItsNewAddress) {
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0", log_)) << r.log();
  auto before = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:40:02", 0x4002);
  send(before);
  ASSERT_TRUE(receive_reply(0x4002).has_value()) << r.log();

  ASSERT_EQ(sh("ip -n " + kServerNs + " link del srv0"), 0);
  EXPECT_TRUE(r.wait_for_log("interface srv0: gone")) << r.log();
  ASSERT_TRUE(recreate_veth("10.78.0.2"));
  EXPECT_TRUE(r.wait_for_log("re-created, rebound")) << r.log();
  std::optional<Tins::DHCP> offer;
  for (int attempt = 0; attempt < 3 && !offer; ++attempt) {
    auto after = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:40:03", 0x4003 + attempt);
    send(after);
    offer = receive_reply(0x4003 + attempt, 1500);
  }
  ASSERT_TRUE(offer.has_value()) << "answers again on the new interface\n" << r.log();
  EXPECT_EQ(offer->server_identifier(), Tins::IPv4Address("10.78.0.2")) << r.log();
  EXPECT_TRUE(r.alive());
}

TEST_F(ResponderLifecycle, AddressChangeIsLoggedAndTheNewAddressAnnounced) {
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0", log_)) << r.log();
  ASSERT_EQ(sh("ip -n " + kServerNs + " addr flush dev srv0 && ip -n " + kServerNs +
               " addr add 10.78.0.3/24 dev srv0"),
            0);
  EXPECT_TRUE(r.wait_for_log("address changed 10.78.0.1 -> 10.78.0.3")) << r.log();
  auto req = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:40:04", 0x4004);
  send(req);
  const auto offer = receive_reply(0x4004);
  ASSERT_TRUE(offer.has_value()) << r.log();
  EXPECT_EQ(offer->server_identifier(), Tins::IPv4Address("10.78.0.3")) << "never the old address\n"
                                                                        << r.log();
  const auto ack = ask_boot_server(0x4005, "10.78.0.3");
  ASSERT_TRUE(ack.has_value()) << r.log();
  EXPECT_EQ(ack->siaddr(), Tins::IPv4Address("10.78.0.3"));
}

// A plain RFC 1350 read (octet, 512-byte blocks) from the server; `midway` runs once when block
// `pause_at` has arrived, before it is acknowledged (the transfer is in flight meanwhile).
std::optional<std::string> tftp_read(const std::string& name, int pause_at,
                                     const std::function<void()>& midway,
                                     const char* server_ip = kServerIp) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(69);
  ::inet_pton(AF_INET, server_ip, &server.sin_addr);
  const std::string rrq = std::string("\0\1", 2) + name + '\0' + "octet" + '\0';
  ::sendto(fd, rrq.data(), rrq.size(), 0, reinterpret_cast<sockaddr*>(&server), sizeof server);
  std::string data;
  unsigned expected = 1;
  bool paused = false;
  std::optional<std::string> result;
  for (int packets = 0; packets < 20000; ++packets) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 3000) <= 0) break;
    std::uint8_t buf[600];
    sockaddr_in from{};
    socklen_t from_len = sizeof from;
    const ssize_t n =
        ::recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 4 || buf[1] != 3) break;  // an ERROR or junk: the read failed
    const unsigned block = (unsigned{buf[2]} << 8) | buf[3];
    if (block == expected) {
      data.append(reinterpret_cast<const char*>(buf + 4), static_cast<std::size_t>(n - 4));
      ++expected;
    }
    if (static_cast<int>(block) == pause_at && !paused && midway) {
      paused = true;
      midway();
    }
    const std::uint8_t ack[4] = {0, 4, buf[2], buf[3]};
    ::sendto(fd, ack, sizeof ack, 0, reinterpret_cast<sockaddr*>(&from), from_len);
    if (block + 1 == expected && n - 4 < 512) {
      result = data;
      break;
    }
  }
  ::close(fd);
  return result;
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

TEST_F(ResponderLifecycle, SighupReloadsConfigAndRootWithoutDroppingATransfer) {
  const std::string dir = "/tmp/pxescope-reload-" + std::to_string(::getpid());
  ASSERT_EQ(sh("rm -rf " + dir + " && mkdir -p " + dir + "/one " + dir + "/two"), 0);
  std::string first_big(100 * 1024 + 100, '\0'), second_big = "the second root's file\n";
  for (std::size_t i = 0; i < first_big.size(); ++i)
    first_big[i] = static_cast<char>((i * 131) >> 3);
  write_file(dir + "/one/big.bin", first_big);
  write_file(dir + "/two/big.bin", second_big);
  for (const char* f : {"/one/first.0", "/two/second.0"}) write_file(dir + f, "boot");
  const std::string conf = dir + "/pxe.conf";
  const std::string head = "interface=srv0\ndhcp-range=10.78.0.0,proxy\nenable-tftp\n";
  write_file(conf, head + "dhcp-boot=first.0\ntftp-root=" + dir + "/one\n");

  Responder r;
  ASSERT_TRUE(r.start("--config " + conf, log_)) << r.log();
  auto ack = ask_boot_server(0x4010);
  ASSERT_TRUE(ack.has_value()) << r.log();
  EXPECT_EQ(file(*ack), "first.0");

  // Reload in the middle of a transfer: the transfer still completes with the old file.
  write_file(conf, head + "dhcp-boot=second.0\ntftp-root=" + dir + "/two\n");
  const auto read = tftp_read("big.bin", 20, [&r] {
    r.signal(SIGHUP);
    r.wait_for_log("dhcp-boot: first.0 -> second.0");
  });
  ASSERT_TRUE(read.has_value()) << "the transfer in flight completes\n" << r.log();
  EXPECT_TRUE(*read == first_big) << "got " << read->size() << " bytes";
  EXPECT_TRUE(r.alive()) << "SIGHUP does not kill the server\n" << r.log();
  EXPECT_NE(r.log().find("tftp-root: " + dir + "/one -> " + dir + "/two"), std::string::npos)
      << r.log();
  ack = ask_boot_server(0x4011);
  ASSERT_TRUE(ack.has_value()) << r.log();
  EXPECT_EQ(file(*ack), "second.0") << "the next client gets the new boot file";
  EXPECT_EQ(tftp_read("big.bin", 0, nullptr), second_big) << "new requests use the new root";

  // A wrong line: the reload fails, says why, and the old (second) configuration stays.
  write_file(conf, head + "dhcp-boot=third.0\ntftp-root=" + dir + "/two\ndhcp-bootx=oops\n");
  r.signal(SIGHUP);
  EXPECT_TRUE(r.wait_for_log("reload failed, keeping the old configuration")) << r.log();
  EXPECT_NE(r.log().find("pxe.conf:6"), std::string::npos) << "names the line\n" << r.log();
  // An unreadable file: the same.
  ASSERT_EQ(std::remove(conf.c_str()), 0);
  r.signal(SIGHUP);
  EXPECT_TRUE(r.wait_for_log("cannot", 5000)) << r.log();
  ack = ask_boot_server(0x4012);
  ASSERT_TRUE(ack.has_value()) << r.log();
  EXPECT_EQ(file(*ack), "second.0");
  EXPECT_EQ(r.stop(), 0);
  sh("rm -rf " + dir);
}

// A frame whose IPv4 and UDP lengths are fixed up after the payload was changed (no UDP checksum).
std::vector<std::uint8_t> fix_lengths(std::vector<std::uint8_t> frame) {
  const auto udp_len = static_cast<std::uint16_t>(frame.size() - 34);
  frame[38] = static_cast<std::uint8_t>(udp_len >> 8);
  frame[39] = static_cast<std::uint8_t>(udp_len);
  frame[40] = frame[41] = 0;
  const auto ip_len = static_cast<std::uint16_t>(frame.size() - 14);
  frame[16] = static_cast<std::uint8_t>(ip_len >> 8);
  frame[17] = static_cast<std::uint8_t>(ip_len);
  frame[24] = frame[25] = 0;  // the kernel does not check the IPv4 checksum of what it captures
  return frame;
}

TEST_F(ResponderLifecycle, MalformedFrameNamesItsOwnSenderNotThePreviousOne) {
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0", log_)) << r.log();
  auto good = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:50:01", 0x5001);
  send(good);
  ASSERT_TRUE(receive_reply(0x5001).has_value()) << r.log();
  // From another client: a UDP length that runs past the end of the frame.
  auto bad = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:50:02", 0x5002,
                          "PXEClient:Arch:00000:UNDI:002001", "255.255.255.255", "10.78.0.77");
  std::vector<std::uint8_t> bytes = bad.serialize();
  bytes[38] = 0x0f;
  bytes[39] = 0xff;
  send_raw(bytes);
  ASSERT_TRUE(r.wait_for_log("malformed")) << r.log();
  const std::string log = r.log();
  const std::size_t line = log.find(" malformed ");
  ASSERT_NE(line, std::string::npos) << log;
  const std::string malformed = log.substr(line, log.find('\n', line) - line);
  EXPECT_NE(malformed.find("from=02:00:00:00:50:02"), std::string::npos) << malformed;
  EXPECT_NE(malformed.find("src=10.78.0.77:68"), std::string::npos) << malformed;
  EXPECT_EQ(malformed.find("02:00:00:00:50:01"), std::string::npos) << malformed;
}

TEST_F(ResponderLifecycle, FrameOver2048BytesIsLoggedAsTooLong) {
  ASSERT_EQ(sh("ip -n " + kServerNs + " link set srv0 mtu 4000 && ip -n " + kClientNs +
               " link set cli0 mtu 4000"),
            0);
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0", log_)) << r.log();
  auto request = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:50:03", 0x5003);
  std::vector<std::uint8_t> bytes = request.serialize();
  bytes.resize(3000, 0);  // padding after END: a valid request, only too big for the slot
  send_raw(fix_lengths(bytes));
  ASSERT_TRUE(r.wait_for_log("malformed")) << r.log();
  EXPECT_NE(r.log().find("longer than 2048 bytes"), std::string::npos) << r.log();
  EXPECT_EQ(r.log().find("shorter than"), std::string::npos) << r.log();
}

TEST_F(ResponderLifecycle, MalformedBurstGivesBoundedLinesAndASummary) {
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0", log_)) << r.log();
  auto request = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:50:04", 0x5004);
  std::vector<std::uint8_t> bad_cookie = request.serialize();
  bad_cookie[42 + 236] = 0;
  constexpr int kBurst = 200;
  for (int i = 0; i < kBurst; ++i) send_raw(bad_cookie);
  auto good = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:50:05", 0x5005);
  send(good);
  ASSERT_TRUE(receive_reply(0x5005).has_value()) << "still answering\n" << r.log();
  EXPECT_EQ(r.stop(), 0);
  std::istringstream lines(r.log());
  int logged = 0;
  long suppressed = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find(" malformed from=") != std::string::npos) ++logged;
    const std::size_t count = line.find("malformed-suppressed count=");
    if (count != std::string::npos) {
      suppressed += std::stol(line.substr(count + 27));
      EXPECT_NE(line.find("last_from=02:00:00:00:50:04"), std::string::npos) << line;
    }
  }
  EXPECT_GT(logged, 0);
  EXPECT_LE(logged, 20) << "bounded, not one line per frame";
  EXPECT_EQ(logged + suppressed, kBurst) << "every frame is either logged or counted\n" << r.log();
}

TEST_F(ResponderLifecycle, RecreatedInterfaceServesTftpAgain) {
  const std::string dir = "/tmp/pxescope-rebind-" + std::to_string(::getpid());
  ASSERT_EQ(sh("rm -rf " + dir + " && mkdir -p " + dir), 0);
  write_file(dir + "/pxelinux.0", "boot file\n");
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --tftp-root " + dir + " --boot-file pxelinux.0", log_))
      << r.log();
  ASSERT_TRUE(recreate_veth("10.78.0.2"));
  EXPECT_TRUE(r.wait_for_log("re-created, rebound")) << r.log();
  EXPECT_EQ(tftp_read("pxelinux.0", 0, nullptr, "10.78.0.2"), "boot file\n") << r.log();
  sh("rm -rf " + dir);
}

// After --user the server has no CAP_NET_RAW: it must not stay up deaf. Either it kept what it
// needs and answers on the new interface, or it exits 1 with a line saying why.
TEST_F(ResponderLifecycle, RecreatedInterfaceWithoutPrivilegesIsServedOrTheServerExits) {
  if (sh("id nobody >/dev/null 2>&1") != 0) GTEST_SKIP() << "no user 'nobody'";
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0 --user nobody", log_)) << r.log();
  ASSERT_TRUE(recreate_veth("10.78.0.2"));
  bool rebound = false, gave_up = false;
  for (int i = 0; i < 100 && !rebound && !gave_up; ++i) {
    rebound = r.log().find("re-created, rebound") != std::string::npos;
    gave_up = r.log().find("cannot be served again") != std::string::npos;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(rebound || gave_up) << r.log();
  if (gave_up) {
    EXPECT_EQ(r.stop(), 1) << "exits non-zero\n" << r.log();
    EXPECT_NE(r.log().find("CAP_NET_RAW"), std::string::npos) << r.log();
    return;
  }
  auto req = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:40:06", 0x4006);
  send(req);
  const auto offer = receive_reply(0x4006);
  ASSERT_TRUE(offer.has_value()) << r.log();
  EXPECT_EQ(offer->server_identifier(), Tins::IPv4Address("10.78.0.2"));
}

TEST_F(ResponderLifecycle, ClientStringsAreEscapedInTheLog) {
  const std::string dir = "/tmp/pxescope-escape-" + std::to_string(::getpid());
  ASSERT_EQ(sh("rm -rf " + dir + " && mkdir -p " + dir), 0);
  Responder r;
  ASSERT_TRUE(r.start("--iface srv0 --tftp-root " + dir + " --boot-file pxelinux.0", log_))
      << r.log();
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(69);
  ::inet_pton(AF_INET, kServerIp, &server.sin_addr);
  const std::string name = "a\nb\x1b[31m\"c\r";
  const std::string rrq = std::string("\0\1", 2) + name + '\0' + "octet" + '\0';
  ::sendto(fd, rrq.data(), rrq.size(), 0, reinterpret_cast<sockaddr*>(&server), sizeof server);
  ::close(fd);
  ASSERT_TRUE(r.wait_for_log("tftp-")) << r.log();
  const std::string log = r.log();
  EXPECT_NE(log.find("a\\nb\\x1b[31m\\x22c\\r"), std::string::npos) << log;
  EXPECT_EQ(log.find('\x1b'), std::string::npos) << log;
  EXPECT_EQ(log.find('\r'), std::string::npos) << log;
  EXPECT_EQ(log.find("\nb"), std::string::npos) << "no forged line\n" << log;
  sh("rm -rf " + dir);
}

// A relay in a third namespace: client -- dhcrelay (adds option 82, sets giaddr) -- server.
class ResponderRelay : public ResponderNetns {
 protected:
  static inline const std::string kS = "pxrS" + std::to_string(::getpid());
  static inline const std::string kR = "pxrR" + std::to_string(::getpid());
  static inline const std::string kC = "pxrC" + std::to_string(::getpid());
  static inline pid_t relay_pid_ = -1;

  static void SetUpTestSuite() {
    skip_reason_.clear();
    if (::geteuid() != 0) {
      skip_reason_ = "needs root (network namespaces)";
      return;
    }
    if (sh("command -v dhcrelay >/dev/null 2>&1") != 0) {
      skip_reason_ = "dhcrelay (Debian isc-dhcp-relay) is not installed";
      return;
    }
    const int rc = sh("ip netns add " + kS + " && ip netns add " + kR + " && ip netns add " + kC +
                      " && ip link add srv0 netns " + kS + " type veth peer name rel1 netns " + kR +
                      " && ip link add rel0 netns " + kR + " type veth peer name cli0 netns " + kC +
                      " && ip -n " + kS + " addr add 10.78.0.1/24 dev srv0 && ip -n " + kS +
                      " link set srv0 up" + " && ip -n " + kR +
                      " addr add 10.78.0.2/24 dev rel1 && ip -n " + kR + " link set rel1 up" +
                      " && ip -n " + kR + " addr add 10.79.0.1/24 dev rel0 && ip -n " + kR +
                      " link set rel0 up" + " && ip -n " + kC + " link set cli0 up");
    if (rc != 0) {
      skip_reason_ = "could not create the relay namespaces";
      TearDownTestSuite();
      return;
    }
    relay_pid_ = ::fork();
    if (relay_pid_ == 0) {
      const int fd = ::open("/dev/null", O_WRONLY);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      const std::string cmd =
          "exec ip netns exec " + kR + " dhcrelay -d -4 -a -id rel0 -iu rel1 10.78.0.1";
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), nullptr);
      ::_exit(127);
    }
    enter_client_namespace(kC);
  }
  static void TearDownTestSuite() {
    if (relay_pid_ > 0) {
      ::kill(relay_pid_, SIGTERM);
      ::waitpid(relay_pid_, nullptr, 0);
      relay_pid_ = -1;
    }
    leave_client_namespace();
    sh("ip netns del " + kS + " 2>/dev/null; ip netns del " + kR + " 2>/dev/null; ip netns del " +
       kC + " 2>/dev/null");
  }
};

TEST_F(ResponderRelay, RelayedDiscoverAnsweredThroughTheRelay) {
  Responder r(kS);
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0", log_)) << r.log();
  std::optional<Tins::DHCP> offer;
  // dhcrelay may need a moment to open its sockets: a few DISCOVERs, as firmware retries.
  for (int attempt = 0; attempt < 5 && !offer; ++attempt) {
    auto req = make_request(Tins::DHCP::DISCOVER, "02:00:00:00:30:01", 0x3001);
    send(req);
    offer = receive_reply(0x3001, 1000);
  }
  ASSERT_TRUE(offer.has_value()) << r.log();
  EXPECT_EQ(offer->type(), Tins::DHCP::OFFER);
  EXPECT_EQ(offer->giaddr(), Tins::IPv4Address("10.79.0.1")) << "answered through the relay";
  EXPECT_EQ(offer->server_identifier(), Tins::IPv4Address("10.78.0.1"));
  EXPECT_NE(r.log().find("relay=10.79.0.1"), std::string::npos) << r.log();
}

// One LAN of three hosts on a bridge: the responder (srv0), a second server (oth0, dnsmasq)
// and the test's client (cli0). The bridge lives in the client namespace.
class ResponderLan : public ResponderNetns {
 protected:
  static inline const std::string kS = "pxlS" + std::to_string(::getpid());
  static inline const std::string kO = "pxlO" + std::to_string(::getpid());
  static inline const std::string kC = "pxlC" + std::to_string(::getpid());
  static constexpr const char* kOtherIp = "10.78.0.2";

  static void SetUpTestSuite() {
    skip_reason_.clear();
    if (::geteuid() != 0) {
      skip_reason_ = "needs root (network namespaces)";
      return;
    }
    if (!have_dnsmasq()) {
      skip_reason_ = "dnsmasq (Debian dnsmasq-base) is not installed";
      return;
    }
    const std::string c = " && ip -n " + kC + " ";
    const int rc =
        sh("ip netns add " + kS + " && ip netns add " + kO + " && ip netns add " + kC + c +
           "link add br0 type bridge && ip link add srv0 netns " + kS +
           " type veth peer name ps netns " + kC + " && ip link add oth0 netns " + kO +
           " type veth peer name po netns " + kC + c + "link add cli0 type veth peer name pc" + c +
           "link set ps master br0" + c + "link set po master br0" + c + "link set pc master br0" +
           " && ip -n " + kS + " addr add 10.78.0.1/24 dev srv0 && ip -n " + kS +
           " link set srv0 up && ip -n " + kS + " link set lo up && ip -n " + kO + " addr add " +
           kOtherIp + "/24 dev oth0 && ip -n " + kO + " link set oth0 up" + c + "addr add " +
           kClientIp + "/24 dev cli0" + c + "link set cli0 up" + c + "link set pc up" + c +
           "link set ps up" + c + "link set po up" + c + "link set br0 up");
    if (rc != 0) {
      skip_reason_ = "could not create the bridged namespaces";
      TearDownTestSuite();
      return;
    }
    server_mac_ = read_command("ip netns exec " + kS + " cat /sys/class/net/srv0/address");
    enter_client_namespace(kC);
  }
  static void TearDownTestSuite() {
    leave_client_namespace();
    sh("ip netns del " + kS + " 2>/dev/null; ip netns del " + kO + " 2>/dev/null; ip netns del " +
       kC + " 2>/dev/null");
  }

  static int count(const std::string& text, const std::string& what) {
    int n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
      ++n;
    return n;
  }
  // Sends a PXE DISCOVER and waits (bounded) until both servers' OFFERs passed the client.
  bool discover_answered_by_both(const std::string& mac, std::uint32_t xid) {
    auto req = make_request(Tins::DHCP::DISCOVER, mac, xid);
    send(req);
    bool ours = false, theirs = false;
    for (int i = 0; i < 4 && !(ours && theirs); ++i) {
      const auto reply = receive_reply(xid, 1500);
      if (!reply) continue;
      const std::string server = reply->server_identifier().to_string();
      ours = ours || server == kServerIp;
      theirs = theirs || server == kOtherIp;
    }
    return ours && theirs;
  }
};

TEST_F(ResponderLan, FullDhcpRefusesToStartBesideAnotherDhcpServerUnlessForced) {
  Dnsmasq other;
  ASSERT_TRUE(other.start(kO,
                          "--interface=oth0 --bind-interfaces "
                          "--dhcp-range=10.78.0.100,10.78.0.150,1h"));
  const std::string leases = "/tmp/pxescope-lan-leases-" + std::to_string(::getpid());
  const std::string args =
      "--iface srv0 --boot-file pxelinux.0 --dhcp-range "
      "10.78.0.160,10.78.0.170 --lease-file " +
      leases;
  {
    Responder r(kS);
    EXPECT_FALSE(r.start(args, log_)) << r.log();
    EXPECT_EQ(r.exit_code(), 1) << r.log();
    EXPECT_NE(r.log().find("another DHCP server answers on srv0: 10.78.0.2"), std::string::npos)
        << r.log();
    EXPECT_NE(r.log().find("--force"), std::string::npos) << r.log();
  }
  {
    Responder forced(kS);
    ASSERT_TRUE(forced.start(args + " --force", log_)) << forced.log();
    for (int i = 0; i < 100 && forced.log().find("interface=srv0") == std::string::npos; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_NE(forced.log().find("WARNING: another DHCP server answers on srv0: 10.78.0.2"),
              std::string::npos)
        << forced.log();
    EXPECT_EQ(forced.stop(), 0);
  }
  {
    Responder unchecked(kS);
    ASSERT_TRUE(unchecked.start(args + " --dhcp-check 0", log_)) << unchecked.log();
    EXPECT_EQ(unchecked.log().find("another DHCP server"), std::string::npos)
        << "--dhcp-check 0 turns the check off";
  }
  std::remove(leases.c_str());
}

TEST_F(ResponderLan, ProxyWarnsAboutAnotherProxyAtStartAndLogsEachConflictOnce) {
  Dnsmasq other;
  ASSERT_TRUE(other.start(kO,
                          "--interface=oth0 --bind-interfaces --dhcp-range=10.78.0.0,proxy "
                          "--pxe-service=x86PC,Other,pxelinux"));
  Responder r(kS);
  ASSERT_TRUE(r.start("--iface srv0 --boot-file pxelinux.0", log_)) << r.log();
  for (int i = 0; i < 100 && r.log().find("interface=srv0") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_NE(
      r.log().find("WARNING: another proxyDHCP server answers PXE clients on srv0: 10.78.0.2"),
      std::string::npos)
      << r.log();
  EXPECT_TRUE(r.alive()) << "proxy mode only warns";

  // A client both proxies answer: one conflict line, however many replies the boot takes.
  ASSERT_TRUE(discover_answered_by_both("02:00:00:00:40:01", 0x4001)) << r.log();
  ASSERT_TRUE(discover_answered_by_both("02:00:00:00:40:01", 0x4001)) << "the client's retry";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the responder log it
  EXPECT_EQ(count(r.log(), " conflict "), 1) << r.log();
  EXPECT_NE(r.log().find("conflict mac=02:00:00:00:40:01 xid=0x00004001 server=10.78.0.2"),
            std::string::npos)
      << r.log();
  // The client's next boot (a new transaction) is the next conflict.
  ASSERT_TRUE(discover_answered_by_both("02:00:00:00:40:01", 0x4002));
  for (int i = 0; i < 40 && count(r.log(), " conflict ") < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(count(r.log(), " conflict "), 2) << r.log();
}

}  // namespace
