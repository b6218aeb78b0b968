// What `pxescope analyze` says on stderr about frames that are not DHCP/TFTP: ordinary
// traffic (ARP, IPv6, other UDP) is counted quietly (listed with -V only); frames that fail to
// parse are reported; an unsupported link type is named by number and description.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <string>

#include "unit/cli_test_support.hpp"
#include "unit/packet_test_support.hpp"

namespace fs = std::filesystem;
using pxescope::test::CommandResult;
using pxescope::test::pxescope_bin;
using namespace pxescope::testing;

namespace {

class CliNotDecoded : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string pid = std::to_string(getpid());
    mixed_ = fs::temp_directory_path() / ("pxescope-mixed-" + pid + ".pcap");
    ppp_ = fs::temp_directory_path() / ("pxescope-ppp-" + pid + ".pcap");
    Bytes ipv6_header(40, 0);
    ipv6_header[0] = 0x60;  // version 6
    ipv6_header[6] = 59;    // no next header
    write_pcap(mixed_, 1,
               {{ethernet(ipv4_udp(0, 0xffffffff, 68, 67, pxe_discover()))},
                {ethernet(Bytes(28, 0), {}, 0x0806)},                  // ARP
                {ethernet(ipv6_header, {}, 0x86dd)},                   // IPv6
                {ethernet(ipv4_udp(1, 2, 5353, 5353, Bytes(20, 0)))},  // mDNS
                {ethernet(Bytes(10, 0x45))}});  // IPv4 header cut at 10 bytes
    write_pcap(ppp_, 9, {{Bytes(40, 0)}, {Bytes(40, 0)}});
  }
  void TearDown() override {
    fs::remove(mixed_);
    fs::remove(ppp_);
  }
  CommandResult analyze(const std::string& flags, const fs::path& file) {
    return pxescope::test::run_command(pxescope_bin() + " analyze " + flags + " " + file.string());
  }
  fs::path mixed_, ppp_;
};

TEST_F(CliNotDecoded, OrdinaryTrafficIsCountedQuietly) {
  const CommandResult r = analyze("", mixed_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("DHCP Discover"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("not IPv4"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("not a DHCP or TFTP port"), std::string::npos) << r.err;
  EXPECT_EQ(r.err, "1 frame not decoded: truncated IPv4 header\n");
}

TEST_F(CliNotDecoded, VerboseListsTheOrdinaryTrafficAsNotBootTraffic) {
  const CommandResult r = analyze("-V", mixed_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("1 frame not boot traffic: not IPv4\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 frame not boot traffic: IPv6, no next header\n"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("1 frame not boot traffic: UDP, not a DHCP or TFTP port\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("1 frame not decoded: truncated IPv4 header\n"), std::string::npos) << r.err;
}

TEST_F(CliNotDecoded, AnUnsupportedLinkTypeIsNamed) {
  const CommandResult r = analyze("", ppp_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("2 frames not decoded: unsupported link type 9 (PPP)"),
            std::string::npos)
      << r.err;
}

}  // namespace
