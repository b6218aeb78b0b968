// One `pxescope respond` process serving several interfaces at once, end to end in network
// namespaces this test creates (and deletes), with `pxescope probe` (pxescope-probe, the
// libtins client) as the firmware:
//
//   client ns                          server ns
//   c0 ------------ veth ------------- s0      10.40.0.1/24  full DHCP, forty.efi
//   c1 ------------ veth ------------- s1      10.30.0.1/24  full DHCP, thirty.efi
//   c3 ------------ veth ------------- s3      10.50.0.1/24  not named: never answered
//   with 802.1Q in the kernel, VLANs on the first veth:
//   c0.10 ------------------------- s0.10   10.10.0.1/24  full DHCP, ten.efi
//   c0.20 ------------------------- s0.20   10.20.0.1/24  full DHCP, twenty.efi
//   c0.30 (not served: s0 hears its frames tagged and must stay silent)
//   relay ns: dhcrelay from 10.79.0.0/24 (ra0) and 10.80.0.0/24 (rb0) up to s2 10.78.0.1/24,
//   proxy ranges behind it with their own set: tags and boot menus.
//
// Each client gets its own interface's address and boot file and exactly one answer; an
// interface or a VLAN nobody named gets none. One machine (one MAC) on two networks holds a
// lease on each, in the one lease file. Needs root and ip; the VLAN cases need a kernel with
// 802.1Q (CONFIG_VLAN_8021Q), the relayed one dhcrelay; SKIP otherwise.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/private_netns_names.hpp"  // named namespaces vanish with this process
#include "tests/unit/cli_test_support.hpp"

namespace {

namespace fs = std::filesystem;

// A shell command's output, stderr included, and its exit code.
std::string run(const std::string& cmd, int* status = nullptr) {
  const pxescope::test::CommandResult r = pxescope::test::run_command("{ { " + cmd + "\n} 2>&1; }");
  if (status) *status = r.exit_code;
  return r.out;
}

std::string read_text(const fs::path& path) {
  return pxescope::test::read_file(path.string());
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The responder's log lines about one client (its MAC).
std::string lines_of(const std::string& log, const std::string& mac) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t end; (end = log.find('\n', start)) != std::string::npos; start = end + 1) {
    const std::string line = log.substr(start, end - start + 1);
    if (line.find("mac=" + mac) != std::string::npos) out += line;
  }
  return out;
}

