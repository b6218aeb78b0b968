// `pxescope analyze --servers`: the DHCP servers table, its conflict line, and the --json
// form (one {"file","servers"} line per file).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "unit/cli_test_support.hpp"

using namespace pxescope::test;

TEST(CliServers, TableNamesEachServerAndTheConflict) {
  const auto r =
      run_command(pxescope_bin() + " analyze --servers " + story_capture("bios-two-proxies.pcap"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("DHCP servers in "), std::string::npos) << r.out;
  for (const char* server : {"192.168.77.1 ", "192.168.77.2 ", "192.168.77.3 "})
    EXPECT_NE(r.out.find(server), std::string::npos) << server << "\n" << r.out;
  EXPECT_NE(r.out.find("conflicting boot information from 192.168.77.2"), std::string::npos)
      << r.out;
}

TEST(CliServers, JsonIsOneLinePerFile) {
  const auto r = run_command(pxescope_bin() + " analyze --servers --json " +
                             story_capture("bios-two-proxies.pcap") + " " +
                             real_capture("seabios-ipxe-proxydhcp.pcap"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = split_lines(r.out);
  ASSERT_EQ(rows.size(), 2u) << r.out;
  const auto second = nlohmann::json::parse(rows[1]);
  EXPECT_EQ(second["file"], real_capture("seabios-ipxe-proxydhcp.pcap"));
  ASSERT_EQ(second["servers"].size(), 2u);
  EXPECT_EQ(second["servers"][0]["server"], "192.168.77.2");
  EXPECT_EQ(second["servers"][0]["proxy"], true);
  EXPECT_EQ(second["servers"][1]["boot_info"], false);
}

TEST(CliServers, UnreadableFileIsOneLineAndExitOne) {
  const auto r = run_command(pxescope_bin() + " analyze --servers /nonexistent/x.pcap");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent/x.pcap"), std::string::npos) << r.err;
}
