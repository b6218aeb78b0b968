// DHCPv6 on several interfaces of one `pxescope respond` (responder/dhcp6/dhcp6_interfaces.hpp),
// end to end in network namespaces this test creates (pid-suffixed) and deletes, with
// `pxescope probe -6` (libtins) as the PXEv6 firmware:
//
//   client ns                      server ns
//   c0<id> ---------- veth -------- s0<id>  fd00:63::2/64  range fd00:63::100-1ff (by its /64)
//   c1<id> ---------- veth -------- s1<id>  fd00:64::2/64  range ::100-::1ff constructor:s1<id>
//   c2<id> ---------- veth -------- s2<id>  fd00:65::2/64  served (IPv4), no IPv6 range: no DHCPv6
//
// Each client gets an address of its own link's range and a URL with its own link's server
// address, from a socket of its own interface; the interface no range is for stays silent; each
// interface keeps its own lease file and DUID. Needs root and ip; skips otherwise.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/ipv6_test_support.hpp"
#include "tests/integration/respond_process.hpp"
#include "tests/integration/tftp_test_support.hpp"

namespace {

using tftp_test::HomeNamespace;
using tftp_test::Namespace;
using tftp_test::read_file;
using tftp_test::RespondProcess;
namespace fs = std::filesystem;

const std::string kId = std::to_string(::getpid() % 100000);
const std::string kS0 = "s0" + kId, kS1 = "s1" + kId, kS2 = "s2" + kId;
const std::string kC0 = "c0" + kId, kC1 = "c1" + kId, kC2 = "c2" + kId;

std::string run(const std::string& cmd) {
  return tftp_test::run(cmd, 90).output;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class Dhcp6InterfacesNetns : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    skip_ = tftp_test::missing_root_or_tools({"ip"});
    if (!skip_.empty()) return;
    if (!fs::exists(PXESCOPE_BIN_DIR "/pxescope") ||
        !fs::exists(PXESCOPE_BIN_DIR "/pxescope-probe")) {
      skip_ = "pxescope and pxescope-probe must be built in " PXESCOPE_BIN_DIR;
      return;
    }
    server_ = std::make_unique<Namespace>();
    client_ = std::make_unique<Namespace>();
    const std::string sname = "px6is" + kId, cname = "px6ic" + kId;
    const std::string s = "ip -n " + sname + " ", c = "ip -n " + cname + " ";
    const std::string no_dad =
        " sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0";
    bool ok = server_->create(sname) && client_->create(cname);
    std::vector<std::string> steps = {"ip netns exec " + sname + no_dad,
                                      "ip netns exec " + cname + no_dad};
    const std::string links[3][4] = {{kS0, kC0, "10.63.0.1/24", "fd00:63::2/64"},
                                     {kS1, kC1, "10.64.0.1/24", "fd00:64::2/64"},
                                     {kS2, kC2, "10.65.0.1/24", "fd00:65::2/64"}};
    for (const auto& l : links) {
      steps.push_back(s + "link add " + l[0] + " type veth peer name " + l[1] + " netns " + cname);
      steps.push_back(s + "addr add " + l[2] + " dev " + l[0]);
      steps.push_back(s + "addr add " + l[3] + " dev " + l[0] + " nodad");
      steps.push_back(s + "link set " + l[0] + " up");
      steps.push_back(c + "link set " + l[1] + " up");
    }
    for (const std::string& step : steps) ok = ok && tftp_test::run(step, 10).exit_code == 0;
    if (!ok) {
      skip_ = "could not create the network namespaces";
      TearDownTestSuite();
      return;
    }
    // Every link-local address usable (not tentative) before the first Solicit.
    tftp_test::wait_for_link_locals(s + "-6 addr show; " + c + "-6 addr show", 6);
    dir_ = fs::temp_directory_path() / ("pxdhcp6if-" + kId);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "p.conf") << "dhcp-range=fd00:63::100,fd00:63::1ff,64,1h\n"
                                   << "dhcp-range=::100,::1ff,constructor:" << kS1 << ",64,1h\n"
                                   << "dhcp-option=option6:bootfile-url,tftp://[::]/ipxe.efi\n";
    log_ = (dir_ / "respond.log").string();
    started_ =
        respond_->start(*server_, *home_, PXESCOPE_BIN_DIR "/pxescope",
                        {"respond", "--iface", kS0, "--iface", kS1, "--iface", kS2, "--dhcp-check",
                         "0", "--no-tftp", "--config", (dir_ / "p.conf").string(), "--lease-file",
                         (dir_ / "leases").string()},
                        log_, "message=\"interface=" + kS2 + " ");
  }
  static void TearDownTestSuite() {
    if (respond_) respond_->stop();
    server_.reset();
    client_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
    ASSERT_TRUE(started_) << read_file(log_);
  }

  static std::string probe(const std::string& iface) {
    return run("timeout 60 ip netns exec " + client_->name() +
               " " PXESCOPE_BIN_DIR "/pxescope probe -i " + iface + " --no-tftp -6 --arch efi-x64");
  }

  static inline std::string skip_, log_;
  static inline fs::path dir_;
  static inline bool started_ = false;
  static inline std::unique_ptr<Namespace> server_, client_;
  static inline std::unique_ptr<HomeNamespace> home_ = std::make_unique<HomeNamespace>();
  static inline std::unique_ptr<RespondProcess> respond_ = std::make_unique<RespondProcess>();
};