class RespondInterfaces : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (geteuid() != 0) {
      skip_ = "needs root (network namespaces)";
      return;
    }
    bin_ = PXESCOPE_BIN_DIR "/pxescope";
    if (!fs::exists(bin_) || !fs::exists(PXESCOPE_BIN_DIR "/pxescope-probe")) {
      skip_ = "pxescope and pxescope-probe must be built in " PXESCOPE_BIN_DIR;
      return;
    }
    if (run("command -v ip").empty()) {
      skip_ = "needs ip (iproute2)";
      return;
    }
    const std::string id = std::to_string(getpid() % 100000);
    srv_ = "pxis" + id;
    cli_ = "pxic" + id;
    rel_ = "pxir" + id;
    root_ = fs::temp_directory_path() / ("pxifaces-" + id);
    fs::create_directories(root_);
    for (const char* file : {"ten.efi", "twenty.efi", "thirty.efi", "forty.efi"})
      std::ofstream(root_ / file) << std::string(1000, 'x');
    int rc = 0;
    const std::string S = "ip -n " + srv_ + " ", C = "ip -n " + cli_ + " ",
                      R = "ip -n " + rel_ + " ";
    auto pair = [&](const std::string& a, const std::string& ns_a, const std::string& b,
                    const std::string& ns_b) {
      return "ip link add " + a + " netns " + ns_a + " type veth peer name " + b + " netns " + ns_b;
    };
    run("ip netns add " + srv_ + " && ip netns add " + cli_ + " && ip netns add " + rel_ + " && " +
            pair("s0", srv_, "c0", cli_) + " && " + pair("s1", srv_, "c1", cli_) + " && " +
            pair("s3", srv_, "c3", cli_) + " && " + pair("s2", srv_, "r1", rel_) + " && " +
            pair("ra0", rel_, "ca", cli_) + " && " + pair("rb0", rel_, "cb", cli_) + " && " + S +
            "addr add 10.40.0.1/24 dev s0 && " + S + "addr add 10.30.0.1/24 dev s1 && " + S +
            "addr add 10.50.0.1/24 dev s3 && " + S + "addr add 10.78.0.1/24 dev s2 && " + R +
            "addr add 10.78.0.2/24 dev r1 && " + R + "addr add 10.79.0.1/24 dev ra0 && " + R +
            "addr add 10.80.0.1/24 dev rb0",
        &rc);
    ready_ = true;
    if (rc != 0) {
      skip_ = "could not create the namespaces and veths";
      return;
    }
    // VLANs 10 and 20 on the first veth (and 30 on the client side only), when the kernel can.
    run(S + "link add link s0 name s0.10 type vlan id 10", &rc);
    vlans_ = rc == 0;
    if (vlans_)
      run(S + "link add link s0 name s0.20 type vlan id 20 && " + C +
              "link add link c0 name c0.10 type vlan id 10 && " + C +
              "link add link c0 name c0.20 type vlan id 20 && " + C +
              "link add link c0 name c0.30 type vlan id 30 && " + S +
              "addr add 10.10.0.1/24 dev s0.10 && " + S + "addr add 10.20.0.1/24 dev s0.20",
          &rc);
    vlans_ = vlans_ && rc == 0;
    for (const std::string& ns : {srv_, cli_, rel_})
      run("for l in $(ip -n " + ns + " -o link show | cut -d: -f2 | cut -d@ -f1); do ip -n " + ns +
          " link set $l up; done");
    // Every range in its own network, with its own tag and boot file; the relayed ones fit no
    // served interface: networks behind the relay. s3 is not named, though a range fits it.
    std::ofstream conf(root_ / "pxe.conf");
    conf << "interface=s0\ninterface=s1,s2\n"
         << "dhcp-range=set:lan,10.30.0.100,10.30.0.150\n"
         << "dhcp-range=set:untagged,10.40.0.100,10.40.0.150\n"
         << "dhcp-range=set:ra,10.79.0.0,proxy\ndhcp-range=set:rb,10.80.0.0,proxy\n"
         << "dhcp-range=10.50.0.0,proxy\n"
         << "dhcp-boot=tag:lan,thirty.efi\ndhcp-boot=tag:untagged,forty.efi\n"
         << "pxe-service=tag:ra,x86PC,\"relay A\",a\npxe-service=tag:rb,x86PC,\"relay B\",b\n"
         << "enable-tftp\ntftp-root=" << root_.string() << "\n"
         << "dhcp-leasefile=" << (root_ / "leases").string() << "\n";
    if (vlans_)
      conf << "interface=s0.10,s0.20\n"
           << "dhcp-range=set:v10,10.10.0.100,10.10.0.150\n"
           << "dhcp-range=set:v20,10.20.0.100,10.20.0.150\n"
           << "dhcp-boot=tag:v10,ten.efi\ndhcp-boot=tag:v20,twenty.efi\n";
    conf.close();
    std::ofstream(root_ / "respond.sh")
        << "ip netns exec " << srv_ << " " << bin_ << " respond --config "
        << (root_ / "pxe.conf").string() << " --dhcp-check 0 --no-ping >"
        << (root_ / "respond.log").string() << " 2>&1 &\n";
    run("sh " + (root_ / "respond.sh").string());
    for (int i = 0; i < 100 && count(log(), " start ") < served(); ++i) usleep(100000);
  }

  static void TearDownTestSuite() {
    if (!ready_) return;
    // What runs in our namespaces (the responder, dhcrelay), by pid, then the namespaces.
    for (const std::string& ns : {srv_, cli_, rel_})
      run("for p in $(ip netns pids " + ns + "); do kill $p; done");
    usleep(300000);
    for (const std::string& ns : {srv_, cli_, rel_}) run("ip netns del " + ns);
    fs::remove_all(root_);
  }

  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
  }

  static std::size_t served() { return vlans_ ? 5 : 3; }
  // `pxescope probe` on client interface `iface` (bounded by timeout(1)).
  static std::string probe(const std::string& iface, const std::string& args) {
    return run("timeout 60 ip netns exec " + cli_ + " " + bin_ + " probe -i " + iface + " " + args);
  }
  static std::string log() { return read_text(root_ / "respond.log"); }

  // A full-DHCP boot on `iface` as MAC `mac`: its network's address, its boot file over its
  // TFTP, one offer; and on the server side every reply to that MAC is in that network.
  static void boots_on(const std::string& iface, const std::string& mac, const std::string& net,
                       const std::string& boot, const std::string& server_iface) {
    SCOPED_TRACE(iface);
    const std::string out = probe(iface, "--arch efi-x64 --mac " + mac);
    EXPECT_NE(out.find("address offer    address " + net), std::string::npos) << out;
    EXPECT_NE(out.find(boot), std::string::npos) << out;
    EXPECT_NE(out.find("OACK from"), std::string::npos) << out;  // its TFTP served it
    EXPECT_EQ(count(out, "got address offer"), 1u) << out;
    const std::string mine = lines_of(log(), mac);
    EXPECT_EQ(count(mine, "reply=OFFER"), 1u) << mine;
    EXPECT_EQ(count(mine, "yiaddr="), count(mine, "yiaddr=" + net)) << mine;
    // Every line about it names the interface it came in on: its own.
    EXPECT_EQ(count(mine, " iface="), count(mine, " iface=" + server_iface + " ")) << mine;
    EXPECT_GE(count(mine, " iface=" + server_iface + " "), 3u) << mine;  // DISCOVER, REQUEST, 4011
  }

  static inline std::string skip_, bin_, srv_, cli_, rel_;
  static inline fs::path root_;
  static inline bool ready_ = false, vlans_ = false;
};

