// `pxescope analyze -Y 'pxe.client == MAC'`: the CLI learns the capture's leases in its pass
// and keeps every frame of that client's boot — its server's TFTP and the router's ICMP error
// too, which carry no MAC of it — and no frame of the client that got the address later.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <regex>
#include <set>

#include "unit/cli_test_support.hpp"
#include "unit/membership_script.hpp"

namespace {

using namespace pxescope::test;

std::set<std::uint64_t> frames_of(const std::string& out) {
  std::set<std::uint64_t> frames;
  static const std::regex line_start(R"(^ *(\d+) +\d+\.\d+ )");
  for (const std::string& line : split_lines(out)) {
    std::smatch m;
    if (std::regex_search(line, m, line_start)) frames.insert(std::stoull(m[1].str()));
  }
  return frames;
}

TEST(CliClientFilter, KeepsExactlyTheFramesOfTheClientsBoot) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("pxescope-cli-membership-" + std::to_string(::getpid()) + ".pcap");
  pxescope::testing::write_pcap(path, 1,
                                pxescope::testing::membership::two_clients().test_frames());
  const auto run = [&](const std::string& filter) {
    const CommandResult r =
        run_command(pxescope_bin() + " analyze -Y '" + filter + "' " + path.string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return frames_of(r.out);
  };
  EXPECT_EQ(run("pxe.client == 52:54:00:12:34:56"), pxescope::testing::membership::kFramesOfA);
  EXPECT_EQ(run("pxe.client == 52:54:00:ab:cd:ef"), pxescope::testing::membership::kFramesOfB);
  // The old way (the MAC on the wire) misses the server's DATA and the ICMP error.
  EXPECT_EQ(run("eth.addr == 52:54:00:12:34:56 || dhcp.hw.mac_addr == 52:54:00:12:34:56"),
            pxescope::testing::membership::kFramesCarryingA);
  std::filesystem::remove(path);
}

}  // namespace
