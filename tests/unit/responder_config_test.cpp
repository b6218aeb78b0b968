// The dnsmasq-style config parser: the seed's lines, the iPXE tag lines, bad lines with
// file:line warnings, and the start-up checks.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "responder/config.hpp"

namespace pxescope::responder {
namespace {

ResponderConfig parse(std::string_view text, std::vector<std::string>& warnings) {
  ResponderConfig cfg;
  parse_config_text(text, "test.conf", cfg, warnings);
  return cfg;
}

TEST(ResponderConfig, SeedLinesParseWithoutWarnings) {
  std::vector<std::string> warnings;
  const ResponderConfig cfg = parse(
      "pxe-service=x86PC,\"PXE Netboot\",pxe/pxelinux\n"
      "dhcp-range=192.168.1.0,proxy\n"
      "tftp-root=/var/tftp\n"
      "enable-tftp\n",
      warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  ASSERT_EQ(cfg.services.size(), 1u);
  EXPECT_EQ(cfg.services[0].csa, 0);
  EXPECT_EQ(cfg.services[0].menu_text, "PXE Netboot");
  EXPECT_EQ(cfg.services[0].basename, "pxe/pxelinux");
  EXPECT_EQ(cfg.services[0].type, 0x8000);
  EXPECT_EQ(service_boot_file(cfg.services[0], 0), "pxe/pxelinux.0") << "dnsmasq's .0 rule";
  EXPECT_EQ(cfg.proxy_network, 0xc0a80100u);
  EXPECT_FALSE(cfg.full_dhcp);
  EXPECT_EQ(cfg.tftp_root, "/var/tftp");
  EXPECT_TRUE(cfg.enable_tftp);
}

TEST(ResponderConfig, SuffixRuleKeepsNamesWithADot) {
  PxeService s;
  s.basename = "syslinux.efi";
  EXPECT_EQ(service_boot_file(s, 0), "syslinux.efi");
  s.basename = "boot.d/pxelinux";  // the dot is in a directory, not the file name
  EXPECT_EQ(service_boot_file(s, 3), "boot.d/pxelinux.3");
  s.basename.clear();
  EXPECT_EQ(service_boot_file(s, 0), "") << "no basename: local boot";
}

TEST(ResponderConfig, IpxeTagLinesAndTaggedBoot) {
  std::vector<std::string> warnings;
  const ResponderConfig cfg = parse(
      "dhcp-userclass=set:ipxe,iPXE\n"
      "dhcp-match=set:ipxe,175\n"
      "dhcp-boot=tag:ipxe,http://192.168.1.2/boot.ipxe\n"
      "dhcp-boot=tag:!ipxe,undionly.kpxe,,192.168.1.2\n"
      "pxe-service=x86-64_EFI,\"EFI\",ipxe.efi\n"
      "pxe-prompt=\"Press F8\",5\n",
      warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  ASSERT_EQ(cfg.tag_names.size(), 1u);
  EXPECT_EQ(cfg.tag_names[0], "ipxe");
  ASSERT_EQ(cfg.tag_rules.size(), 2u);
  EXPECT_EQ(cfg.tag_rules[0].kind, TagRule::Kind::UserClass);
  EXPECT_EQ(cfg.tag_rules[0].text, "iPXE");
  EXPECT_EQ(cfg.tag_rules[1].kind, TagRule::Kind::OptionPresent);
  EXPECT_EQ(cfg.tag_rules[1].option, 175);
  ASSERT_EQ(cfg.boot_rules.size(), 2u);
  EXPECT_EQ(cfg.boot_rules[0].file, "http://192.168.1.2/boot.ipxe");
  ASSERT_EQ(cfg.boot_rules[0].tags.size(), 1u);
  EXPECT_FALSE(cfg.boot_rules[0].tags[0].negated);
  EXPECT_TRUE(cfg.boot_rules[1].tags[0].negated);
  EXPECT_EQ(cfg.boot_rules[1].server_ip, 0xc0a80102u);
  ASSERT_EQ(cfg.services.size(), 1u);
  EXPECT_EQ(cfg.services[0].csa, 7);
  EXPECT_TRUE(cfg.has_prompt);
  EXPECT_EQ(cfg.prompt_text, "Press F8");
  EXPECT_EQ(cfg.prompt_timeout, 5);
}

TEST(ResponderConfig, FullDhcpRangeWithLeaseTime) {
  std::vector<std::string> warnings;
  const ResponderConfig cfg =
      parse("dhcp-range=10.0.0.100,10.0.0.199,255.255.255.0,2h\n", warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_TRUE(cfg.full_dhcp);
  EXPECT_EQ(cfg.range_start, 0x0a000064u);
  EXPECT_EQ(cfg.range_end, 0x0a0000c7u);
  EXPECT_EQ(cfg.lease_seconds, 7200u);
}

TEST(ResponderConfig, LeaseTimeUnitsAndLimits) {
  const struct {
    const char* lease;
    std::uint32_t seconds;  // 0: the line must be refused with a warning
  } cases[] = {{"7200", 7200},   {"300s", 300},   {"45m", 2700},
               {"1d", 86400},    {"2w", 1209600}, {"infinite", 0xffffffffu},
               {"60", 0},         // under dnsmasq's 120 s
               {"99999999w", 0},  // would overflow 32 bits
               {"5x", 0}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.lease);
    std::vector<std::string> warnings;
    const ResponderConfig cfg = parse(
        "dhcp-range=10.0.0.100,10.0.0.199,255.255.255.0," + std::string(c.lease) + "\n", warnings);
    if (c.seconds == 0) {
      EXPECT_EQ(warnings.size(), 1u);
    } else {
      EXPECT_TRUE(warnings.empty());
      EXPECT_EQ(cfg.lease_seconds, c.seconds);
    }
  }
}

TEST(ResponderConfig, BadLinesWarnWithFileAndLine) {
  std::vector<std::string> warnings;
  const ResponderConfig cfg = parse(
      "# a comment\n"
      "\n"
      "pxe-service=Amiga,\"x\",boot\n"               // line 3: unknown CSA
      "dhcp-range=192.168.1.300,proxy\n"             // line 4: bad address
      "frobnicate=yes\n"                             // line 5: unknown option
      "pxe-service=x86PC,\"unterminated,pxelinux\n"  // line 6: quote
      "dhcp-range=10.0.0.9,10.0.0.1\n"               // line 7: END before START
      "dhcp-match=set:x,option:nonsense\n"           // line 8
      "pxe-prompt=\"p\",999\n"                       // line 9: timeout range
      "enable-tftp\n",
      warnings);
  ASSERT_EQ(warnings.size(), 7u);
  EXPECT_NE(warnings[0].find("test.conf:3:"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("Amiga"), std::string::npos);
  EXPECT_NE(warnings[1].find("test.conf:4:"), std::string::npos);
  EXPECT_NE(warnings[2].find("test.conf:5:"), std::string::npos);
  EXPECT_NE(warnings[2].find("frobnicate"), std::string::npos);
  EXPECT_NE(warnings[3].find("test.conf:6:"), std::string::npos);
  EXPECT_NE(warnings[3].find("quote"), std::string::npos);
  EXPECT_NE(warnings[4].find("test.conf:7:"), std::string::npos);
  EXPECT_NE(warnings[5].find("test.conf:8:"), std::string::npos);
  EXPECT_NE(warnings[6].find("test.conf:9:"), std::string::npos);
  EXPECT_TRUE(cfg.services.empty());
  EXPECT_TRUE(cfg.enable_tftp) << "good lines after bad ones still count";
}

TEST(ResponderConfig, StartupChecksSayWhatWouldHaveSavedHours) {
  namespace fs = std::filesystem;
  const fs::path root =
      fs::temp_directory_path() / ("pxescope-config-test-" + std::to_string(::getpid()));
  fs::create_directories(root);
  std::ofstream(root / "pxelinux.0") << "x";

  ResponderConfig cfg;
  std::vector<std::string> warnings;
  parse_config_text("pxe-service=x86PC,\"PXE\",pxe/pxelinux\ntftp-root=" + root.string() + "\n",
                    "seed.conf", cfg, warnings);
  std::vector<std::string> problems = startup_checks(cfg);
  auto mentions = [&](std::string_view what) {
    for (const std::string& p : problems)
      if (p.find(what) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(mentions("enable-tftp")) << "tftp-root without enable-tftp";

  cfg.enable_tftp = true;
  problems = startup_checks(cfg);
  EXPECT_FALSE(mentions("enable-tftp"));
  EXPECT_TRUE(mentions("pxe/pxelinux.0")) << "boot file missing from the root";
  EXPECT_TRUE(mentions("seed.conf:1")) << "and where it was configured";
  EXPECT_TRUE(mentions("efi-x64")) << "an architecture with no boot file";

  fs::create_directories(root / "pxe");
  std::ofstream(root / "pxe" / "pxelinux.0") << "x";
  BootRule fallback;
  fallback.file = "pxelinux.0";
  cfg.boot_rules.push_back(fallback);
  problems = startup_checks(cfg);
  EXPECT_TRUE(problems.empty()) << problems.front();
  fs::remove_all(root);
}

TEST(ResponderConfig, CsaNamesAndNumbers) {
  EXPECT_EQ(csa_from_name("x86PC"), 0);
  EXPECT_EQ(csa_from_name("IA32_EFI"), 6);
  EXPECT_EQ(csa_from_name("x86-64_EFI"), 7);
  EXPECT_EQ(csa_from_name("ARM64_EFI"), 11);
  EXPECT_EQ(csa_from_name("16"), 16);
  EXPECT_EQ(csa_from_name("efi-arm64"), 11);
  EXPECT_EQ(csa_from_name("Amiga"), -1);
}

}  // namespace
}  // namespace pxescope::responder
