// `pxescope respond` warns, at start-up and in --test, when it serves shim or GRUB as a
// proxyDHCP: GRUB will ask the LAN's DHCP server's next-server for its files. The three ways
// out are named; full-DHCP mode and other boot programs give no warning.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "responder/config.hpp"
#include "responder/grub_proxy_check.hpp"
#include "unit/cli_test_support.hpp"

namespace pxescope::responder {
namespace {

namespace fs = std::filesystem;

struct Root {
  fs::path dir = fs::temp_directory_path() / ("pxescope-grub-proxy-" + std::to_string(::getpid()));
  Root() {
    fs::create_directories(dir / "debian-installer/amd64");
    std::ofstream(dir / "debian-installer/amd64/bootnetx64.efi") << "MZ";
    std::ofstream(dir / "pxelinux.0") << "x";
    // A GRUB under a name that says nothing: its SBAT section does.
    std::ofstream(dir / "netboot.efi")
        << "MZ....sbat,1,SBAT Version,sbat,1,https://x\ngrub,3,Free Software Foundation\n";
  }
  ~Root() { fs::remove_all(dir); }
  ResponderConfig config(const std::string& lines) const {
    ResponderConfig cfg;
    std::vector<std::string> errors;
    parse_config_text("enable-tftp\ntftp-root=" + dir.string() + "\n" + lines, "t.conf", cfg,
                      errors);
    EXPECT_TRUE(errors.empty()) << errors.front();
    return cfg;
  }
};

TEST(GrubBehindProxy, ShimInProxyModeWarnsWithTheThreeWaysOut) {
  const Root root;
  ResponderConfig cfg = root.config(
      "dhcp-range=192.168.77.0,proxy\ndhcp-boot=debian-installer/amd64/bootnetx64.efi\n");
  cfg.server_ip = 0xc0a84d02;  // 192.168.77.2
  const auto lines = grub_behind_proxy_warnings(cfg);
  ASSERT_EQ(lines.size(), 1u);
  for (const char* words : {"t.conf:4: boot file 'debian-installer/amd64/bootnetx64.efi' is shim",
                            "proxy mode", "next-server", "on the DHCP server to 192.168.77.2",
                            "full-DHCP mode", "iPXE or the kernel directly"})
    EXPECT_NE(lines[0].find(words), std::string::npos) << words << "\n" << lines[0];
  // startup_checks carries it: the live start-up and --test print it.
  bool in_startup = false;
  for (const std::string& problem : startup_checks(cfg)) in_startup |= problem == lines[0];
  EXPECT_TRUE(in_startup);
}

TEST(GrubBehindProxy, GrubRecognisedByContentInPxeServiceToo) {
  const Root root;
  const auto lines = grub_behind_proxy_warnings(
      root.config("dhcp-range=192.168.77.0,proxy\npxe-service=x86-64_EFI,\"Net\",netboot.efi\n"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("'netboot.efi' is GRUB"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("this server's address"), std::string::npos) << lines[0];
}

TEST(GrubBehindProxy, FullDhcpOrOtherBootProgramsDoNotWarn) {
  const Root root;
  EXPECT_TRUE(
      grub_behind_proxy_warnings(root.config("dhcp-range=192.168.77.100,192.168.77.150\n"
                                             "dhcp-boot=debian-installer/amd64/bootnetx64.efi\n"))
          .empty());
  EXPECT_TRUE(grub_behind_proxy_warnings(
                  root.config("dhcp-range=192.168.77.0,proxy\ndhcp-boot=pxelinux.0\n"))
                  .empty());
}

TEST(GrubBehindProxy, RespondTestPrintsTheWarningAndStaysOk) {
  const Root root;
  const fs::path conf = root.dir / "pxe.conf";
  std::ofstream(conf) << "dhcp-range=10.0.0.0,proxy\nenable-tftp\ntftp-root=" << root.dir.string()
                      << "\ndhcp-boot=debian-installer/amd64/bootnetx64.efi\n";
  const auto r =
      test::run_command(test::pxescope_bin() + " respond --test --config " + conf.string());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("WARNING: " + conf.string() +
                       ":4: boot file "
                       "'debian-installer/amd64/bootnetx64.efi' is shim, served in proxy mode"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("full-DHCP mode"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace pxescope::responder