TEST_F(Dhcp6InterfacesNetns, EachInterfaceWithARangeServesItsOwnDhcpv6) {
  const std::string text = read_file(log_);
  EXPECT_EQ(count(text, " start "), 3u) << text;
  for (const std::string& iface : {kS0, kS1}) {
    const std::size_t at = text.find("message=\"interface=" + iface + " ");
    ASSERT_NE(at, std::string::npos) << text;
    const std::string line = text.substr(at, text.find('\n', at) - at);
    EXPECT_NE(line.find(" dhcp6=full "), std::string::npos) << line;
    // Full mode on two interfaces: a lease file each, named after it.
    EXPECT_NE(line.find(" dhcp6_lease_file=" + (dir_ / "leases").string() + ".v6." + iface),
              std::string::npos)
        << line;
  }
  EXPECT_NE(text.find("DHCPv6: no IPv6 dhcp-range is for " + kS2), std::string::npos) << text;
}

TEST_F(Dhcp6InterfacesNetns, EachClientGetsItsOwnLinksAddressAndUrl) {
  const std::string first = probe(kC0);
  EXPECT_NE(first.find("DHCPv6 address: fd00:63::1"), std::string::npos) << first;
  EXPECT_NE(first.find("bootfile-url: tftp://[fd00:63::2]/ipxe.efi"), std::string::npos) << first;
  const std::string second = probe(kC1);
  EXPECT_NE(second.find("DHCPv6 address: fd00:64::1"), std::string::npos) << second;
  EXPECT_NE(second.find("bootfile-url: tftp://[fd00:64::2]/ipxe.efi"), std::string::npos) << second;
  // One Advertise each (the other interface's socket never heard it), from its own link.
  EXPECT_EQ(count(first, "got Advertise"), 1u) << first;
  EXPECT_EQ(count(second, "got Advertise"), 1u) << second;
  const std::string text = read_file(log_);
  EXPECT_NE(text.find("%" + kS0 + "]:546 "), std::string::npos) << text;
  EXPECT_NE(text.find("%" + kS1 + "]:546 "), std::string::npos) << text;
  // Each interface's own DUID (from its own MAC) in its own lease file.
  const std::string leases0 = read_file((dir_ / "leases").string() + ".v6." + kS0);
  const std::string leases1 = read_file((dir_ / "leases").string() + ".v6." + kS1);
  ASSERT_TRUE(leases0.starts_with("duid ")) << leases0;
  ASSERT_TRUE(leases1.starts_with("duid ")) << leases1;
  EXPECT_NE(leases0.substr(0, leases0.find('\n')), leases1.substr(0, leases1.find('\n')));
}

TEST_F(Dhcp6InterfacesNetns, AnInterfaceNoRangeIsForGetsNoDhcpv6Answer) {
  const std::string out = probe(kC2);
  EXPECT_NE(out.find("no DHCPv6 server answered the Solicit"), std::string::npos) << out;
  EXPECT_EQ(read_file(log_).find("%" + kS2 + "]:546"), std::string::npos) << read_file(log_);
}

}  // namespace
