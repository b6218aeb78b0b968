// `pxescope analyze`: summary lines checked field by field against tshark on the real
// firmware captures, --json (parses, frame indices, times), -V, --pxe-only, and the exit
// codes and messages for unreadable input (1) and bad usage (2).
#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "tests/test_captures.hpp"
#include "unit/cli_test_support.hpp"

using namespace pxescope::test;
namespace fs = std::filesystem;

namespace {

// The project's own OVMF EDK2 recording: its MACs, xids and times change with each
// re-recording, so every expected value below is read from it with tshark (the oracle).
const std::string kOvmf = real_capture("ovmf-edk2-proxydhcp.pcap");

struct SummaryLine {
  std::uint64_t frame = 0;
  std::string src, dst, protocol, type, mac, xid, arch, vendor, file;
};

std::map<std::uint64_t, SummaryLine> parse_summary(const std::string& out) {
  static const std::regex line_re(
      R"re(^ *(\d+) (\d\d:\d\d:\d\d\.\d{9}) (\S+) → (\S+) (proxyDHCP|DHCP|BOOTP) (\S+) (\S+) )re"
      R"re(xid (0x[0-9a-f]{8})(?: arch (\d+) \([^)]*\))?(?: vendor "([^"]*)")?(?: file "([^"]*)")?)re");
  // TFTP and ICMP lines have their own format (cli_boot_lines_test): only DHCP lines here.
  static const std::regex other_re(R"re(^ *\d+ \S+ \S+ → \S+ (TFTP|ICMP) )re");
  std::map<std::uint64_t, SummaryLine> lines;
  for (const std::string& line : split_lines(out)) {
    if (std::regex_search(line, other_re)) continue;
    std::smatch m;
    if (!std::regex_search(line, m, line_re)) {
      ADD_FAILURE() << "summary line not in the documented format: " << line;
      continue;
    }
    SummaryLine s;
    s.frame = std::stoull(m[1]);
    s.src = m[3];
    s.dst = m[4];
    s.protocol = m[5];
    s.type = m[6];
    s.mac = m[7];
    s.xid = m[8];
    s.arch = m[9];
    s.vendor = m[10];
    s.file = m[11];
    lines[s.frame] = s;
  }
  return lines;
}

std::string message_type_name(const std::string& code) {
  static const std::map<std::string, std::string> names = {
      {"1", "Discover"}, {"2", "Offer"}, {"3", "Request"}, {"4", "Decline"},
      {"5", "ACK"},      {"6", "NAK"},   {"7", "Release"}, {"8", "Inform"}};
  auto it = names.find(code);
  return it == names.end() ? "?" + code : it->second;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

// tshark's `-T fields` rows (split at '|') of the packets matching filter.
std::vector<std::vector<std::string>> tshark_rows(const std::string& path,
                                                  const std::string& filter,
                                                  const std::vector<std::string>& fields) {
  std::string command = "tshark -r " + path + " -Y '" + filter + "' -T fields -E separator='|'";
  for (const std::string& f : fields) command += " -e " + f;
  const CommandResult r = run_command(command);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::vector<std::string>> rows;
  for (const std::string& line : split_lines(r.out)) rows.push_back(split(line, '|'));
  return rows;
}

// An epoch time "S.NNNNNNNNN" as pxescope prints it: "HH:MM:SS.NNNNNNNNN" (UTC) or, with the
// date, the ISO form "YYYY-MM-DDTHH:MM:SS.NNNNNNNNNZ".
std::string utc_time(const std::string& epoch, bool with_date) {
  const std::size_t dot = epoch.find('.');
  const std::time_t seconds = std::stoll(epoch.substr(0, dot));
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, with_date ? "%Y-%m-%dT%H:%M:%S" : "%H:%M:%S", &tm);
  std::string fraction = dot == std::string::npos ? "" : epoch.substr(dot + 1);
  fraction.resize(9, '0');
  return std::string(buf) + "." + fraction + (with_date ? "Z" : "");
}

// The DHCP packets of the OVMF capture as tshark sees them.
struct OvmfDhcpPacket {
  std::string frame, epoch, length, src, dst, mac, xid, arch, vendor, file, srcport;
};
std::vector<OvmfDhcpPacket> ovmf_dhcp_packets() {
  std::vector<OvmfDhcpPacket> packets;
  for (const auto& f : tshark_rows(
           kOvmf, "dhcp",
           {"frame.number", "frame.time_epoch", "frame.len", "ip.src", "udp.srcport", "ip.dst",
            "udp.dstport", "dhcp.hw.mac_addr", "dhcp.id", "dhcp.option.client_system_architecture",
            "dhcp.option.vendor_class_id", "dhcp.file"})) {
    if (f.size() != 12) continue;
    packets.push_back({f[0], f[1], f[2], f[3] + ":" + f[4], f[5] + ":" + f[6],
                       f[7].substr(0, f[7].find(',')), f[8], f[9], f[10], f[11], f[4]});
  }
  return packets;
}

}  // namespace

