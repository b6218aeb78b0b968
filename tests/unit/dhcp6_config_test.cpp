// The DHCPv6 config lines (dnsmasq syntax), each form and each refusal.
#include <gtest/gtest.h>

#include "responder/config.hpp"

namespace pxescope::responder {
namespace {

ResponderConfig parse(const std::string& text, std::vector<std::string>& problems) {
  ResponderConfig cfg;
  parse_config_text(text, "t.conf", cfg, problems);
  return cfg;
}

TEST(Dhcp6Config, AFullRangeWithPrefixLengthAndLease) {
  std::vector<std::string> problems;
  const ResponderConfig cfg = parse("dhcp-range=fd00::100,fd00::1ff,64,1h\n", problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_TRUE(cfg.dhcp6.enabled);
  EXPECT_TRUE(cfg.dhcp6.full);
  EXPECT_EQ(format_ipv6(cfg.dhcp6.range_start), "fd00::100");
  EXPECT_EQ(format_ipv6(cfg.dhcp6.range_end), "fd00::1ff");
  EXPECT_EQ(cfg.dhcp6.lease_seconds, 3600u);
  EXPECT_EQ(cfg.dhcp6.range_origin, "t.conf:1");
  EXPECT_FALSE(cfg.full_dhcp) << "an IPv6 range leaves the IPv4 mode alone";
}

TEST(Dhcp6Config, ConstructorRangeAndModes) {
  std::vector<std::string> problems;
  ResponderConfig cfg = parse("dhcp-range=::100,::1ff,constructor:eth0,64,12h\n", problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(cfg.dhcp6.constructor, "eth0");
  EXPECT_TRUE(cfg.dhcp6.full);
  EXPECT_EQ(cfg.dhcp6.lease_seconds, 12u * 3600);

  cfg = parse("dhcp-range=fd00::,ra-stateless\n", problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_TRUE(cfg.dhcp6.answers());
  EXPECT_FALSE(cfg.dhcp6.full);

  cfg = parse("dhcp-range=::,constructor:eth0,ra-only\nenable-ra\n", problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_TRUE(cfg.dhcp6.ra_only);
  EXPECT_FALSE(cfg.dhcp6.answers()) << "ra-only: RAs, no DHCPv6";
  EXPECT_TRUE(cfg.dhcp6.enable_ra);
}

TEST(Dhcp6Config, BootfileUrlWithThePlaceholderAndParams) {
  std::vector<std::string> problems;
  const ResponderConfig cfg = parse(
      "dhcp-option=option6:bootfile-url,tftp://[::]/ipxe.efi\n"
      "dhcp-option=tag:efi64,option6:bootfile-url,http://[::]/x64/boot.efi\n"
      "dhcp-option=option6:bootfile-param,console=ttyS0,quiet\n"
      "dhcp-match=set:efi64,option6:61,7\n"
      "dhcp-match=set:arm,option6:client-arch,efi-arm64\n"
      "dhcp-match=set:ipxe6,option6:15,iPXE\n",
      problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_TRUE(cfg.dhcp6.enabled) << "an option6 line turns DHCPv6 on";
  ASSERT_EQ(cfg.dhcp6.options.size(), 3u);
  EXPECT_EQ(cfg.dhcp6.options[0].code, 59);
  EXPECT_TRUE(cfg.dhcp6.options[0].server_placeholder);
  EXPECT_EQ(cfg.dhcp6.options[1].tags.size(), 1u);
  EXPECT_EQ(cfg.dhcp6.options[2].code, 60);
  // Two (u16 length, text) items, as RFC 5970 §3.2 lays them out.
  EXPECT_EQ(cfg.dhcp6.options[2].value.size(), 2u + 13 + 2 + 5);
  ASSERT_EQ(cfg.dhcp6.tag_rules.size(), 3u);
  EXPECT_EQ(cfg.dhcp6.tag_rules[0].arches, std::vector<std::uint16_t>{7});
  EXPECT_EQ(cfg.dhcp6.tag_rules[1].arches, std::vector<std::uint16_t>{11});
  EXPECT_EQ(cfg.dhcp6.tag_rules[2].text, "iPXE");
}

TEST(Dhcp6Config, WrongLinesNameTheLineAndTheFix) {
  struct Case {
    const char* line;
    const char* says;
  };
  const Case cases[] = {
      {"dhcp-range=fd00::100,fd00::1ff,bogus", "t.conf:1: dhcp-range: 'bogus'"},
      {"dhcp-range=fd00::100", "needs an END address"},
      {"dhcp-range=fd00::200,fd00::100", "END is before START"},
      {"dhcp-range=fd00::100,fd00::1ff,48", "write 64"},
      {"dhcp-range=::100,::1ff,64", "add constructor:IFACE"},
      {"dhcp-range=fd00::100,fd00::1ff,30s", "at least 2m"},
      {"dhcp-option=option6:no-such-option,1", "unknown DHCPv6 option"},
      {"dhcp-option=option6:dns-server,not-an-address", "not an IPv6 address"},
      {"dhcp-match=set:x,option6:61,amiga", "'amiga' is not an architecture"},
      {"dhcp-match=set:x,option6:zork", "unknown DHCPv6 option"},
      {"dhcp-match=set:x,option6:23,fd00::1", "values are only supported"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> problems;
    parse(std::string(c.line) + "\n", problems);
    ASSERT_EQ(problems.size(), 1u) << c.line;
    EXPECT_NE(problems[0].find(c.says), std::string::npos) << c.line << " -> " << problems[0];
    EXPECT_EQ(problems[0].find('\n'), std::string::npos) << "one line";
  }
}

// Several IPv6 ranges serve several interfaces (one each): a second one on the same /64, or
// for the same constructor: interface, is refused.
TEST(Dhcp6Config, ASecondIpv6RangeIsKeptForAnotherNetworkOnly) {
  std::vector<std::string> problems;
  const ResponderConfig cfg = parse(
      "dhcp-range=fd00::100,fd00::1ff\ndhcp-range=fd01::100,fd01::1ff,64,2h\n"
      "dhcp-range=::100,::1ff,constructor:eth2,64,1h\n",
      problems);
  ASSERT_EQ(problems.size(), 0u);
  EXPECT_EQ(cfg.dhcp6.range_origin, "t.conf:1");  // the first is the one in effect
  ASSERT_EQ(cfg.dhcp6.more_ranges.size(), 2u);
  EXPECT_EQ(format_ipv6(cfg.dhcp6.more_ranges[0].range_start), "fd01::100");
  EXPECT_EQ(cfg.dhcp6.more_ranges[0].lease_seconds, 7200u);
  EXPECT_EQ(cfg.dhcp6.more_ranges[1].constructor, "eth2");
  EXPECT_TRUE(cfg.dhcp6.more_ranges[1].full);

  for (const char* second :
       {"dhcp-range=fd00::200,fd00::2ff\n", "dhcp-range=::200,::2ff,constructor:eth2,64\n"}) {
    problems.clear();
    parse(std::string(
              "dhcp-range=fd00::100,fd00::1ff\ndhcp-range=::100,::1ff,constructor:eth2,64\n") +
              second,
          problems);
    ASSERT_EQ(problems.size(), 1u) << second;
    EXPECT_NE(
        problems[0].find("t.conf:3: dhcp-range: a second IPv6 range (the first is at t.conf:"),
        std::string::npos)
        << problems[0];
    EXPECT_NE(problems[0].find("one IPv6 range per interface"), std::string::npos) << problems[0];
  }
}

TEST(Dhcp6Config, Ipv4LinesAreLeftToTheIpv4Parser) {
  std::vector<std::string> problems;
  const ResponderConfig cfg = parse(
      "dhcp-range=10.0.0.100,10.0.0.200\ndhcp-option=3,10.0.0.1\ndhcp-match=set:e,option:client-"
      "arch,7\n",
      problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_TRUE(cfg.full_dhcp);
  EXPECT_FALSE(cfg.dhcp6.enabled) << "IPv6 stays off without an IPv6 line";
  EXPECT_EQ(cfg.options.size(), 1u);
}

}  // namespace
}  // namespace pxescope::responder
