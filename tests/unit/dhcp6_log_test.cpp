// The dhcp6 log lines, text and JSON, and the malformed lines' rate limit.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "responder/config.hpp"
#include "responder/dhcp6/dhcp6_log.hpp"
#include "responder/dhcp6/dhcp6_report.hpp"

namespace pxescope::responder {
namespace {

struct Logged {
  std::FILE* file = std::tmpfile();
  ~Logged() { std::fclose(file); }
  std::string text() {
    std::fflush(file);
    std::rewind(file);
    std::string out;
    char buf[1024];
    while (std::fgets(buf, sizeof buf, file)) out += buf;
    return out;
  }
};

Dhcp6Engine engine() {
  ResponderConfig cfg;
  std::vector<std::string> problems;
  parse_config_text("dhcp-range=fd00::,ra-stateless\ndhcp-boot=ipxe.efi\n", "t", cfg, problems);
  Dhcp6Identity id;
  id.duid = duid_ll({2, 0, 0, 0, 0, 1});
  parse_ipv6("fd00::2", id.address);
  return Dhcp6Engine(cfg, id);
}

const std::vector<std::uint8_t> kSolicit = build_solicit6(7, false, true, {2, 0, 0, 0, 0, 9}, 0x42);

// The line logged for iPXE's x64 Solicit answered with an Advertise.
std::string logged_advertise(bool json, bool sent, bool dry_run) {
  Logged out;
  EventLog log(out.file, json, false);
  Dhcp6Log lines(log, false);
  Dhcp6Engine e = engine();
  EXPECT_EQ(e.handle(kSolicit, 0), Outcome6::Reply);
  lines.request(e, Outcome6::Reply, "[fe80::1%eth0]:546", "[fe80::1%eth0]:546", sent, dry_run);
  return out.text();
}

TEST(Dhcp6Log, TextLineSaysDhcp6AndWhatWasSent) {
  const std::string text = logged_advertise(false, true, false);
  EXPECT_NE(text.find(" dhcp6 request=Solicit xid=0x000042 from=[fe80::1%eth0]:546 "
                      "duid=00:03:00:01:02:00:00:00:00:09 mac=02:00:00:00:00:09 arch=7 "
                      "arch_name=efi-x64 client=ipxe reply=Advertise "
                      "url=tftp://[fd00::2]/ipxe.efi to=[fe80::1%eth0]:546\n"),
            std::string::npos)
      << text;
}

TEST(Dhcp6Log, JsonLineWithNumbersAsNumbers) {
  const std::string text = logged_advertise(true, false, true);
  EXPECT_NE(text.find("\"event\":\"dhcp6\",\"request\":\"Solicit\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"arch\":7,"), std::string::npos) << "a number in JSON: " << text;
  EXPECT_NE(text.find("\"sent\":\"dry-run\"}"), std::string::npos) << text;
}

TEST(Dhcp6Log, MalformedLinesAreRateLimitedAndSummedUp) {
  Logged out;
  EventLog log(out.file, false, true);  // --quiet-dhcp keeps malformed lines
  Dhcp6Log lines(log, true);
  Dhcp6Engine e = engine();
  const std::vector<std::uint8_t> junk = {1, 0, 0};
  for (int i = 0; i < 25; ++i) {
    ASSERT_EQ(e.handle(junk, 0), Outcome6::Malformed);
    ASSERT_TRUE(lines.wants(Outcome6::Malformed));
    lines.request(e, Outcome6::Malformed, "[fe80::66]:546", "", false, false);
  }
  EXPECT_FALSE(lines.wants(Outcome6::Reply)) << "--quiet-dhcp";
  lines.summarize(true);
  const std::string text = out.text();
  std::size_t count = 0;
  for (std::size_t at = text.find("dhcp6-malformed from="); at != std::string::npos;
       at = text.find("dhcp6-malformed from=", at + 1))
    ++count;
  EXPECT_EQ(count, EventLog::kMalformedBurst) << text;
  EXPECT_NE(text.find("reason=\"shorter than a DHCPv6 header\""), std::string::npos) << text;
  EXPECT_NE(text.find("dhcp6-malformed-suppressed count=15 window_s=10 last_from=[fe80::66]:546"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace pxescope::responder
