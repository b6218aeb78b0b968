// analyze's summary shows the TFTP and ICMP evidence of a boot, checked against tshark:
// every RRQ/WRQ/OACK/ERROR on its own line with its frame number and file name, DATA/ACK
// collapsed into one line per transfer (its bytes equal the size the server announced), and
// each ICMP destination unreachable about boot traffic naming the request it refused.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <string>

#include "unit/cli_test_support.hpp"

using namespace pxescope::test;
namespace fs = std::filesystem;

namespace {

const fs::path kStories = PXESCOPE_SOURCE_DIR "/captures/stories";
const fs::path kGenerated = PXESCOPE_SOURCE_DIR "/captures/generated";

// Our summary lines of one protocol ("TFTP" or "ICMP"), by frame number.
std::map<std::uint64_t, std::string> lines_of(const std::string& out, const std::string& what) {
  const std::regex re("^ *(\\d+) \\S+ \\S+ → \\S+ " + what + " (.*)$");
  std::map<std::uint64_t, std::string> lines;
  for (const std::string& line : split_lines(out)) {
    std::smatch m;
    if (std::regex_search(line, m, re)) lines[std::stoull(m[1])] = m[2];
  }
  return lines;
}

std::vector<std::vector<std::string>> tshark_rows(const fs::path& file, const std::string& args) {
  const CommandResult r = run_command("tshark -r " + file.string() + " " + args);
  std::vector<std::vector<std::string>> rows;
  for (const std::string& line : split_lines(r.out)) {
    std::vector<std::string> cells;
    std::string cell;
    for (char c : line + '\t') {
      if (c != '\t') {
        cell += c;
        continue;
      }
      cells.push_back(cell);
      cell.clear();
    }
    rows.push_back(cells);
  }
  return rows;
}

std::vector<fs::path> tftp_captures() {
  std::vector<fs::path> files = {kGenerated / "tftp-oack-error.pcap"};
  for (const auto& entry : fs::directory_iterator(kStories))
    if (entry.path().extension() == ".pcap") files.push_back(entry.path());
  return files;
}

}  // namespace

TEST(CliBootLines, TftpRequestsOptionAcksAndErrorsMatchTshark) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed (scripts/install-deps.sh)";
  std::size_t checked = 0;
  for (const fs::path& file : tftp_captures()) {
    SCOPED_TRACE(file.filename().string());
    const CommandResult ours = run_command(pxescope_bin() + " analyze --dhcp " + file.string());
    ASSERT_EQ(ours.exit_code, 0) << ours.err;
    auto lines = lines_of(ours.out, "TFTP");
    std::erase_if(lines, [](const auto& l) { return l.second.starts_with("DATA/ACK"); });
    const auto rows = tshark_rows(
        file,
        "-Y '!icmp && tftp.opcode != 3 && tftp.opcode != 4' -T fields -e frame.number "
        "-e tftp.opcode -e tftp.source_file -e tftp.destination_file -e tftp.error.code");
    EXPECT_EQ(lines.size(), rows.size());
    for (const auto& row : rows) {
      ASSERT_EQ(row.size(), 5u);
      const auto it = lines.find(std::stoull(row[0]));
      ASSERT_NE(it, lines.end()) << "no TFTP line for frame " << row[0];
      const std::map<std::string, std::string> names = {{"1", "Read Request"},
                                                        {"2", "Write Request"},
                                                        {"5", "Error Code"},
                                                        {"6", "Option Acknowledgement"}};
      EXPECT_TRUE(it->second.starts_with(names.at(row[1]))) << it->second;
      if (row[1] == "1") {
        EXPECT_NE(it->second.find('"' + row[2] + '"'), std::string::npos) << it->second;
      }
      if (row[1] == "5") {
        EXPECT_TRUE(it->second.starts_with("Error Code " + row[4] + " (")) << it->second;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 10u);
}

TEST(CliBootLines, DataAndAcksAreOneLinePerTransfer) {
  const fs::path file = kStories / "bios-booted.pcap";
  const CommandResult ours = run_command(pxescope_bin() + " analyze --dhcp " + file.string());
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  const auto lines = lines_of(ours.out, "TFTP");
  std::vector<std::string> collapsed;
  for (const auto& [frame, text] : lines)
    if (text.starts_with("DATA/ACK")) collapsed.push_back(text);
  ASSERT_EQ(collapsed.size(), 2u) << ours.out;
  // pxelinux.0: 42430 bytes, the tsize of the OACK, in 30 blocks of 1432 bytes.
  EXPECT_EQ(collapsed[0],
            "DATA/ACK \"pxelinux.0\" 30 blocks, 42430 bytes (from frame 25) complete");
  // The capture ends inside ldlinux.c32: said so, once, at the end.
  EXPECT_TRUE(collapsed[1].starts_with("DATA/ACK \"ldlinux.c32\" 6 blocks")) << collapsed[1];
  EXPECT_TRUE(collapsed[1].ends_with("incomplete: no last block")) << collapsed[1];
  EXPECT_EQ(ours.out.find("TFTP Data Packet"), std::string::npos);
  EXPECT_EQ(ours.out.find("TFTP Acknowledgement"), std::string::npos);
}

TEST(CliBootLines, IcmpPortUnreachableNamesTheRefusedRequest) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed (scripts/install-deps.sh)";
  const fs::path file = kStories / "bios-no-tftp.pcap";
  const CommandResult ours = run_command(pxescope_bin() + " analyze --dhcp " + file.string());
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  const auto lines = lines_of(ours.out, "ICMP");
  const auto rows = tshark_rows(
      file, "-Y 'icmp.type == 3' -T fields -e frame.number -e icmp.code -e udp.dstport");
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(lines.size(), rows.size());
  for (const auto& row : rows) {
    const auto it = lines.find(std::stoull(row[0]));
    ASSERT_NE(it, lines.end()) << "no ICMP line for frame " << row[0];
    EXPECT_EQ(row[1], "3");
    EXPECT_TRUE(it->second.starts_with("port unreachable (192.168.77.2:" + row[2] +
                                       " ← RRQ \"pxelinux.0\" from 192.168.77.129:"))
        << it->second;
  }
}