TEST_F(RespondInterfaces, OneProcessOneStartLinePerInterface) {
  const std::string text = log();
  EXPECT_EQ(count(text, " start "), served()) << text;
  for (const char* line : {"interface=s0 server_ip=10.40.0.1 mode=full-dhcp",
                           "interface=s1 server_ip=10.30.0.1 mode=full-dhcp",
                           "interface=s2 server_ip=10.78.0.1 mode=proxy"})
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  EXPECT_EQ(text.find("interface=s3"), std::string::npos) << "s3 was not named\n" << text;
  EXPECT_EQ(run("ip netns pids " + srv_ + " | wc -l"), "1\n") << "one process for all of them";
}

TEST_F(RespondInterfaces, EachInterfaceGetsItsOwnAddressAndBootFileAndOneAnswer) {
  boots_on("c0", "02:00:00:00:40:01", "10.40.0.", "boot file: forty.efi on 10.40.0.1", "s0");
  boots_on("c1", "02:00:00:00:30:01", "10.30.0.", "boot file: thirty.efi on 10.30.0.1", "s1");
}

TEST_F(RespondInterfaces, AnInterfaceNobodyNamedGetsNoAnswer) {
  const std::string out = probe("c3", "--arch efi-x64 --no-tftp --mac 02:00:00:00:50:01");
  EXPECT_NE(out.find("no server answered the DISCOVER"), std::string::npos) << out;
  EXPECT_EQ(log().find("02:00:00:00:50:01"), std::string::npos) << "not even seen\n" << log();
}

TEST_F(RespondInterfaces, OneMachineOnTwoNetworksHoldsALeaseOnEachInOneFile) {
  const std::string mac = "02:00:00:00:99:01";  // the same client on two networks
  const std::string a = probe("c0", "--arch efi-x64 --no-tftp --mac " + mac);
  const std::string b = probe("c1", "--arch efi-x64 --no-tftp --mac " + mac);
  EXPECT_NE(a.find("got ACK from 10.40.0.1"), std::string::npos) << a;
  EXPECT_NE(b.find("got ACK from 10.30.0.1"), std::string::npos) << b;
  const std::string leases = read_text(root_ / "leases");
  EXPECT_NE(leases.find(" " + mac + " "), std::string::npos) << leases;
  EXPECT_NE(leases.find("10.40.0.1"), std::string::npos) << leases;
  EXPECT_NE(leases.find("10.30.0.1"), std::string::npos) << leases;
  EXPECT_NE(log().find("lease_file=" + (root_ / "leases").string()), std::string::npos) << log();
}

