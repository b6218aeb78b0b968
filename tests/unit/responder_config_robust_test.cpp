// Bad config text never crashes the parser: every line gets parsed or an error, whatever
// bytes it holds. A fixed-seed mutation run over real dnsmasq lines (bounded: 20,000 lines).
#include <gtest/gtest.h>

#include <random>

#include "responder/config.hpp"
#include "responder/config_report.hpp"

namespace pxescope::responder {
namespace {

constexpr const char* kCorpus[] = {
    "pxe-service=tag:!ipxe,x86PC,\"PXE \\\"Netboot\\\"\",pxe/pxelinux,10.0.0.2",
    "dhcp-range=192.168.1.0,proxy,255.255.255.0",
    "dhcp-range=10.0.0.100,10.0.0.199,255.255.255.0,2h",
    "dhcp-boot=tag:ipxe,http://10.0.0.2/boot.ipxe,,10.0.0.2",
    "dhcp-option=tag:lab,option:classless-static-route,10.0.0.0/8,192.168.1.1",
    "dhcp-option=option:domain-search,lab.example,example.com",
    "dhcp-option=vendor:PXEClient,1,0.0.0.0",
    "dhcp-option-force=encap:175,176,1",
    "dhcp-host=52:54:00:*:*:*,set:qemu,10.0.0.150,name,ignore",
    "dhcp-match=set:efi,option:client-arch,7",
    "tag-if=set:a,set:b,tag:c,tag:!d",
    "tftp-port-range=30000,30100  # ports",
    "pxe-prompt=\"Press F8\",5",
    "conf-dir=/nonexistent.d,.bak,*.conf",
};

TEST(ConfigRobustness, MutatedLinesNeverCrash) {
  std::mt19937 rng(20261129);
  constexpr char kBytes[] = {'"', '\\', ',',  '=',  '#', ' ', ':', '*', '/',   '!',
                             '.', '\0', '\t', '\r', 'x', '9', '-', '[', '\xff'};
  std::size_t lines = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string line = kCorpus[rng() % std::size(kCorpus)];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !line.empty(); ++e) {
      const std::size_t at = rng() % line.size();
      switch (rng() % 3) {
        case 0:
          line[at] = kBytes[rng() % std::size(kBytes)];
          break;
        case 1:
          line.insert(at, 1, kBytes[rng() % std::size(kBytes)]);
          break;
        default:
          line.erase(at, 1 + rng() % 8);
      }
    }
    ResponderConfig cfg;
    std::vector<std::string> errors;
    parse_config_text(line + "\n" + line, "fuzz.conf", cfg, errors);
    for (const std::string& e : errors) ASSERT_EQ(e.rfind("fuzz.conf:", 0), 0u) << e;
    (void)startup_checks(cfg);
    (void)report_client_kinds(cfg);
    ++lines;
  }
  EXPECT_EQ(lines, 20000u);
}

TEST(ConfigRobustness, OddLinesGiveErrorsNotCrashes) {
  const std::string long_line = "dhcp-boot=" + std::string(100000, 'a');
  for (const std::string& text :
       {std::string("="), std::string("=x"), std::string("\""), std::string("dhcp-range=\\"),
        std::string("pxe-prompt=\"\\"), std::string(",,,,"), long_line,
        std::string("dhcp-option=tag:,3,1.2.3.4"), std::string("dhcp-host=,,,"),
        std::string("tag-if=set:"), std::string("dhcp-option=option:"),
        std::string("dhcp-option=121,10.0.0.0/8")}) {
    SCOPED_TRACE(text.substr(0, 40));
    ResponderConfig cfg;
    std::vector<std::string> errors;
    parse_config_text(text, "odd.conf", cfg, errors);
    if (text != long_line) {
      EXPECT_FALSE(errors.empty());
    }
  }
}

}  // namespace
}  // namespace pxescope::responder