TEST(CliAnalyze, SummaryLinesMatchTsharkOnEveryRealCapture) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed (scripts/install-deps.sh)";
  const auto files = firmware_captures();  // the project's six, then ../shared's when present
  ASSERT_GE(files.size(), 6u);
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    const std::string path = file.string();
    const CommandResult ours = run_command(pxescope_bin() + " analyze --dhcp " + path);
    ASSERT_EQ(ours.exit_code, 0) << ours.err;
    const auto lines = parse_summary(ours.out);
    const CommandResult theirs = run_command(
        "tshark -r " + path +
        " -Y dhcp -T fields -E separator='|' -e frame.number -e ip.src -e ip.dst -e dhcp.id "
        "-e dhcp.hw.mac_addr -e dhcp.option.dhcp -e dhcp.option.client_system_architecture "
        "-e dhcp.option.vendor_class_id -e dhcp.type -e dhcp.option.bootfile_name -e dhcp.file");
    ASSERT_EQ(theirs.exit_code, 0) << theirs.err;
    const auto expected = split_lines(theirs.out);
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(lines.size(), expected.size());
    for (const std::string& row : expected) {
      const auto f = split(row, '|');
      ASSERT_EQ(f.size(), 11u) << row;
      const std::uint64_t frame = std::stoull(f[0]);
      auto it = lines.find(frame);
      ASSERT_NE(it, lines.end()) << "no summary line for DHCP frame " << frame;
      const SummaryLine& s = it->second;
      EXPECT_EQ(s.src.substr(0, s.src.rfind(':')), f[1]) << frame;
      EXPECT_EQ(s.dst.substr(0, s.dst.rfind(':')), f[2]) << frame;
      EXPECT_EQ(s.xid, f[3]) << frame;
      EXPECT_EQ(s.mac, f[4].substr(0, f[4].find(','))) << frame;  // chaddr, then option 61
      EXPECT_EQ(s.type, message_type_name(f[5])) << frame;
      EXPECT_EQ(s.arch, f[6].substr(0, f[6].find(','))) << frame;  // first item of option 93
      EXPECT_EQ(s.vendor, f[7]) << frame;
      const bool reply = f[8] == "2";
      const std::string boot_file = !f[9].empty() ? f[9] : f[10];
      EXPECT_EQ(s.file, reply ? boot_file : "") << frame;
      const bool proxy_port = s.src.ends_with(":4011") || s.dst.ends_with(":4011");
      EXPECT_EQ(s.protocol, proxy_port ? "proxyDHCP" : "DHCP") << frame;
    }
  }
}

// The exact line format (widths, time, arrows), the values taken from tshark: the first
// DISCOVER and the port-4011 ACK, the 1st and 7th DHCP packets of an EDK2 proxy boot.
TEST(CliAnalyze, KnownPacketsOfTheOvmfCapture) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed (scripts/install-deps.sh)";
  const auto dhcp = ovmf_dhcp_packets();
  ASSERT_GE(dhcp.size(), 7u);
  const OvmfDhcpPacket& discover = dhcp[0];
  const OvmfDhcpPacket& ack = dhcp[6];
  ASSERT_EQ(discover.arch, "7");
  ASSERT_EQ(ack.srcport, "4011");
  const CommandResult r = run_command(pxescope_bin() + " analyze --dhcp " + kOvmf);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = split_lines(r.out);
  ASSERT_GE(lines.size(), 7u);
  char frame[16];
  std::snprintf(frame, sizeof frame, "%6s", discover.frame.c_str());
  EXPECT_EQ(lines[0], std::string(frame) + " " + utc_time(discover.epoch, false) +
                          " 0.0.0.0:68 → 255.255.255.255:67 DHCP Discover " + discover.mac +
                          " xid " + discover.xid + " arch 7 (x64 UEFI) vendor \"" +
                          discover.vendor + "\"");
  std::snprintf(frame, sizeof frame, "%6s", ack.frame.c_str());
  EXPECT_EQ(lines[6], std::string(frame) + " " + utc_time(ack.epoch, false) + " " + ack.src +
                          " → " + ack.dst + " proxyDHCP ACK " + ack.mac + " xid " + ack.xid +
                          " vendor \"PXEClient\" file \"syslinux.efi\"");
  // ARP and IPv6 frames are ordinary traffic: counted quietly, not reported as not decoded.
  EXPECT_EQ(r.err.find("not decoded: "), std::string::npos) << r.err;
}

