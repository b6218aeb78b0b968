// `pxescope respond` serving TFTP and HTTP over IPv6 (issue 12), end to end with curl across a
// veth link between two throw-away namespaces (names suffixed with the pid): a global and a
// link-local address, the log naming the IPv6 client as [addr]:port, an address added while it
// runs served without a restart, a file outside the root refused over IPv6 as over IPv4, and no
// Router Advertisement from it (enable-ra is not given).
// Needs root, ip and curl; skips otherwise.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/integration/ipv6_test_support.hpp"
#include "tests/integration/netns_pair_fixture.hpp"

namespace fs = std::filesystem;
using tftp_test::read_file;
using tftp_test::run;

namespace {

class TftpIpv6Respond : public tftp_test::NetnsPairTest {
 protected:
  void SetUp() override {
    make_pair({.tag = "v6",
               .server_cidr = "10.80.0.1/24",
               .client_cidr = "10.80.0.2/24",
               .server_ipv6 = {"fe80::1/64", "fd00:80::1/64"},
               .client_ipv6 = {"fe80::2/64", "fd00:80::2/64"},
               .tools = {"ip", "curl"},
               .needs_pxescope = true});
    if (IsSkipped() || HasFatalFailure()) return;
    link_ = server_link_;
    fs::create_directories(base_ / "root");
    content_ = std::string(70000, '\0');
    for (std::size_t i = 0; i < content_.size(); ++i) content_[i] = static_cast<char>(i * 31 >> 3);
    std::ofstream(base_ / "root" / "boot.efi", std::ios::binary) << content_;
    std::ofstream(base_ / "secret.txt") << "outside the root\n";
    for (const auto& file : {base_ / "root" / "boot.efi", base_ / "secret.txt"})
      fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                fs::perms::others_read);
    std::ofstream(base_ / "pxe.conf") << "http-port=8080\n";
    log_ = (base_ / "respond.log").string();
    ASSERT_TRUE(respond_.start(
        server_ns_, home_, binary_,
        {"respond", "--iface", link_, "--tftp-root", (base_ / "root").string(), "--boot-file",
         "boot.efi", "--dhcp-check", "0", "--config", (base_ / "pxe.conf").string()},
        log_, "ipv6 "))
        << read_file(log_);
  }

  // curl in the client namespace: the body saved to a file, the file's bytes returned.
  std::string fetch(const std::string& url) {
    const std::string out = (base_ / "got.bin").string();
    fs::remove(out);
    client("curl -sf -g --path-as-is --max-time 20 -o " + out + " '" + url + "'", 30);
    return read_file(out);
  }

  std::string link_, log_, content_;
};

}  // namespace

TEST_F(TftpIpv6Respond, TftpAndHttpOverGlobalAndLinkLocalAddresses) {
  const std::string start = read_file(log_);
  EXPECT_NE(start.find("tftp=[::]:69%" + link_), std::string::npos) << start;
  EXPECT_NE(start.find("http=[::]:8080%" + link_), std::string::npos) << start;

  EXPECT_EQ(fetch("tftp://[fd00:80::1]/boot.efi"), content_);
  EXPECT_EQ(fetch("http://[fd00:80::1]:8080/boot.efi"), content_);
  // Link-local: the client names its link (%25 is '%' in a URL).
  EXPECT_EQ(fetch("tftp://[fe80::1%25" + client_link_ + "]/boot.efi"), content_);
  EXPECT_EQ(fetch("http://[fe80::1%25" + client_link_ + "]:8080/boot.efi"), content_);
  // And IPv4 as before, from the same servers.
  EXPECT_EQ(fetch("tftp://10.80.0.1/boot.efi"), content_);

  const std::string log = read_file(log_);
  EXPECT_NE(log.find("tftp-finish client=[fd00:80::2]:"), std::string::npos) << log;
  EXPECT_NE(log.find("tftp-finish client=[fe80::2%" + link_ + "]:"), std::string::npos) << log;
  EXPECT_NE(log.find("http client=[fd00:80::2]:"), std::string::npos) << log;
  EXPECT_NE(log.find("http client=[fe80::2%" + link_ + "]:"), std::string::npos) << log;
  EXPECT_NE(log.find("tftp-finish client=10.80.0.2:"), std::string::npos) << log;
}

TEST_F(TftpIpv6Respond, AnAddressAddedWhileRunningIsServedAndTheRootStillConfines) {
  ASSERT_TRUE(tftp_test::enable_ipv6(server_ns_, link_, {"fd00:80::11/64"}));
  EXPECT_EQ(fetch("tftp://[fd00:80::11]/boot.efi"), content_);
  EXPECT_EQ(fetch("http://[fd00:80::11]:8080/boot.efi"), content_);
  // Outside the root: refused over IPv6 as over IPv4 (nothing of the file comes back).
  EXPECT_EQ(fetch("tftp://[fd00:80::1]/../secret.txt"), "");
  EXPECT_EQ(fetch("http://[fd00:80::1]:8080/../secret.txt"), "");
  const std::string log = read_file(log_);
  EXPECT_NE(log.find("tftp-refused client=[fd00:80::2]:"), std::string::npos) << log;
}

TEST_F(TftpIpv6Respond, SendsNoRouterAdvertisementUnlessAsked) {
  // A host soliciting routers on the link hears nothing from pxescope: RAs only with enable-ra.
  tftp_test::RouterSolicitor host;
  ASSERT_TRUE(host.open(client_ns_, home_, client_link_));
  ASSERT_TRUE(host.solicit());
  EXPECT_TRUE(host.receive(3000).empty()) << "a Router Advertisement without enable-ra";
}
