// `pxescope analyze FILE` lists every frame like tshark: one line per frame with No., time
// since the first frame, source, destination, protocol, length and info. Checked against
// tshark's columns on the project's boot captures; --dhcp keeps the DHCP-only view.
#include <gtest/gtest.h>

#include <regex>

#include "unit/cli_test_support.hpp"

using namespace pxescope::test;

namespace {

const std::string kCapture = PXESCOPE_SOURCE_DIR "/captures/stories/bios-no-tftp.pcap";

std::vector<std::string> tshark_rows(const std::string& path) {
  return split_lines(run_command("tshark -r " + path +
                                 " -T fields -E separator=/t -e frame.number -e frame.len "
                                 "-e _ws.col.Protocol -e _ws.col.Info")
                         .out);
}

std::vector<std::string> split_tabs(const std::string& row) {
  std::vector<std::string> cols;
  std::size_t start = 0;
  for (std::size_t tab; (tab = row.find('\t', start)) != std::string::npos; start = tab + 1)
    cols.push_back(row.substr(start, tab - start));
  cols.push_back(row.substr(start));
  return cols;
}

}  // namespace

TEST(CliEveryFrame, OneLinePerFrameWithTsharksColumns) {
  if (run_command("command -v tshark").exit_code != 0) GTEST_SKIP() << "tshark not installed";
  const CommandResult r = run_command(pxescope_bin() + " analyze " + kCapture);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> ours = split_lines(r.out);
  const std::vector<std::string> theirs = tshark_rows(kCapture);
  ASSERT_EQ(ours.size(), theirs.size());
  // "    24   16.306429 192.168.77.2 → 192.168.77.129 ICMP 110 Port unreachable (…)"
  const std::regex line(R"(^ *(\d+) +(\d+\.\d{6}) (\S+) \xe2\x86\x92 (\S+) (\S+) (\d+) (.*)$)");
  std::size_t same_info = 0;
  for (std::size_t i = 0; i < ours.size(); ++i) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(ours[i], m, line)) << ours[i];
    const auto cols = split_tabs(theirs[i]);
    ASSERT_GE(cols.size(), 4u) << theirs[i];
    EXPECT_EQ(m[1].str(), cols[0]);
    EXPECT_EQ(m[6].str(), cols[1]) << ours[i];
    if (cols[2] == "ICMPv6") continue;  // IPv6 is the ipv6 dissector's
    EXPECT_EQ(m[5].str(), cols[2]) << ours[i];
    if (m[7].str() == cols[3])
      ++same_info;
    else
      EXPECT_TRUE(m[7].str().starts_with("Port unreachable (192.168.77.2:69 \xe2\x86\x90 RRQ "))
          << ours[i] << " | tshark: " << cols[3];
  }
  EXPECT_GT(same_info, 20u);
  EXPECT_EQ(r.out.find("not decoded"), std::string::npos);
}

TEST(CliEveryFrame, DhcpFlagKeepsTheDhcpView) {
  const CommandResult all = run_command(pxescope_bin() + " analyze " + kCapture);
  const CommandResult dhcp = run_command(pxescope_bin() + " analyze --dhcp " + kCapture);
  ASSERT_EQ(dhcp.exit_code, 0) << dhcp.err;
  // The DHCP view has no ARP lines and writes DHCP lines with their client MAC and xid.
  EXPECT_EQ(dhcp.out.find(" ARP "), std::string::npos);
  EXPECT_NE(all.out.find(" ARP "), std::string::npos);
  EXPECT_NE(dhcp.out.find("DHCP Discover 52:54:00:7b:24:10 xid 0x2e0ece18"), std::string::npos)
      << dhcp.out;
  EXPECT_LT(split_lines(dhcp.out).size(), split_lines(all.out).size());
}
