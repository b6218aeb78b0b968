// `pxescope probe` (which runs pxescope-probe, the libtins client) against dnsmasq (full
// DHCP + PXE services + TFTP, and DHCPv6 with a bootfile-url) and against `pxescope respond`
// (full and proxy) in a pair of network namespaces this test creates and deletes; and the
// probe's DISCOVER shape (fingerprinted like the firmware it imitates). The netns tests
// need root, ip and dnsmasq, else SKIP.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "analyzer/fingerprint/firmware_fingerprint.hpp"
#include "analyzer/story/dhcp_message.hpp"
#include "probe/probe_client.hpp"
#include "probe/probe_packets.hpp"
#include "tests/private_netns_names.hpp"  // named namespaces vanish with this process

namespace pxescope {
namespace {

std::string run(const std::string& cmd, int* status = nullptr) {
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen((cmd + " 2>&1").c_str(), "r"), pclose);
  std::string out;
  if (!p) return out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, p.get())) out.append(buf, n);
  const int rc = pclose(p.release());
  if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

TEST(ProbeDiscover, LooksLikeTheFirmwareItImitates) {
  probe::Dhcp4Request r;
  r.mac = {2, 0, 0, 0, 0, 9};
  const auto& mac = r.mac;
  DhcpMessage uefi, bios;
  ASSERT_TRUE(bios.parse(probe::build_dhcp4(r)));
  r.arch = 7;
  ASSERT_TRUE(uefi.parse(probe::build_dhcp4(r)));
  EXPECT_EQ(uefi.arch(), 7);
  EXPECT_EQ(uefi.vendor_class(), "PXEClient:Arch:00007:UNDI:003000");
  EXPECT_NE(fingerprint_firmware(uefi).name.find("EDK2"), std::string::npos);
  EXPECT_EQ(bios.vendor_class(), "PXEClient:Arch:00000:UNDI:002001");
  EXPECT_NE(fingerprint_firmware(bios).name.find("Intel"), std::string::npos);
  EXPECT_EQ(uefi.mac, mac);
  DhcpMessage boot_server;
  r.arch = 11;
  r.type = 3;
  r.boot_server_request = true;
  r.ciaddr = 0x0a000001;
  r.boot_item = true;
  ASSERT_TRUE(boot_server.parse(probe::build_dhcp4(r)));
  EXPECT_EQ(boot_server.ciaddr, 0x0a000001u);
  EXPECT_TRUE(boot_server.pxe_vendor().has_boot_item);
  int arch = -1;
  EXPECT_TRUE(probe::parse_probe_arch("efi-arm64", arch));
  EXPECT_EQ(arch, 11);
  EXPECT_FALSE(probe::parse_probe_arch("amiga", arch));
}