TEST(CliAnalyze, JsonLinesParseWithFrameIndicesTimesAndFields) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed (scripts/install-deps.sh)";
  const std::string path = kOvmf;
  const CommandResult r = run_command(pxescope_bin() + " analyze --json " + path);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CommandResult summary = run_command(pxescope_bin() + " analyze --dhcp " + path);
  std::vector<std::uint64_t> summary_frames;
  for (const auto& [frame, line] : parse_summary(summary.out)) summary_frames.push_back(frame);

  std::vector<std::uint64_t> json_frames;
  const std::regex iso(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$)");
  for (const std::string& line : split_lines(r.out)) {
    const auto j = nlohmann::json::parse(line);  // throws (fails the test) if not JSON
    ASSERT_TRUE(j["frame"].is_number_unsigned());
    json_frames.push_back(j["frame"].get<std::uint64_t>());
    EXPECT_TRUE(std::regex_match(j["time"].get<std::string>(), iso)) << j["time"];
    ASSERT_TRUE(j["fields"].is_array());
    bool has_dhcp = false;
    for (const auto& node : j["fields"]) {
      for (const char* key : {"name", "value", "text", "offset", "length", "children", "warnings"})
        EXPECT_TRUE(node.contains(key)) << key;
      has_dhcp = has_dhcp || node["name"] == "dhcp";
    }
    EXPECT_TRUE(has_dhcp) << "frame " << j["frame"];
  }
  EXPECT_EQ(json_frames, summary_frames);
  ASSERT_FALSE(json_frames.empty());
  // 1-based index in the file, and the time to the nanosecond, as tshark reads them.
  const auto dhcp = ovmf_dhcp_packets();
  ASSERT_FALSE(dhcp.empty());
  EXPECT_EQ(json_frames.front(), std::stoull(dhcp[0].frame));
  const auto first = nlohmann::json::parse(split_lines(r.out).front());
  EXPECT_EQ(first["time"], utc_time(dhcp[0].epoch, true));
}

TEST(CliAnalyze, VerbosePrintsEachDhcpPacketAsATree) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed (scripts/install-deps.sh)";
  const auto dhcp = ovmf_dhcp_packets();
  ASSERT_GE(dhcp.size(), 7u);
  const auto other = tshark_rows(kOvmf, "!dhcp", {"frame.number"});  // ARP, ICMP, TFTP...
  ASSERT_FALSE(other.empty());
  const CommandResult r = run_command(pxescope_bin() + " analyze -V " + kOvmf);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const OvmfDhcpPacket& first = dhcp[0];
  EXPECT_EQ(r.out.rfind("Frame " + first.frame + ": " + first.length + " bytes on wire, " +
                            first.length + " bytes captured, " + utc_time(first.epoch, true) + "\n",
                        0),
            0u)
      << r.out.substr(0, 200);
  EXPECT_NE(r.out.find("\nEthernet II, Src: " + first.mac), std::string::npos);
  EXPECT_NE(r.out.find("\n    Source Port: 68\n"), std::string::npos);  // 4 spaces a level
  EXPECT_NE(r.out.find("\nFrame " + dhcp[6].frame + ": "), std::string::npos);
  // Not a DHCP packet: not printed.
  EXPECT_EQ(r.out.find("\nFrame " + other[0][0] + ": "), std::string::npos) << other[0][0];
}

