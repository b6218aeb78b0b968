// The DHCPv6 start-up check against a real server (issue 12 §3): dnsmasq as the DHCPv6 server
// in one throw-away namespace, the check's Solicit from the other across a veth link (names
// suffixed with the pid). It must name dnsmasq (link-local address, DUID, the address offered),
// and find no one once dnsmasq is gone; and `pxescope respond` in full DHCPv6 mode refuses to
// start beside it with that line (--force: a warning). Needs root, ip and dnsmasq; skips otherwise.
#include <gtest/gtest.h>
#include <net/if.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "responder/dhcp6_check.hpp"
#include "tests/integration/netns_pair_fixture.hpp"

namespace fs = std::filesystem;
using pxescope::responder::OtherDhcp6Server;
using tftp_test::read_file;
using tftp_test::run;

namespace {

class Dhcp6CheckNetns : public tftp_test::NetnsPairTest {
 protected:
  void SetUp() override {
    make_pair({.tag = "d6",
               .server_cidr = "10.81.0.1/24",
               .client_cidr = "10.81.0.2/24",
               .server_ipv6 = {"fe80::1/64", "fd00:81::1/64"},
               .client_ipv6 = {"fe80::2/64", "fd00:81::2/64"},
               .tools = {"ip", "dnsmasq"}});
  }

  void TearDown() override {
    stop_dnsmasq();
    NetnsPairTest::TearDown();
  }

  void start_dnsmasq() {
    std::ofstream(base_ / "dnsmasq.conf")
        << "port=0\ninterface=" << server_link_ << "\nbind-interfaces\nuser=root\ngroup=root\n"
        << "dhcp-range=fd00:81::100,fd00:81::1ff,64,1h\ndhcp-leasefile="
        << (base_ / "leases").string() << "\npid-file=" << (base_ / "dnsmasq.pid").string()
        << "\nlog-facility=" << (base_ / "dnsmasq.log").string() << "\n";
    ASSERT_EQ(run("ip netns exec " + server_ns_.name() +
                      " dnsmasq --conf-file=" + (base_ / "dnsmasq.conf").string(),
                  10)
                  .exit_code,
              0);
    for (int waited = 0; waited < 5000 && read_file((base_ / "dnsmasq.pid").string()).empty();
         waited += 50)
      usleep(50000);
    dnsmasq_pid_ = std::atoi(read_file((base_ / "dnsmasq.pid").string()).c_str());
    ASSERT_GT(dnsmasq_pid_, 0);
  }
  void stop_dnsmasq() {
    if (dnsmasq_pid_ <= 0) return;
    kill(dnsmasq_pid_, SIGTERM);
    for (int waited = 0; waited < 5000 && kill(dnsmasq_pid_, 0) == 0; waited += 50) usleep(50000);
    dnsmasq_pid_ = -1;
  }

  // The check from the client namespace: what it found, or the error line.
  std::vector<OtherDhcp6Server> check(std::string& error) {
    std::vector<OtherDhcp6Server> servers;
    if (!client_ns_.enter()) {
      error = "cannot enter " + client_ns_.name();
      return servers;
    }
    const pxescope::responder::MacAddress mac{0x52, 0x54, 0x00, 0x81, 0x00, 0x02};
    pxescope::responder::run_dhcp6_check(client_link_, if_nametoindex(client_link_.c_str()), mac, 2,
                                         servers, error);
    home_.go_back();
    return servers;
  }

  int dnsmasq_pid_ = -1;
};

}  // namespace

TEST_F(Dhcp6CheckNetns, NamesDnsmasqItsDuidAndTheAddressItOffers) {
  start_dnsmasq();
  std::string error;
  const auto servers = check(error);
  ASSERT_EQ(error, "");
  ASSERT_EQ(servers.size(), 1u) << read_file((base_ / "dnsmasq.log").string());
  EXPECT_EQ(servers[0].address, "fe80::1%" + client_link_);
  EXPECT_FALSE(servers[0].duid.empty());
  EXPECT_TRUE(servers[0].offered.starts_with("fd00:81::")) << servers[0].offered;
  const std::string line = pxescope::responder::dhcp6_check_line(servers, "lan0", false);
  EXPECT_NE(line.find("another DHCPv6 server answers on lan0: fe80::1%" + client_link_ + " (DUID " +
                      servers[0].duid + ") offered fd00:81::"),
            std::string::npos)
      << line;
}

TEST_F(Dhcp6CheckNetns, FindsNoOneWhenNoServerAnswers) {
  std::string error;
  EXPECT_TRUE(check(error).empty());
  EXPECT_EQ(error, "");
}

TEST_F(Dhcp6CheckNetns, RespondInFullDhcpv6ModeRefusesToStartBesideIt) {
  const std::string binary = std::string(PXESCOPE_BIN_DIR) + "/pxescope";
  if (access(binary.c_str(), X_OK) != 0) GTEST_SKIP() << "no " << binary << " (build it)";
  start_dnsmasq();
  fs::create_directories(base_ / "root");
  std::ofstream(base_ / "root" / "boot.efi") << "x";
  fs::permissions(base_ / "root" / "boot.efi", fs::perms::owner_read | fs::perms::others_read);
  std::ofstream(base_ / "pxe6.conf") << "dhcp-range=fd00:81::200,fd00:81::2ff,64,1h\n"
                                     << "dhcp-option=option6:bootfile-url,tftp://[::]/boot.efi\n";
  const std::string respond =
      "ip netns exec " + client_ns_.name() + " " + binary + " respond --iface " + client_link_ +
      " --tftp-root " + (base_ / "root").string() + " --boot-file boot.efi --lease-file " +
      (base_ / "leases").string() + " --dhcp-check 2 --config " + (base_ / "pxe6.conf").string();
  const auto refused = run(respond + " 2>&1", 60);
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("another DHCPv6 server answers on " + client_link_ + ": fe80::1%" +
                                client_link_ + " (DUID "),
            std::string::npos)
      << refused.output;
  // --force: it starts anyway (the same line as a warning); stopped by timeout after 5 s.
  const auto forced = run("timeout 5 " + respond + " --force 2>&1", 60);
  EXPECT_EQ(forced.exit_code, 124) << forced.output;
  EXPECT_NE(forced.output.find("WARNING: another DHCPv6 server answers"), std::string::npos)
      << forced.output;
}