class ProbeNetns : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
    if (run("command -v dnsmasq").empty() || run("command -v ip").empty())
      GTEST_SKIP() << "needs dnsmasq and ip";
    bin_ = PXESCOPE_BIN_DIR "/pxescope";
    if (!std::filesystem::exists(bin_)) GTEST_SKIP() << "pxescope not built at " << bin_;
    if (!std::filesystem::exists(PXESCOPE_BIN_DIR "/pxescope-probe"))
      GTEST_SKIP() << "pxescope-probe not built in " PXESCOPE_BIN_DIR;
    const std::string id = std::to_string(getpid() % 100000);
    srv_ = "pxps" + id;
    cli_ = "pxpc" + id;
    root_ = std::filesystem::temp_directory_path() / ("pxprobe-" + id);
    std::filesystem::create_directories(root_);
    std::ofstream(root_ / "syslinux.efi") << std::string(3000, 'x');
    std::ofstream(root_ / "ipxe.efi") << std::string(1234, 'x');
    int rc = 0;
    run("ip netns add " + srv_ + " && ip netns add " + cli_ + " && ip link add " + srv_ +
            " type veth peer name " + cli_ + " && ip link set " + srv_ + " netns " + srv_ +
            " && ip link set " + cli_ + " netns " + cli_,
        &rc);
    ASSERT_EQ(rc, 0) << "namespace setup failed";
    ready_ = true;
    // Link-local addresses usable at once (no duplicate address detection wait), so the
    // server answers from its link-local address, as on any LAN.
    for (const std::string& ns : {srv_, cli_})
      run("ip netns exec " + ns + " sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf." + ns +
          ".accept_dad=0");
    run("ip -n " + srv_ + " link set " + srv_ + " address " + kServerMac + " && ip -n " + srv_ +
            " addr add 10.231.0.1/24 dev " + srv_ + " && ip -n " + srv_ + " addr add " +
            kServerIpv6 + "/64 dev " + srv_ + " nodad && ip -n " + srv_ + " link set " + srv_ +
            " up && ip -n " + cli_ + " link set " + cli_ + " up && ip -n " + srv_ +
            " link set lo up && ip -n " + cli_ + " link set lo up",
        &rc);
    ASSERT_EQ(rc, 0) << "namespace setup failed";
    start_responder();
  }
  // dnsmasq by default; the RespondProbe fixture runs `pxescope respond` instead.
  virtual void start_responder() {
    run("ip netns exec " + srv_ + " dnsmasq --conf-file=/dev/null --port=0 --interface=" + srv_ +
        " --bind-interfaces --user=root --group=root --no-ping --dhcp-authoritative"
        " --dhcp-range=10.231.0.100,10.231.0.150,255.255.255.0,1h"
        // BIOS: a PXE menu, so the probe asks the boot server on 4011; x64 UEFI: the file in
        // the offer itself (dhcp-boot), as full-DHCP setups do.
        " --pxe-service=x86PC,Test,pxelinux --dhcp-match=set:efi64,option:client-arch,7"
        " --dhcp-boot=tag:efi64,syslinux.efi"
        // DHCPv6: addresses and the boot file URL, as an IPv6 PXE setup gives them.
        " --dhcp-range=fd00:231::100,fd00:231::1ff,64,1h"
        " --dhcp-option=option6:bootfile-url,tftp://[fd00:231::2]/ipxe.efi"
        " --enable-tftp --tftp-root=" +
        root_.string() + " --pid-file=" + (root_ / "dnsmasq.pid").string() +
        // Its own lease file: the DUID it makes is then its interface's, and the machine's
        // lease file is left alone.
        " --dhcp-leasefile=" + (root_ / "dnsmasq.leases").string());
    for (int i = 0; i < 50 && !std::filesystem::exists(root_ / "dnsmasq.pid"); ++i) usleep(100000);
  }
  void TearDown() override {
    if (!ready_) {
      if (!srv_.empty()) run("ip netns del " + srv_ + "; ip netns del " + cli_);
      return;
    }
    // Stop what runs in our namespaces (dnsmasq), by PID, then delete them.
    for (const std::string& ns : {srv_, cli_})
      run("for p in $(ip netns pids " + ns + "); do kill $p; done; sleep 0.2; ip netns del " + ns);
    std::filesystem::remove_all(root_);
  }
  // `pxescope probe` from the client namespace (bounded by timeout(1)); rc = its exit code.
  std::string probe(const std::string& args, int& rc) const {
    return run("timeout 60 ip netns exec " + cli_ + " " + bin_ + " probe -i " + cli_ + " " + args,
               &rc);
  }

  static constexpr const char* kServerMac = "02:00:00:00:e7:01";
  static constexpr const char* kServerIpv6 = "fd00:231::2";
  static constexpr const char* kServerLinkLocal = "fe80::ff:fe00:e701";  // EUI-64 of the MAC
  std::string bin_, srv_, cli_;
  std::filesystem::path root_;
  bool ready_ = false;
};

TEST_F(ProbeNetns, UefiProbeTakesTheFileFromTheOfferAndProbesItsSize) {
  int rc = -1;
  const std::string out = probe("--arch efi-x64", rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("address offer"), std::string::npos) << out;
  EXPECT_NE(out.find("boot file: syslinux.efi on 10.231.0.1"), std::string::npos) << out;
  EXPECT_NE(out.find("OACK from 10.231.0.1"), std::string::npos) << out;
  EXPECT_NE(out.find("tsize 3000"), std::string::npos) << out;
  EXPECT_NE(out.find("sent RELEASE"), std::string::npos) << out;
}

TEST_F(ProbeNetns, LiveDiagnoseOnTheServerSideTellsTheProbesStory) {
  const std::string json = (root_ / "diagnose.json").string();
  run("ip netns exec " + srv_ + " " + bin_ + " diagnose --json --seconds 9 -i " + srv_ + " >" +
      json + " 2>&1 &");
  usleep(500000);
  int rc = -1;
  const std::string out = probe("--arch efi-x64 --mac 02:00:00:00:00:45", rc);
  EXPECT_EQ(rc, 0) << out;
  std::string text;
  for (int i = 0; i < 150 && text.find('}') == std::string::npos; ++i) {
    usleep(100000);
    std::ifstream in(json);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  EXPECT_NE(text.find("\"mac\":\"02:00:00:00:00:45\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"event\":\"tftp-size-probe\""), std::string::npos) << text;
  EXPECT_NE(text.find("EDK2"), std::string::npos) << text;  // the probe's DISCOVER shape
}

TEST_F(ProbeNetns, BiosProbeReportsTheMissingFile) {
  int rc = -1;
  const std::string out = probe("--arch bios --mac 02:00:00:00:00:42", rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("PXE menu"), std::string::npos) << out;
  EXPECT_NE(out.find("boot-server ack"), std::string::npos) << out;
  EXPECT_NE(out.find("pxelinux.0"), std::string::npos) << out;
  EXPECT_NE(out.find("ERROR 1 from 10.231.0.1"), std::string::npos) << out;
}

TEST_F(ProbeNetns, RefusesAnInterfaceWithTheDefaultRoute) {
  run("ip -n " + srv_ + " route add default via 10.231.0.254 dev " + srv_);
  int rc = -1;
  const std::string out = run("ip netns exec " + srv_ + " " + bin_ + " probe -i " + srv_, &rc);
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find("default route"), std::string::npos) << out;
  EXPECT_NE(out.find("--yes"), std::string::npos) << out;
}