// The offer linter runs on the tree paths: a UEFI client handed pxelinux.0 gets the finding on
// the reply's dhcp node, in --json and -V alike; dnsmasq's correct replies get none.
TEST(CliAnalyze, TreeOutputCarriesTheOfferLintersFindings) {
  const std::string wrong =
      std::string(PXESCOPE_SOURCE_DIR) + "/captures/stories/uefi-wrong-arch.pcap";
  const CommandResult json = run_command(pxescope_bin() + " analyze --json " + wrong);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  std::size_t findings = 0;
  // Findings sit on the node they concern (the boot file, option 97, ...), anywhere under dhcp.
  std::function<void(const nlohmann::json&)> visit = [&](const nlohmann::json& node) {
    for (const auto& w : node["warnings"]) {
      const std::string message = w["message"];
      if (message.find("file-arch-mismatch") == std::string::npos) continue;
      ++findings;
      EXPECT_EQ(w["severity"], "warn");
      EXPECT_NE(message.find("pxelinux.0"), std::string::npos) << message;
    }
    for (const auto& child : node["children"]) visit(child);
  };
  for (const std::string& line : split_lines(json.out)) {
    const auto packet = nlohmann::json::parse(line);
    for (const auto& node : packet["fields"])
      if (node["name"] == "dhcp") visit(node);
  }
  EXPECT_GE(findings, 1u);
  const CommandResult text = run_command(pxescope_bin() + " analyze -V " + wrong);
  EXPECT_NE(text.out.find("[warn: pxe-lint file-arch-mismatch"), std::string::npos);

  const CommandResult good = run_command(pxescope_bin() + " analyze --json " + kOvmf);
  ASSERT_EQ(good.exit_code, 0) << good.err;
  EXPECT_EQ(good.out.find("pxe-lint"), std::string::npos);
}

// `-Y _ws.expert` keeps exactly the frames `--expert` lists a warning or an error for, the
// offer linter's findings included: a reply whose only problem is a linter finding (the
// UEFI client's proxyDHCP ACK naming pxelinux.0) matches, in the summary and in -V alike.
TEST(CliAnalyze, ExpertFilterMatchesFramesWhoseOnlyFindingIsTheLinters) {
  const std::string wrong =
      std::string(PXESCOPE_SOURCE_DIR) + "/captures/stories/uefi-wrong-arch.pcap";
  const CommandResult expert = run_command(pxescope_bin() + " analyze --expert " + wrong);
  ASSERT_EQ(expert.exit_code, 0) << expert.err;
  // --expert: "warn CODE (n)" group lines, then "  frame N: field: message" lines.
  static const std::regex item_re(R"re(^  frame (\d+): \S+: (pxe-lint )?)re");
  std::set<std::uint64_t> warned, by_dissectors;
  bool in_warning_group = false;
  for (const std::string& line : split_lines(expert.out)) {
    if (!line.starts_with("  ")) {
      in_warning_group = line.starts_with("warn ") || line.starts_with("error ");
      continue;
    }
    std::smatch m;
    if (!in_warning_group || !std::regex_search(line, m, item_re)) continue;
    warned.insert(std::stoull(m[1]));
    if (!m[2].matched) by_dissectors.insert(std::stoull(m[1]));
  }
  std::set<std::uint64_t> linter_only;
  for (std::uint64_t frame : warned)
    if (!by_dissectors.contains(frame)) linter_only.insert(frame);
  ASSERT_FALSE(linter_only.empty()) << "the capture has no frame with only a linter finding:\n"
                                    << expert.out;

  const CommandResult kept = run_command(pxescope_bin() + " analyze -Y _ws.expert " + wrong);
  ASSERT_EQ(kept.exit_code, 0) << kept.err;
  std::set<std::uint64_t> matched;
  for (const std::string& line : split_lines(kept.out)) matched.insert(std::stoull(line));
  EXPECT_EQ(matched, warned) << kept.out;

  for (std::uint64_t frame : linter_only) {
    const CommandResult tree = run_command(
        pxescope_bin() + " analyze -V -Y '_ws.expert && frame.number == " + std::to_string(frame) +
        "' " + wrong);
    ASSERT_EQ(tree.exit_code, 0) << tree.err;
    EXPECT_NE(tree.out.find("Frame " + std::to_string(frame) + ": "), std::string::npos) << frame;
    EXPECT_NE(tree.out.find("[warn: pxe-lint "), std::string::npos) << tree.out;
  }
}

