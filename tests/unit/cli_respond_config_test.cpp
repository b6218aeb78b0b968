// `pxescope respond` with a config file: a bad line stops it with exit 2 and FILE:LINE
// (unless --keep-going), a contradiction stops it even then, and --help tells the truth.
// Runs over --replay so no network is touched.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "unit/cli_test_support.hpp"

namespace pxescope {
namespace {

namespace fs = std::filesystem;

struct ConfigFile {
  fs::path path;
  explicit ConfigFile(const std::string& text)
      : path(fs::temp_directory_path() / ("pxescope-respond-config-" + std::to_string(::getpid()) +
                                          "-" + std::to_string(next_id()) + ".conf")) {
    std::ofstream(path) << text;
  }
  ~ConfigFile() { fs::remove(path); }
  static int next_id() {
    static int id = 0;
    return ++id;
  }
};

test::CommandResult respond_replay(const ConfigFile& cfg, const std::string& extra = "") {
  return test::run_command(
      test::pxescope_bin() + " respond --config " + cfg.path.string() + " --replay " +
      std::string(PXESCOPE_SOURCE_DIR "/captures/real/seabios-ipxe-proxydhcp.pcap") + " " + extra);
}

TEST(RespondConfigCli, UnknownLineStopsWithFileLineAndSuggestion) {
  ConfigFile cfg("dhcp-range=192.168.77.0,proxy\nenable-tftpp\ndhcp-boot=pxelinux.0\n");
  const auto r = respond_replay(cfg);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(cfg.path.string() + ":2: unknown option 'enable-tftpp'; did you mean "
                                           "'enable-tftp'?"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--keep-going"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << "nothing served";

  const auto kept = respond_replay(cfg, "--keep-going");
  EXPECT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_NE(kept.err.find("warning: " + cfg.path.string() + ":2:"), std::string::npos) << kept.err;
  EXPECT_FALSE(kept.out.empty()) << "the good lines serve";
}

TEST(RespondConfigCli, ProxyPlusRangeIsRefusedEvenWithKeepGoing) {
  ConfigFile cfg(
      "dhcp-range=192.168.77.0,proxy\ndhcp-range=192.168.77.100,192.168.77.150\n"
      "dhcp-boot=pxelinux.0\n");
  for (const char* extra : {"", "--keep-going"}) {
    SCOPED_TRACE(extra);
    const auto r = respond_replay(cfg, extra);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(cfg.path.string() + ":2:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(cfg.path.string() + ":1"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
  }
  // An interface both named and excluded: a contradiction (several interfaces are fine).
  ConfigFile two_ifaces("interface=eth0\nexcept-interface=eth0\ndhcp-boot=pxelinux.0\n");
  const auto r = respond_replay(two_ifaces, "--keep-going");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(two_ifaces.path.string() + ":2:"), std::string::npos) << r.err;
}

TEST(RespondConfigCli, TestFlagChecksConfigRootAndEachClientKind) {
  const fs::path root =
      fs::temp_directory_path() / ("pxescope-respond-test-root-" + std::to_string(::getpid()));
  fs::create_directories(root);
  std::ofstream(root / "pxelinux.0") << "x";
  std::ofstream(root / "ipxe.efi") << "x";
  const std::string base = "dhcp-range=10.0.0.0,proxy\nenable-tftp\ntftp-root=" + root.string() +
                           "\npxe-service=x86pc,\"PXE\",pxelinux\n";
  ConfigFile good(base + "dhcp-boot=ipxe.efi\n");
  const auto ok =
      test::run_command(test::pxescope_bin() + " respond --test --config " + good.path.string());
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  for (const char* line : {"BIOS (arch 0):", "x64 UEFI (arch 7):", "arm64 UEFI (arch 11):",
                           "iPXE on BIOS (arch 0):", "HTTP boot x64 UEFI (arch 16):", "config OK"})
    EXPECT_NE(ok.out.find(line), std::string::npos) << line << "\n" << ok.out;
  EXPECT_NE(ok.out.find("boot menu, then port 4011, file pxelinux.0"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("offer, then port 4011, file ipxe.efi"), std::string::npos) << ok.out;

  ConfigFile missing(base + "dhcp-boot=grubx64.efi\n");
  const auto bad_file =
      test::run_command(test::pxescope_bin() + " respond --test --config " + missing.path.string());
  EXPECT_EQ(bad_file.exit_code, 1) << bad_file.out;
  EXPECT_NE(bad_file.out.find("grubx64.efi (missing from the TFTP root"), std::string::npos)
      << bad_file.out;

  ConfigFile bad_line(base + "dhcp-boot=ipxe.efi\ntftp-rot=/x\n");
  const auto typo = test::run_command(test::pxescope_bin() + " respond --test --config " +
                                      bad_line.path.string());
  EXPECT_EQ(typo.exit_code, 1) << typo.out;
  EXPECT_NE(typo.err.find(bad_line.path.string() + ":6: unknown option 'tftp-rot'"),
            std::string::npos)
      << typo.err;
  EXPECT_NE(typo.out.find("config NOT OK"), std::string::npos) << typo.out;
  fs::remove_all(root);
}

// A missing tftp-root stops a live server with one line naming the config line and the
// fix, before it touches the network (it used to be a WARNING, then the TFTP server's own
// fatal error for the same root).
TEST(RespondConfigCli, MissingTftpRootIsOneLineBeforeTheNetwork) {
  const std::string root = "/nonexistent/pxescope-root-" + std::to_string(::getpid());
  ConfigFile cfg("dhcp-range=10.0.0.0,proxy\nenable-tftp\ntftp-root=" + root +
                 "\ndhcp-boot=pxelinux.0\n");
  const auto r = test::run_command(test::pxescope_bin() + " respond -i pxescope-none0 --config " +
                                   cfg.path.string());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(cfg.path.string() + ":3: tftp-root=" + root + " does not exist"),
            std::string::npos)
      << r.err;
  std::size_t mentions = 0;
  for (std::size_t at = r.err.find(root); at != std::string::npos; at = r.err.find(root, at + 1))
    ++mentions;
  EXPECT_EQ(mentions, 1u) << "one line for the root\n" << r.err;
  EXPECT_EQ(r.err.find("WARNING: " + cfg.path.string() + ":3"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("pxescope-none0"), std::string::npos) << "stopped before the interface";

  // Replay serves no TFTP: there the root stays a warning and the replay goes on.
  const auto replay = respond_replay(cfg);
  EXPECT_NE(replay.err.find("WARNING: " + cfg.path.string() + ":3: tftp-root="), std::string::npos)
      << replay.err;
}

TEST(RespondConfigCli, HelpStatesTheRealLeaseFileDefault) {
  const auto r = test::run_command(test::pxescope_bin() + " respond --help");
  EXPECT_EQ(r.exit_code, 0);
  // server.cpp: "/var/lib/pxescope/leases." + interface
  EXPECT_NE(r.out.find("/var/lib/pxescope/leases.IFACE"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace pxescope