TEST_F(ProbeNetns, DiscoverWithoutOption93GetsNoBootInformationFromDnsmasq) {
  // --quirk no-arch: an x64 UEFI DISCOVER without option 93. dnsmasq (2.90) then matches
  // neither its client-arch tag nor a pxe-service: an address and no boot information.
  int rc = -1;
  const std::string out = probe("--arch efi-x64 --quirk no-arch --no-tftp", rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("sent DISCOVER (arch 7, quirk no-arch)"), std::string::npos) << out;
  EXPECT_NE(out.find("address offer    address 10.231.0."), std::string::npos) << out;
  EXPECT_NE(out.find("no boot information"), std::string::npos) << out;
  EXPECT_EQ(out.find("syslinux.efi"), std::string::npos) << out;
}

TEST_F(ProbeNetns, Ipv6ProbeGetsTheAddressAndTheBootfileUrl) {
  int rc = -1;
  const std::string out = probe("-6 --arch efi-x64", rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("over DHCPv6"), std::string::npos) << out;
  EXPECT_NE(out.find("sent Solicit (arch 7) from fe80::"), std::string::npos) << out;
  EXPECT_NE(out.find("got Advertise from "), std::string::npos) << out;
  EXPECT_NE(out.find("got Reply from "), std::string::npos) << out;
  // The server: dnsmasq's DUID-LLT ends with its interface's MAC.
  EXPECT_NE(out.find(std::string("DHCPv6 server: ") + kServerLinkLocal + " (DUID 00:01:00:01:"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(std::string(kServerMac) + ")"), std::string::npos) << out;
  EXPECT_NE(out.find("DHCPv6 address: fd00:231::1"), std::string::npos) << out;  // in ::100-::1ff
  EXPECT_NE(out.find("bootfile-url: tftp://[fd00:231::2]/ipxe.efi;"), std::string::npos) << out;
  // The boot file's size over TFTP from the leased address; the TFTP host (the server's
  // global address) found by neighbour discovery.
  EXPECT_NE(out.find("DHCPv6 boot file: ipxe.efi on fd00:231::2; TFTP: OACK from fd00:231::2"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("tsize 1234"), std::string::npos) << out;
  EXPECT_NE(out.find("sent Release of fd00:231::1"), std::string::npos) << out;
  EXPECT_EQ(out.find("DISCOVER"), std::string::npos) << "-6 alone probes with DHCPv6 only\n" << out;
}

TEST_F(ProbeNetns, Ipv6ProbeWithItsOwnMacAnswersNeighbourSolicitations) {
  // No kernel address for this MAC's link-local: the server's unicast Advertise and Reply
  // reach the probe only because it answers the server's neighbour solicitation itself.
  int rc = -1;
  const std::string out = probe("-6 --mac 02:00:00:00:00:47", rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("from fe80::ff:fe00:47 to ff02::1:2"), std::string::npos) << out;
  EXPECT_NE(out.find("got Reply from "), std::string::npos) << out;
  EXPECT_NE(out.find("bootfile-url: tftp://[fd00:231::2]/ipxe.efi;"), std::string::npos) << out;
}

TEST_F(ProbeNetns, BothFamiliesProbeIpv4ThenIpv6) {
  int rc = -1;
  const std::string out = probe("-4 -6 --arch efi-x64 --no-tftp", rc);
  EXPECT_EQ(rc, 0) << out;
  const std::size_t v4 = out.find("boot file: syslinux.efi on 10.231.0.1"),
                    v6 = out.find("bootfile-url: tftp://[fd00:231::2]/ipxe.efi;");
  EXPECT_NE(v4, std::string::npos) << out;
  EXPECT_NE(v6, std::string::npos) << out;
  EXPECT_LT(v4, v6) << out;
}

TEST_F(ProbeNetns, RefusesAnInterfaceWithAnIpv6DefaultRouteButNotTheKernelsUnreachableOne) {
  // A fresh namespace has "unreachable default dev lo" (IPv6): that is no default route.
  int rc = -1;
  std::string out = run("timeout 20 ip netns exec " + cli_ + " " + bin_ +
                            " probe -i lo --no-tftp -6 --arch efi-x64 2>&1",
                        &rc);
  EXPECT_EQ(out.find("default route"), std::string::npos) << out;
  run("ip -n " + cli_ + " -6 route add default via fe80::1 dev " + cli_);
  out = probe("-6", rc);
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find("carries the default route"), std::string::npos) << out;
}

TEST_F(ProbeNetns, WithoutPrivilegeSaysWhatToGrant) {
  if (run("command -v setpriv").empty()) GTEST_SKIP() << "needs setpriv (util-linux)";
  int rc = -1;
  const std::string out =
      run("timeout 20 ip netns exec " + cli_ +
              " setpriv --reuid=65534 --regid=65534 --clear-groups " + bin_ + " probe -i " + cli_,
          &rc);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("cannot capture on " + cli_), std::string::npos) << out;
  EXPECT_NE(out.find("CAP_NET_RAW"), std::string::npos) << out;
}