TEST(CliAnalyze, PxeOnlyKeepsPxeClientsAndTheRepliesToThem) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed (scripts/install-deps.sh)";
  const CommandResult r = run_command(pxescope_bin() + " analyze --pxe-only " + kOvmf);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::uint64_t> frames;
  for (const auto& [frame, line] : parse_summary(r.out)) frames.insert(frame);
  // Kept: the firmware's exchanges, i.e. the DISCOVER's xid (DISCOVER with PXEClient, the proxy
  // OFFER, the DHCP server's OFFER with no option 60 but a reply to that xid, REQUEST/ACK) and
  // the port-4011 exchange. Left out: the booted OS's own DHCP (new xid, no PXEClient).
  const auto dhcp = ovmf_dhcp_packets();
  ASSERT_FALSE(dhcp.empty());
  std::size_t kept = 0, left_out = 0;
  for (const OvmfDhcpPacket& p : dhcp) {
    const bool firmware =
        p.xid == dhcp[0].xid || p.src.ends_with(":4011") || p.dst.ends_with(":4011");
    EXPECT_EQ(frames.count(std::stoull(p.frame)), firmware ? 1u : 0u) << "frame " << p.frame;
    ++(firmware ? kept : left_out);
  }
  EXPECT_GE(kept, 7u);
  EXPECT_GE(left_out, 2u) << "the capture ends with the booted program's own DISCOVER/OFFER";
}

TEST(CliAnalyze, MissingFileExitsOneNamingTheFile) {
  const CommandResult r = run_command(pxescope_bin() + " analyze /nonexistent/x.pcap");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(split_lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/x.pcap"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(CliAnalyze, NonPcapFileExitsOneNamingTheFile) {
  const std::string text = real_capture("ovmf-edk2-proxydhcp.discover.txt");
  const CommandResult r = run_command(pxescope_bin() + " analyze " + text);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(split_lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find(text), std::string::npos) << r.err;
}

TEST(CliAnalyze, OneBadFileAmongGoodOnesStillPrintsTheGoodOnesAndExitsOne) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed (scripts/install-deps.sh)";
  const auto dhcp = ovmf_dhcp_packets();
  ASSERT_FALSE(dhcp.empty());
  const CommandResult r =
      run_command(pxescope_bin() + " analyze --dhcp /nonexistent/x.pcap " + kOvmf);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("xid " + dhcp[0].xid), std::string::npos);
}

// The first frames whole, then a record cut in the middle: those frames are still decoded.
TEST(CliAnalyze, TruncatedFileDecodesWhatItHasAndWarns) {
  const std::string full = read_file(kOvmf);
  // Classic pcap, little-endian: a 24-byte file header, then 16-byte record headers whose
  // bytes 8..11 are the captured length. Keep records 1 and 2, then half of record 3.
  const auto record_length = [&](std::size_t at) {
    return std::size_t(std::uint8_t(full[at + 8])) | std::size_t(std::uint8_t(full[at + 9])) << 8 |
           std::size_t(std::uint8_t(full[at + 10])) << 16;
  };
  std::size_t end = 24;
  for (int i = 0; i < 2; ++i) end += 16 + record_length(end);
  end += 16 + record_length(end) / 2;
  ASSERT_LT(end, full.size());
  const fs::path cut =
      fs::temp_directory_path() / ("pxescope-cli-cut-" + std::to_string(getpid()) + ".pcap");
  {
    std::ofstream f(cut, std::ios::binary);
    f.write(full.data(), static_cast<std::streamsize>(end));
  }
  const CommandResult whole = run_command(pxescope_bin() + " analyze --dhcp " + kOvmf);
  const CommandResult r = run_command(pxescope_bin() + " analyze --dhcp " + cut.string());
  fs::remove(cut);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
  // What was printed for the whole frames 1 and 2 is exactly what the whole file prints for
  // them; the cut frame 3 may follow, marked malformed.
  std::string first_two;
  for (const std::string& line : split_lines(whole.out))
    if (line.starts_with("     1 ") || line.starts_with("     2 ")) first_two += line + "\n";
  ASSERT_FALSE(first_two.empty());
  EXPECT_EQ(r.out.substr(0, first_two.size()), first_two);
  for (const std::string& line : split_lines(r.out.substr(first_two.size())))
    EXPECT_TRUE(line.starts_with("     3 ") && line.ends_with("[malformed: see -V]")) << line;
}

TEST(CliAnalyze, BadUsageExitsTwo) {
  for (const std::string args : {"analyze", "analyze --no-such-flag x.pcap",
                                 "analyze --json -V x.pcap", "no-such-command"}) {
    const CommandResult r = run_command(pxescope_bin() + " " + args);
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.err;
    EXPECT_FALSE(r.err.empty()) << args;
  }
}

TEST(CliCapture, BadAutostopIsAUsageError) {
  const CommandResult r = run_command(pxescope_bin() + " capture -i lo -a 30");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("duration:SECONDS"), std::string::npos) << r.err;
  EXPECT_EQ(run_command(pxescope_bin() + " capture").exit_code, 2);  // -i is required
}
