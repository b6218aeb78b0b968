// dhcp-host=, dhcp-mac=, dhcp-ignore= and tag-if=: parsed as dnsmasq reads them and acted
// on by the real decisions (Engine over made-up DISCOVERs, and --replay over a capture).
#include <gtest/gtest.h>

#include "responder/config.hpp"
#include "responder/config_hosts.hpp"
#include "unit/cli_test_support.hpp"
#include "unit/responder_frames.hpp"
#include "unit/responder_test_support.hpp"

namespace pxescope::responder {
namespace {

using testing::discover_frame;

constexpr std::string_view kBiosClass = "PXEClient:Arch:00000:UNDI:002001";
constexpr MacAddress kOtherMac = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};

ResponderConfig parse(const std::string& text) {
  ResponderConfig cfg;
  std::vector<std::string> errors;
  parse_config_text(text, "hosts.conf", cfg, errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  return cfg;
}

struct Answer {
  FrameOutcome outcome;
  Verdict verdict;
  std::string file;
  std::uint32_t yiaddr;
};

Answer ask(const ResponderConfig& cfg, const MacAddress& mac) {
  Engine engine(cfg, testing::test_server(0x0a000001u));
  engine.set_check_destination(false);
  const auto frame = discover_frame(kBiosClass, mac);  // the request's views point into it
  const FrameOutcome outcome = engine.handle_frame(frame, 0);
  return {outcome, engine.verdict(), engine.reply().file, engine.reply().yiaddr};
}

TEST(HostRules, MacPatterns) {
  MacAddress mac{}, mask{};
  ASSERT_TRUE(parse_mac_pattern("52:54:00:*:*:*", mac, mask));
  EXPECT_EQ(mask, (MacAddress{0xff, 0xff, 0xff, 0, 0, 0}));
  ASSERT_TRUE(parse_mac_pattern("1:52-54-00-12-34-56", mac, mask)) << "hardware type 1 prefix";
  EXPECT_EQ(mac, testing::kTestClientMac);
  EXPECT_FALSE(parse_mac_pattern("6:52:54:00:12:34:56", mac, mask)) << "not Ethernet";
  EXPECT_FALSE(parse_mac_pattern("52:54:00:12:34", mac, mask));
  EXPECT_FALSE(parse_mac_pattern("52:54:00:12:34:zz", mac, mask));
}

TEST(HostRules, LinesParseOrFailWithFileLine) {
  const ResponderConfig cfg = parse(
      "dhcp-host=52:54:00:12:34:56,set:lab,10.0.0.150,client1\n"
      "dhcp-host=02:11:22:33:44:55,ignore\n"
      "dhcp-mac=set:qemu,52:54:00:*:*:*\n"
      "dhcp-ignore=tag:!known\n"
      "tag-if=set:known,tag:lab\n");
  ASSERT_EQ(cfg.hosts.size(), 2u);
  EXPECT_EQ(cfg.hosts[0].ip, 0x0a000096u);
  EXPECT_FALSE(cfg.hosts[0].ignore);
  EXPECT_TRUE(cfg.hosts[1].ignore);
  ASSERT_EQ(cfg.tag_rules.size(), 1u);
  EXPECT_EQ(cfg.tag_rules[0].kind, TagRule::Kind::Mac);
  ASSERT_EQ(cfg.ignore_tags.size(), 1u);
  EXPECT_TRUE(cfg.ignore_tags[0][0].negated);
  ASSERT_EQ(cfg.tag_ifs.size(), 1u);

  for (const char* bad : {"dhcp-host=client1,10.0.0.5\n", "dhcp-host=id:01:02,10.0.0.5\n",
                          "dhcp-host=52:54:00:12:34:56,1h\n", "dhcp-mac=52:54:00:*:*:*\n",
                          "dhcp-ignore=lab\n", "tag-if=tag:a\n"}) {
    SCOPED_TRACE(bad);
    ResponderConfig c;
    std::vector<std::string> errors;
    parse_config_text(bad, "hosts.conf", c, errors);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("hosts.conf:1: "), std::string::npos) << errors[0];
  }
}

TEST(HostRules, IgnoreByHostOrByTags) {
  ResponderConfig cfg = parse("dhcp-boot=pxelinux.0\ndhcp-host=52:54:00:12:34:56,ignore\n");
  const Answer ignored = ask(cfg, testing::kTestClientMac);
  EXPECT_EQ(ignored.outcome, FrameOutcome::Silent);
  EXPECT_EQ(ignored.verdict, Verdict::Ignored);
  EXPECT_EQ(ask(cfg, kOtherMac).outcome, FrameOutcome::Reply) << "other clients still served";

  // Only known hosts: everyone without the tag is ignored.
  cfg = parse(
      "dhcp-boot=pxelinux.0\ndhcp-host=02:11:22:33:44:55,set:known\ndhcp-ignore=tag:!known\n");
  EXPECT_EQ(ask(cfg, testing::kTestClientMac).verdict, Verdict::Ignored);
  EXPECT_EQ(ask(cfg, kOtherMac).outcome, FrameOutcome::Reply);
}

TEST(HostRules, TagsByMacHostAndTagIfChooseTheBootFile) {
  const ResponderConfig cfg = parse(
      "dhcp-mac=set:qemu,52:54:00:*:*:*\n"
      "dhcp-host=02:11:22:33:44:55,set:special\n"
      "tag-if=set:chain,tag:special\n"
      "dhcp-boot=tag:qemu,qemu.0\n"
      "dhcp-boot=tag:chain,chain.0\n"
      "dhcp-boot=plain.0\n");
  EXPECT_EQ(ask(cfg, testing::kTestClientMac).file, "qemu.0") << "dhcp-mac wildcard";
  EXPECT_EQ(ask(cfg, kOtherMac).file, "chain.0") << "dhcp-host set:, then tag-if";
  EXPECT_EQ(ask(cfg, MacAddress{0x02, 0, 0, 0, 0, 7}).file, "plain.0");
}

TEST(HostRules, FixedAddressInFullDhcp) {
  const ResponderConfig cfg = parse(
      "dhcp-range=10.0.0.100,10.0.0.199\ndhcp-boot=pxelinux.0\n"
      "dhcp-host=52:54:00:12:34:56,10.0.0.150\n");
  const Answer a = ask(cfg, testing::kTestClientMac);
  ASSERT_EQ(a.outcome, FrameOutcome::Reply);
  EXPECT_EQ(a.yiaddr, 0x0a000096u);
  EXPECT_NE(ask(cfg, kOtherMac).yiaddr, 0x0a000096u);
  EXPECT_TRUE(startup_checks(cfg).empty() ||
              startup_checks(cfg)[0].find("dhcp-host") == std::string::npos);

  const ResponderConfig outside = parse(
      "dhcp-range=10.0.0.100,10.0.0.199\ndhcp-boot=pxelinux.0\n"
      "dhcp-host=52:54:00:12:34:56,10.0.0.50\n");
  bool named = false;
  for (const std::string& p : startup_checks(outside))
    named |= p.find("hosts.conf:3: dhcp-host address 10.0.0.50 is outside") == 0;
  EXPECT_TRUE(named) << "an address the lease table cannot give is said at start-up";
}

TEST(HostRules, ReplaySaysWhyAnIgnoredHostGetsNothing) {
  const std::string conf =
      std::string("/tmp/pxescope-hosts-") + std::to_string(::getpid()) + ".conf";
  { std::ofstream(conf) << "dhcp-boot=pxelinux.0\ndhcp-host=52:54:00:7b:3c:08,ignore\n"; }
  const auto r = test::run_command(test::pxescope_bin() + " respond --config " + conf +
                                   " --replay " PXESCOPE_SOURCE_DIR
                                   "/captures/real/seabios-ipxe-proxydhcp.pcap");
  std::remove(conf.c_str());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("52:54:00:7b:3c:08 arch 0: ignored: dhcp-host ignore / dhcp-ignore"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("OFFER"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace pxescope::responder
