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
      : path(fs::temp_directory_path() /
             ("pxescope-respond-config-" + std::to_string(::getpid()) + ".conf")) {
    std::ofstream(path) << text;
  }
  ~ConfigFile() { fs::remove(path); }
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
  ConfigFile two_ifaces("interface=eth0\ninterface=eth1\ndhcp-boot=pxelinux.0\n");
  const auto r = respond_replay(two_ifaces, "--keep-going");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(two_ifaces.path.string() + ":2:"), std::string::npos) << r.err;
}

TEST(RespondConfigCli, HelpStatesTheRealLeaseFileDefault) {
  const auto r = test::run_command(test::pxescope_bin() + " respond --help");
  EXPECT_EQ(r.exit_code, 0);
  // server.cpp: "/var/lib/pxescope/leases." + interface
  EXPECT_NE(r.out.find("/var/lib/pxescope/leases.IFACE"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace pxescope