TEST_F(RespondInterfaces, EachVlanGetsItsOwnAddressAndBootFile) {
  if (!vlans_) GTEST_SKIP() << "the kernel has no 802.1Q VLAN support (CONFIG_VLAN_8021Q)";
  const std::string start = log();
  EXPECT_NE(start.find("interface=s0.10 server_ip=10.10.0.1 mode=full-dhcp"), std::string::npos);
  EXPECT_NE(start.find("interface=s0.20 server_ip=10.20.0.1 mode=full-dhcp"), std::string::npos);
  // s0 hears the VLANs' frames too, tagged: only the VLAN's own interface answers.
  boots_on("c0.10", "02:00:00:00:10:01", "10.10.0.", "boot file: ten.efi on 10.10.0.1", "s0.10");
  boots_on("c0.20", "02:00:00:00:20:01", "10.20.0.", "boot file: twenty.efi on 10.20.0.1", "s0.20");
  // The same machine on both VLANs: a lease on each.
  const std::string mac = "02:00:00:00:99:02";
  EXPECT_NE(probe("c0.10", "--arch efi-x64 --no-tftp --mac " + mac).find("got ACK from 10.10.0.1"),
            std::string::npos);
  EXPECT_NE(probe("c0.20", "--arch efi-x64 --no-tftp --mac " + mac).find("got ACK from 10.20.0.1"),
            std::string::npos);
  EXPECT_EQ(count(lines_of(log(), mac), "reply=ACK"), 2u) << log();
}

TEST_F(RespondInterfaces, AVlanNobodyServesGetsNoAnswer) {
  if (!vlans_) GTEST_SKIP() << "the kernel has no 802.1Q VLAN support (CONFIG_VLAN_8021Q)";
  const std::string out = probe("c0.30", "--arch efi-x64 --no-tftp --mac 02:00:00:00:30:32");
  EXPECT_NE(out.find("no server answered the DISCOVER"), std::string::npos) << out;
  EXPECT_EQ(log().find("02:00:00:00:30:32"), std::string::npos) << log();
}

TEST_F(RespondInterfaces, RelayedSubnetsEachGetTheirOwnMenuFromTheSameProcess) {
  if (run("command -v dhcrelay").empty())
    GTEST_SKIP() << "dhcrelay (Debian isc-dhcp-relay) is not installed";
  run("ip netns exec " + rel_ + " dhcrelay -4 -a -id ra0 -id rb0 -iu r1 10.78.0.1 >" +
      (root_ / "relay.log").string() + " 2>&1 &");
  const struct {
    const char* iface;
    const char* menu;
    const char* other;
  } cases[] = {{"ca", "PXE menu \"relay A\"", "relay B"},
               {"cb", "PXE menu \"relay B\"", "relay A"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.iface);
    std::string out;
    // dhcrelay may need a moment to open its sockets: the probe resends, then once more.
    for (int attempt = 0; attempt < 2 && out.find(c.menu) == std::string::npos; ++attempt)
      out = probe(c.iface, "--arch bios --no-tftp");
    EXPECT_NE(out.find(c.menu), std::string::npos) << out << log();
    EXPECT_EQ(out.find(c.other), std::string::npos) << out;
    EXPECT_EQ(count(out, "got proxy offer"), 1u) << out;
  }
  const std::string text = log();
  EXPECT_NE(text.find("relay=10.79.0.1"), std::string::npos) << text;
  EXPECT_NE(text.find("dhcp iface=s2 request=DISCOVER"), std::string::npos) << text;
  EXPECT_NE(text.find("relay=10.80.0.1"), std::string::npos) << text;
}

// Last (it edits the config): SIGHUP reloads every interface's view; another interface needs
// a restart and is refused, the running ones keep serving.
TEST_F(RespondInterfaces, SighupReloadsEachInterfaceAndRefusesANewOne) {
  const std::string pid = run("ip netns pids " + srv_ + " | head -1");
  ASSERT_FALSE(pid.empty());
  const auto wait_for = [](const std::string& text, std::size_t n) {
    for (int i = 0; i < 50 && count(log(), text) < n; ++i) usleep(100000);
    return count(log(), text);
  };
  run("kill -HUP " + pid);
  EXPECT_EQ(wait_for("nothing changed", served()), served()) << log();
  const std::string conf = read_text(root_ / "pxe.conf");
  std::ofstream(root_ / "pxe.conf", std::ios::app) << "interface=s3\n";
  run("kill -HUP " + pid);
  EXPECT_EQ(wait_for("reload refused", served()), served()) << log();
  EXPECT_NE(log().find("interface: s0,s1,s2"), std::string::npos) << log();
  std::ofstream(root_ / "pxe.conf") << conf;
  boots_on("c1", "02:00:00:00:30:02", "10.30.0.", "boot file: thirty.efi on 10.30.0.1", "s1");
}

}  // namespace
