// `pxescope analyze`: summary lines checked field by field against tshark on the real
// firmware captures, --json (parses, frame indices, times), -V, --pxe-only, and the exit
// codes and messages for unreadable input (1) and bad usage (2).
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "unit/cli_test_support.hpp"

using namespace pxescope::test;
namespace fs = std::filesystem;

namespace {

const char* const kCaptures[] = {
    "aavmf-arm64-edk2-proxydhcp.pcap", "ovmf-edk2-proxydhcp.pcap",
    "ovmf-ipxe-proxydhcp.pcap",        "seabios-ipxe-fulldhcp-norouter.pcap",
    "seabios-ipxe-proxydhcp.pcap",     "seabios-ipxe-virtio-proxydhcp.pcap",
};

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

}  // namespace

TEST(CliAnalyze, SummaryLinesMatchTsharkOnEveryRealCapture) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed (scripts/install-deps.sh)";
  for (const char* name : kCaptures) {
    SCOPED_TRACE(name);
    const std::string path = shared_capture(name);
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

TEST(CliAnalyze, KnownPacketsOfTheOvmfCapture) {
  const CommandResult r =
      run_command(pxescope_bin() + " analyze --dhcp " + shared_capture("ovmf-edk2-proxydhcp.pcap"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = split_lines(r.out);
  ASSERT_GE(lines.size(), 7u);
  EXPECT_EQ(lines[0],
            "     2 00:03:03.485690000 0.0.0.0:68 → 255.255.255.255:67 DHCP Discover "
            "52:54:00:7b:be:06 xid 0x9935c4c7 arch 7 (x64 UEFI) vendor "
            "\"PXEClient:Arch:00007:UNDI:003000\"");
  EXPECT_EQ(lines[6],
            "    12 00:03:07.039758000 192.168.77.2:4011 → 192.168.77.165:4011 proxyDHCP ACK "
            "52:54:00:7b:be:06 xid 0xae8171e3 vendor \"PXEClient\" file \"syslinux.efi\"");
  // ARP and IPv6 frames are ordinary traffic: counted quietly, not reported as not decoded.
  EXPECT_EQ(r.err.find("not decoded: "), std::string::npos) << r.err;
}

TEST(CliAnalyze, JsonLinesParseWithFrameIndicesTimesAndFields) {
  const std::string path = shared_capture("ovmf-edk2-proxydhcp.pcap");
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
  EXPECT_EQ(json_frames.front(), 2u);  // 1-based index in the file: frame 1 is ARP
  const auto first = nlohmann::json::parse(split_lines(r.out).front());
  EXPECT_EQ(first["time"], "2026-11-28T00:03:03.485690000Z");
}

TEST(CliAnalyze, VerbosePrintsEachDhcpPacketAsATree) {
  const CommandResult r =
      run_command(pxescope_bin() + " analyze -V " + shared_capture("ovmf-edk2-proxydhcp.pcap"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Frame 2: 389 bytes on wire, 389 bytes captured, "
                        "2026-11-28T00:03:03.485690000Z\n",
                        0),
            0u)
      << r.out.substr(0, 200);
  EXPECT_NE(r.out.find("\nEthernet II, Src: 52:54:00:7b:be:06"), std::string::npos);
  EXPECT_NE(r.out.find("\n    Source Port: 68\n"), std::string::npos);  // 4 spaces a level
  EXPECT_NE(r.out.find("\nFrame 12: "), std::string::npos);
  EXPECT_EQ(r.out.find("\nFrame 1: "), std::string::npos);  // ARP: not a DHCP packet
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

  const CommandResult good =
      run_command(pxescope_bin() + " analyze --json " + shared_capture("ovmf-edk2-proxydhcp.pcap"));
  ASSERT_EQ(good.exit_code, 0) << good.err;
  EXPECT_EQ(good.out.find("pxe-lint"), std::string::npos);
}

TEST(CliAnalyze, PxeOnlyKeepsPxeClientsAndTheRepliesToThem) {
  const CommandResult r = run_command(pxescope_bin() + " analyze --pxe-only " +
                                      shared_capture("ovmf-edk2-proxydhcp.pcap"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::uint64_t> frames;
  for (const auto& [frame, line] : parse_summary(r.out)) frames.insert(frame);
  // 2 DISCOVER (PXEClient), 4 proxy OFFER, 6 the DHCP server's OFFER (no option 60 but a
  // reply to the PXE client's xid), 7/8 REQUEST/ACK, 11/12 the port-4011 exchange.
  for (std::uint64_t f : {2, 4, 6, 7, 8, 11, 12}) EXPECT_TRUE(frames.count(f)) << f;
  // 253.. is the booted OS's own DHCP (new xid, no PXEClient): left out.
  for (std::uint64_t f : {253, 254, 255, 256}) EXPECT_FALSE(frames.count(f)) << f;
}

TEST(CliAnalyze, MissingFileExitsOneNamingTheFile) {
  const CommandResult r = run_command(pxescope_bin() + " analyze /nonexistent/x.pcap");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(split_lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/x.pcap"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(CliAnalyze, NonPcapFileExitsOneNamingTheFile) {
  const std::string text = shared_capture("ovmf-edk2-proxydhcp.discover.txt");
  const CommandResult r = run_command(pxescope_bin() + " analyze " + text);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(split_lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find(text), std::string::npos) << r.err;
}

TEST(CliAnalyze, OneBadFileAmongGoodOnesStillPrintsTheGoodOnesAndExitsOne) {
  const CommandResult r = run_command(pxescope_bin() + " analyze --dhcp /nonexistent/x.pcap " +
                                      shared_capture("ovmf-edk2-proxydhcp.pcap"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("xid 0x9935c4c7"), std::string::npos);
}

TEST(CliAnalyze, TruncatedFileDecodesWhatItHasAndWarns) {
  const std::string full = read_file(shared_capture("ovmf-edk2-proxydhcp.pcap"));
  const fs::path cut =
      fs::temp_directory_path() / ("pxescope-cli-cut-" + std::to_string(getpid()) + ".pcap");
  {
    std::ofstream f(cut, std::ios::binary);
    f.write(full.data(), 24 + 16 + 60 + 16 + 200);  // header, ARP frame, half a DISCOVER
  }
  const CommandResult r = run_command(pxescope_bin() + " analyze " + cut.string());
  fs::remove(cut);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
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
