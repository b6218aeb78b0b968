// `respond --replay` and `respond --test` for DHCPv6: the decision for each request of the
// project's IPv6 captures, and what each firmware kind's Solicit gets.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "responder/config.hpp"
#include "responder/dhcp6/dhcp6_replay.hpp"
#include "responder/dhcp6/dhcp6_report.hpp"

namespace pxescope::responder {
namespace {

ResponderConfig config(const std::string& text) {
  ResponderConfig cfg;
  std::vector<std::string> problems;
  parse_config_text(text, "t.conf", cfg, problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  cfg.dhcp6.enabled = true;  // as --dhcp6
  return cfg;
}

std::string replay(const std::string& capture, const ResponderConfig& cfg, ReplayStats& stats) {
  std::FILE* out = std::tmpfile();
  std::string error;
  EXPECT_TRUE(
      replay_dhcp6_capture(PXESCOPE_SOURCE_DIR "/captures/ipv6/" + capture, cfg, out, stats, error))
      << error;
  std::rewind(out);
  std::string text;
  char buf[512];
  while (std::fgets(buf, sizeof buf, out)) text += buf;
  std::fclose(out);
  return text;
}

TEST(Dhcp6Replay, OvmfsPxev6SolicitGetsTheUrlItsOtherMessagesAreNotOurs) {
  ReplayStats stats;
  const std::string text =
      replay("ovmf-pxev6-fallback.pcap", config("dhcp-boot=ipxe.efi\n"), stats);
  EXPECT_NE(text.find("frame 29: dhcp6 Solicit xid 0x9c53d5 arch 7 (efi-x64): Advertise url "
                      "tftp://[2001:db8::1]/ipxe.efi\n"),
            std::string::npos)
      << text;
  // The IP6 stack's own Solicit (no 61, no 59 asked): an ordinary host, left alone.
  EXPECT_NE(text.find("frame 37: dhcp6 Solicit xid 0x9d53d5: ignored: not a network boot client"),
            std::string::npos)
      << text;
  // Requests to the capture's dnsmasq are another server's.
  EXPECT_NE(text.find("frame 43: dhcp6 Request xid 0x9f53d5 arch 7 (efi-x64): ignored: not for "
                      "this server"),
            std::string::npos)
      << text;
  EXPECT_EQ(stats.malformed, 0u);
  EXPECT_GE(stats.replies, 1u);
}

TEST(Dhcp6Replay, FullModeGivesAnAddressFromTheRange) {
  ReplayStats stats;
  const std::string text = replay("dnsmasq-dhcpv6-pxe.pcap",
                                  config("dhcp-range=2001:db8::100,2001:db8::1ff,64,1h\n"
                                         "dhcp-option=option6:bootfile-url,tftp://[::]/ipxe.efi\n"),
                                  stats);
  EXPECT_NE(text.find("frame 17: dhcp6 Solicit xid 0x5a6b7c arch 7 (efi-x64): Advertise address "
                      "2001:db8::1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("url tftp://[2001:db8::1]/ipxe.efi"), std::string::npos) << text;
}

TEST(Dhcp6Report, EachFirmwareKindAndWhatItGets) {
  const auto lines = report_dhcp6_clients(
      config("dhcp-match=set:arm,option6:61,11\n"
             "dhcp-option=tag:arm,option6:bootfile-url,tftp://[::]/grubaa64.efi\n"
             "dhcp-option=option6:bootfile-url,tftp://[::]/ipxe.efi\n"));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0].kind, "DHCPv6 x64 UEFI PXEv6 (efi-x64, 7)");
  EXPECT_EQ(lines[0].answer, "Advertise url tftp://[2001:db8::1]/ipxe.efi");
  EXPECT_EQ(lines[2].kind, "DHCPv6 arm64 UEFI PXEv6 (efi-arm64, 11)");
  EXPECT_EQ(lines[2].answer, "Advertise url tftp://[2001:db8::1]/grubaa64.efi");
  for (const Dhcp6ReportLine& line : lines) EXPECT_TRUE(line.answered) << line.kind;

  const auto none = report_dhcp6_clients(config("dhcp-match=set:x,option6:61,7\n"));
  ASSERT_EQ(none.size(), 6u);
  EXPECT_FALSE(none[0].answered);
  EXPECT_NE(none[0].answer.find("no boot file configured"), std::string::npos) << none[0].answer;
  EXPECT_TRUE(report_dhcp6_clients(ResponderConfig{}).empty()) << "IPv6 off: no lines";
}

}  // namespace
}  // namespace pxescope::responder