// The same probe against pxescope's own responder (full DHCP + 4011 + TFTP).
class RespondProbe : public ProbeNetns {
 protected:
  void start_responder() override {
    start_pxescope_respond("--dhcp-range 10.231.0.100,10.231.0.150 --lease-file " +
                           (root_ / "leases").string());
  }
  // `pxescope respond` in the server namespace with `mode_args`, serving the test's TFTP root.
  void start_pxescope_respond(const std::string& mode_args) {
    std::ofstream(root_ / "respond.sh")
        << "ip netns exec " << srv_ << " " << bin_ << " respond -i " << srv_
        << " --server-ip 10.231.0.1 " << mode_args << " --tftp-root " << root_.string()
        << " --arch-boot-file efi-x64=syslinux.efi --boot-file pxelinux.0 >"
        << (root_ / "respond.log").string() << " 2>&1 &\n";
    run("sh " + (root_ / "respond.sh").string());
    for (int i = 0; i < 50; ++i) {
      std::ifstream log(root_ / "respond.log");
      const std::string text((std::istreambuf_iterator<char>(log)),
                             std::istreambuf_iterator<char>());
      if (text.find("start") != std::string::npos) break;
      usleep(100000);
    }
  }
};

TEST_F(RespondProbe, UefiProbeGetsTheFileInTheOfferThenATftpSizeProbe) {
  // Full DHCP names the EFI boot file in the lease offer itself (as dnsmasq's dhcp-boot):
  // no port-4011 round trip, which cost EDK2 a second of waiting.
  int rc = -1;
  const std::string out = probe("--arch efi-x64", rc);
  EXPECT_EQ(rc, 0) << out;
  const std::size_t offer = out.find("got address offer from 10.231.0.1: address 10.231.0.");
  ASSERT_NE(offer, std::string::npos) << out;
  EXPECT_NE(out.find(", boot file syslinux.efi on 10.231.0.1", offer), std::string::npos) << out;
  EXPECT_EQ(out.find("boot-server ack"), std::string::npos) << out;
  EXPECT_NE(out.find("boot file: syslinux.efi on 10.231.0.1"), std::string::npos) << out;
  EXPECT_NE(out.find("tsize 3000"), std::string::npos) << out;
}

TEST_F(RespondProbe, SplitVendorClassIsJoinedByTheResponder) {
  // --quirk split-60: option 60 in two pieces (RFC 3396); the responder must join them to
  // see PXEClient and answer as to any x64 UEFI client.
  int rc = -1;
  const std::string out = probe("--arch efi-x64 --quirk split-60", rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("boot file: syslinux.efi on 10.231.0.1"), std::string::npos) << out;
  EXPECT_NE(out.find("tsize 3000"), std::string::npos) << out;
}

TEST_F(RespondProbe, BiosProbeGetsTheMenuAndTheMissingFile) {
  int rc = -1;
  const std::string out = probe("--arch bios --mac 02:00:00:00:00:44", rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("PXE menu"), std::string::npos) << out;
  EXPECT_NE(out.find("ERROR 1 from 10.231.0.1"), std::string::npos) << out;
}

// pxescope respond in proxy mode: a proxy offer with the boot file, no address (no DHCP
// server on this network), so the probe stops before TFTP and says why.
class RespondProxyProbe : public RespondProbe {
 protected:
  void start_responder() override { start_pxescope_respond("--dhcp-check 0"); }
};

TEST_F(RespondProxyProbe, UefiProbeGetsAProxyOfferAndNoAddress) {
  int rc = -1;
  const std::string out = probe("--arch efi-x64", rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("10.231.0.1      proxy offer"), std::string::npos) << out;
  EXPECT_NE(out.find("PXEClient"), std::string::npos) << out;
  EXPECT_NE(out.find("no address: stopping before port 4011 and TFTP"), std::string::npos) << out;
}

}  // namespace
}  // namespace pxescope
