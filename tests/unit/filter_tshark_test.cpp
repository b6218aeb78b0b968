// Differential test of the display filter: on every capture in captures/ (and
// ../shared/captures when present), each filter of the list keeps exactly the frames
// `tshark -Y` keeps. tshark evaluates all the filters in one pass per file through Lua
// listeners (one per filter, each with the filter as its display filter), which is what
// -Y does; FiltersThroughLuaAreTsharkY checks that on a few of them.
//
// Filters on protocols pxescope does not decode yet are kept in the list with the protocol
// they need: they run once that protocol is registered, and are skipped (with the reason)
// until then.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "analyzer/capture_reader.hpp"
#include "analyzer/fields/field_registry.hpp"
#include "analyzer/filter/display_filter.hpp"
#include "analyzer/packet_dissector.hpp"
#include "tests/test_captures.hpp"
#include "unit/cli_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using pxescope::filter::DisplayFilter;
using pxescope::test::have_tshark;
using pxescope::test::run_command;

struct FilterCase {
  const char* text;   // in tshark 4.0's syntax (sets need commas there)
  const char* needs;  // a protocol that must be registered for it to run ("" = none)
};

// What users type, and each part of the syntax. tshark 4.0 has no xor/^^ (4.2 does): those
// are in filter_test.cpp.
constexpr FilterCase kFilters[] = {
    {"udp.port == 69", ""},
    {"frame.number > 10", ""},
    {"dhcp.option.dhcp == 1", ""},
    {"dhcp.hw.mac_addr[0:3] == 52:54:00", ""},
    {"ip.addr == 192.168.77.0/24", ""},
    {"dhcp.option.vendor_class_id matches \"^PXEClient:Arch:0000[07]\"", ""},
    {"tftp.opcode in {1, 6}", ""},
    {"!dhcp && udp", ""},
    {"dhcp", ""},
    {"tftp", ""},
    {"udp", ""},
    {"ip", ""},
    {"eth", ""},
    {"frame", ""},
    {"frame.len > 400", ""},
    {"frame.cap_len < 100", ""},
    {"frame.number in {1, 3..5, 20..25}", ""},
    {"frame.time_relative > 1.5 and frame.time_relative <= 16.2", ""},
    {"frame.time_delta < 0.001", ""},
    {"udp.port != 67", ""},
    {"udp.port !== 68", ""},
    {"udp.port === 68", ""},
    {"udp.port any_eq 4011 or udp.port all_ne 67", ""},
    {"dhcp.option.type == 60 && dhcp.option.type != 43", ""},
    {"dhcp.option.type !== 53 and dhcp.option.type === 53", ""},
    {"eth.src[0:3] == 52-54-00", ""},
    {"eth.dst == ff:ff:ff:ff:ff:ff", ""},
    {"eth.addr == ffff.ffff.ffff", ""},
    {"ip.src == 0.0.0.0", ""},
    {"ip.dst == 255.255.255.255 or ip.dst eq 192.168.77.0/24", ""},
    {"udp.srcport == 4011 || udp.dstport == 4011", ""},
    {"dhcp.option.client_system_architecture == 7", ""},
    {"dhcp.option.client_system_architecture in {0, 6..9}", ""},
    {"dhcp.option.vendor_class_id contains \"PXEClient\"", ""},
    {"dhcp.option.vendor_class_id ~ \"(?i)pxeclient:arch\"", ""},
    {"dhcp.option.vendor_class_id[0:9] == \"PXEClient\"", ""},
    {"dhcp.file contains \"pxelinux\"", ""},
    {"dhcp.flags.bc == True", ""},
    {"dhcp.option.dhcp == Offer", ""},
    {"dhcp.option.dhcp == \"ACK\" || dhcp.option.dhcp == 0x3", ""},
    {"tftp.opcode == 3 && tftp.block > 10", ""},
    {"tftp.source_file contains \".efi\" or tftp.source_file == \"pxelinux.0\"", ""},
    {"tftp.opcode == 5", ""},
    {"tftp.option.name == \"blksize\"", ""},
    {"not (udp.port == 67 or udp.port == 68)", ""},
    {"udp.length >= 300 and udp", ""},
    {"ip.ttl <= 64 && ip.proto == 17", ""},
    {"ip.src[0] == c0 and ip.dst[3] == 0xff", ""},
    {"ip.id gt 0x100 and ip.id le 040000", ""},
    {"vlan", ""},
    {"vlan.id > 1", ""},
    {"sll", ""},
    {"frame contains \"PXEClient\"", ""},
    {"udp contains 63:82:53:63", ""},
    {"eth[0:6] == ff:ff:ff:ff:ff:ff", ""},
    {"dhcp.hw.mac_addr[4-5] == 1e:21 or dhcp.hw.mac_addr[-1] == 56", ""},
    {"frame[12:2] == 08:00 and not ip", ""},
    // Expected once these protocols are decoded (issue 10 §2).
    {"arp", "arp"},
    {"arp.opcode == 1", "arp"},
    {"icmp", "icmp"},
    {"icmp.type == 3 && icmp.code == 3", "icmp"},
    {"ipv6", "ipv6"},
    {"ipv6.addr == fe80::/10", "ipv6"},
    {"icmpv6", "icmpv6"},
    {"dhcpv6", "dhcpv6"},
    {"dhcpv6.msgtype == 1", "dhcpv6"},
    // Wi-Fi and CAPWAP captures (captures/generated/{wlan,radiotap,capwap}-dhcp.pcap).
    {"wlan", "wlan"},
    {"wlan.bssid == 02:00:a0:00:00:01", "wlan"},
    {"wlan.addr == 52:54:00:c0:ff:ee && dhcp", "wlan"},
    {"wlan.sa == 52:54:00:c0:ff:ee", "wlan"},
    {"wlan.fc.type_subtype == 0x28", "wlan"},
    {"wlan.fc.tods == 1 and wlan.fc.fromds == 0", "wlan"},
    {"wlan.fc.protected == 1", "wlan"},
    {"wlan.qos.tid == 6", "wlan"},
    {"llc.type == 0x0800", "llc"},
    {"radiotap.flags.fcs == 1", "radiotap"},
    {"radiotap.channel.freq == 2437 && tftp", "radiotap"},
    {"capwap", "capwap"},
    {"capwap.data", "capwap.data"},
    {"capwap.header.flags.k == 1", "capwap"},
    {"capwap.header.flags.t == 1 && dhcp", "capwap"},
    {"udp.port == 5247 && eth.src == 52:54:00:00:00:02", "capwap.data"},
};

// Filters that keep no frame on any capture we have, on purpose (semantics of absent or
// all-equal occurrences): they still must agree, but need not match somewhere.
const std::set<std::string> kMayKeepNothing = {
    "udp.port === 68",
    "dhcp.option.type !== 53 and dhcp.option.type === 53",
    "vlan.id > 1",
    "tftp.opcode == 5",
    "frame[12:2] == 08:00 and not ip",
    "capwap",  // CAPWAP-Control: the project's captures have only the data channel
};

// Protocols tshark decodes inside frames pxescope does not decode yet (an ICMP error quotes
// the IPv4 + UDP + TFTP it answers; DHCPv6 runs over UDP over IPv6): until pxescope's trees
// have one of them, the frames tshark finds it in are left out of the comparison (and
// counted), and the filters that need it are skipped with the reason.
constexpr const char* kNotYetDecoded[] = {"arp", "icmp", "ipv6", "icmpv6", "dhcpv6"};

// Frames where pxescope decodes on purpose what tshark does not (see captures/README.md and
// tshark_diff_test.cpp): filters naming dhcp.* leave them out there.
struct KnownDivergence {
  const char* file_suffix;
  std::uint64_t frame;
  const char* reason;
};
constexpr KnownDivergence kKnownDivergences[] = {
    {"bad-magic-cookie.pcap", 1,
     "options after a bad cookie: pxescope decodes them, tshark skips a 64-byte vendor area"},
    {"opt-length-past-end.pcap", 1,
     "option 60 runs past the end: pxescope keeps the bytes there, tshark none (Malformed)"},
    {"split-option-60.pcap", 1, "RFC 3396: pxescope joins the two halves of option 60"},
    {"truncated-snaplen.pcap", 1,
     "BOOTP header cut by the snap length: pxescope decodes as far as it goes, tshark nothing"},
    {"dhcpv6-malformed.pcap", 5,
     "a DHCPv6 message pxescope stops reading where it is malformed (its own differential test "
     "leaves this capture out for the same reason)"},
    {"truncated-snaplen.pcap", 2,
     "BOOTP header cut by the snap length: pxescope decodes as far as it goes, tshark nothing"},
};

// tshark decodes the TFTP request an ICMP error quotes as tftp fields; frames where pxescope's
// tree does not (yet) are left out of filters naming tftp, and compared once it does.
constexpr const char* kQuotedTftp = "(icmp || icmpv6) && tftp";

bool known_divergence(const fs::path& file, std::uint64_t frame, const std::string& filter) {
  if (filter.find("dhcp") == std::string::npos) return false;
  const std::string name = file.filename().string();
  for (const KnownDivergence& d : kKnownDivergences)
    if (name == d.file_suffix && frame == d.frame) return true;
  return false;
}

// Single quotes for /bin/sh.
std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

using FramesByFilter = std::vector<std::set<std::uint64_t>>;

// tshark, one pass: a Lua listener per filter prints "index frame" for each frame it keeps.
// Index 0 is the filter "frame": every frame tshark read.
FramesByFilter tshark_frames(const fs::path& capture, const std::vector<std::string>& filters,
                             std::string& error) {
  const fs::path script =
      fs::temp_directory_path() / ("pxescope-filter-tshark-" + std::to_string(::getpid()) + ".lua");
  {
    std::ofstream lua(script);
    lua << "local filters = {\"frame\"";
    for (const std::string& f : filters) lua << ", [==[" << f << "]==]";
    lua << "}\nfor i, f in ipairs(filters) do\n"
           "  local tap = Listener.new(nil, f)\n"
           "  function tap.packet(pinfo) io.write(i - 1, ' ', pinfo.number, '\\n') end\n"
           "end\n";
  }
  const auto r = run_command("tshark -q -r " + shell_quote(capture.string()) +
                             " -X lua_script:" + shell_quote(script.string()));
  fs::remove(script);
  FramesByFilter frames(filters.size() + 1);
  std::istringstream in(r.out + r.err);
  std::string line;
  while (std::getline(in, line)) {
    std::size_t index = 0;
    std::uint64_t frame = 0;
    if (std::sscanf(line.c_str(), "%zu %lu", &index, &frame) == 2 && index < frames.size())
      frames[index].insert(frame);
    else if (line.find("rror") != std::string::npos && error.empty())
      error = line;  // a Lua or filter error: the listener did not run
  }
  return frames;
}

// pxescope: the library, as `analyze -Y` and the GUI use it.
FramesByFilter our_frames(const fs::path& capture, const std::vector<DisplayFilter>& filters,
                          std::string& error) {
  FramesByFilter frames(filters.size() + 1);
  pxescope::CaptureReader reader;
  if (!reader.open_file(capture.string())) {
    error = reader.error();
    return frames;
  }
  pxescope::PacketDissector dissector;
  pxescope::FieldTree tree;
  pxescope::filter::FrameClock clock;
  pxescope::Frame frame;
  while (reader.next(frame)) {
    const auto context = clock.next(frame);
    dissector.dissect(frame, tree);
    frames[0].insert(frame.index);
    for (std::size_t i = 0; i < filters.size(); ++i)
      if (filters[i].matches(tree, context)) frames[i + 1].insert(frame.index);
  }
  return frames;
}

std::vector<fs::path> captures_under(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    const std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".pcap" || ext == ".pcapng")) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string first_frames(const std::set<std::uint64_t>& frames) {
  std::string out;
  std::size_t n = 0;
  for (std::uint64_t f : frames) {
    if (n++ == 12) return out + " ...";
    out += " " + std::to_string(f);
  }
  return out.empty() ? " (none)" : out;
}

std::set<std::uint64_t> minus(const std::set<std::uint64_t>& a, const std::set<std::uint64_t>& b) {
  std::set<std::uint64_t> out;
  for (std::uint64_t x : a)
    if (!b.contains(x)) out.insert(x);
  return out;
}

struct Runnable {
  std::vector<std::string> texts;
  std::vector<std::string> needs;
  std::vector<DisplayFilter> filters;
};

// Every filter whose protocol is registered (the rest are skipped, with the reason).
Runnable runnable_filters() {
  Runnable r;
  for (const FilterCase& c : kFilters) {
    if (*c.needs && !pxescope::fields::is_registered(c.needs)) {
      std::printf("[ SKIPPED  ] %s: expected once %s is decoded (not registered yet)\n", c.text,
                  c.needs);
      continue;
    }
    std::string error;
    auto f = DisplayFilter::parse(c.text, error);
    EXPECT_TRUE(f.has_value()) << c.text << ": " << error;
    if (!f) continue;
    r.texts.push_back(c.text);
    r.needs.push_back(c.needs);
    r.filters.push_back(std::move(*f));
  }
  return r;
}

// One capture's results: per filter, then one per kNotYetDecoded protocol (its presence).
struct CaptureResult {
  fs::path file;
  FramesByFilter theirs, ours;
};

}  // namespace

TEST(FilterTshark, ListHasTheFiltersUsersType) {
  EXPECT_GE(std::size(kFilters), 40u);
}

TEST(FilterTshark, SameFramesAsTsharkOnEveryCapture) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed (scripts/install-deps.sh)";
  std::vector<fs::path> files = captures_under(fs::path(PXESCOPE_SOURCE_DIR) / "captures");
  ASSERT_GE(files.size(), 20u) << "captures/ should hold the generated and recorded captures";
  if (pxescope::test::have_shared_captures())
    for (fs::path& f : pxescope::test::shared_captures()) files.push_back(std::move(f));
  else
    std::printf("note: %s: captures/ only\n", pxescope::test::kNoSharedReason);

  Runnable filters = runnable_filters();
  const std::size_t n = filters.texts.size();
  // Presence of each protocol pxescope may not decode yet, on both sides.
  std::vector<std::string> tshark_filters = filters.texts;
  std::vector<DisplayFilter> our_filters = filters.filters;
  std::string error;
  for (const char* proto : kNotYetDecoded) {
    tshark_filters.push_back(proto);
    const bool registered = pxescope::fields::is_registered(proto);
    auto f = DisplayFilter::parse(registered ? proto : "frame.number == 0", error);
    ASSERT_TRUE(f.has_value()) << error;
    our_filters.push_back(std::move(*f));
  }
  // Last on both sides: the quoted TFTP requests (index n + 1 + size(kNotYetDecoded)).
  tshark_filters.push_back(kQuotedTftp);
  {
    auto f = DisplayFilter::parse(
        pxescope::fields::is_registered("icmp") ? kQuotedTftp : "frame.number == 0", error);
    ASSERT_TRUE(f.has_value()) << error;
    our_filters.push_back(std::move(*f));
  }
  const std::size_t quoted = n + 1 + std::size(kNotYetDecoded);
  std::vector<CaptureResult> results;
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    CaptureResult r{file, tshark_frames(file, tshark_filters, error), {}};
    ASSERT_TRUE(error.empty()) << "tshark: " << error;
    r.ours = our_frames(file, our_filters, error);
    ASSERT_TRUE(error.empty()) << error;
    results.push_back(std::move(r));
  }
  // A protocol is decoded once pxescope's trees have it somewhere (registered is not enough:
  // a name may be registered before its dissector lands).
  std::set<std::string> not_decoded;
  for (std::size_t p = 0; p < std::size(kNotYetDecoded); ++p) {
    bool seen = false;
    for (const CaptureResult& r : results) seen = seen || !r.ours[n + 1 + p].empty();
    if (!seen) not_decoded.insert(kNotYetDecoded[p]);
  }

  std::vector<bool> kept_somewhere(n, false);
  std::size_t compared = 0, left_out = 0;
  for (const CaptureResult& r : results) {
    SCOPED_TRACE(r.file.string());
    // Frames with a protocol not decoded yet: tshark sees layers inside them that we do not.
    std::set<std::uint64_t> not_yet;
    for (std::size_t p = 0; p < std::size(kNotYetDecoded); ++p)
      if (not_decoded.contains(kNotYetDecoded[p]))
        not_yet.insert(r.theirs[n + 1 + p].begin(), r.theirs[n + 1 + p].end());
    left_out += not_yet.size();
    const std::set<std::uint64_t> quoted_tftp = minus(r.theirs[quoted], r.ours[quoted]);
    // A truncated file: we hand out the partial last record too, tshark drops it.
    const std::uint64_t last = r.theirs[0].empty() ? 0 : *r.theirs[0].rbegin();
    for (std::size_t i = 0; i < n; ++i) {
      if (not_decoded.contains(filters.needs[i])) continue;
      auto left_out_here = [&](std::uint64_t f) {
        return f > last || not_yet.contains(f) || known_divergence(r.file, f, filters.texts[i]) ||
               (quoted_tftp.contains(f) && filters.texts[i].find("tftp") != std::string::npos);
      };
      std::set<std::uint64_t> mine = r.ours[i + 1];
      std::set<std::uint64_t> want = r.theirs[i + 1];
      std::erase_if(mine, left_out_here);
      std::erase_if(want, left_out_here);
      if (!want.empty()) kept_somewhere[i] = true;
      ++compared;
      EXPECT_EQ(mine, want) << "filter: " << filters.texts[i]
                            << "\n  only pxescope keeps:" << first_frames(minus(mine, want))
                            << "\n  only tshark keeps:" << first_frames(minus(want, mine));
    }
  }
  std::printf("%zu (filter, capture) pairs compared with tshark, on %zu captures\n", compared,
              files.size());
  for (const std::string& proto : not_decoded)
    std::printf("[ SKIPPED  ] filters on %s: expected once %s is decoded (no tree has it yet)\n",
                proto.c_str(), proto.c_str());
  if (left_out)
    std::printf("[ SKIPPED  ] %zu frames with those protocols left out until then\n", left_out);
  EXPECT_GE(compared, 40u * 20u);
  // Not vacuous: each filter keeps some frame of some capture (tshark says so).
  for (std::size_t i = 0; i < n; ++i) {
    if (kMayKeepNothing.contains(filters.texts[i]) || not_decoded.contains(filters.needs[i]))
      continue;
    EXPECT_TRUE(kept_somewhere[i]) << filters.texts[i] << " keeps no frame on any capture";
  }
}

// The Lua listeners give what `tshark -Y` gives.
TEST(FilterTshark, FiltersThroughLuaAreTsharkY) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed (scripts/install-deps.sh)";
  const fs::path file = fs::path(PXESCOPE_SOURCE_DIR) / "captures/stories/bios-booted.pcap";
  const std::vector<std::string> filters = {"udp.port == 69", "udp.port != 67",
                                            "dhcp.hw.mac_addr[0:3] == 52:54:00"};
  std::string error;
  const FramesByFilter lua = tshark_frames(file, filters, error);
  ASSERT_TRUE(error.empty()) << error;
  for (std::size_t i = 0; i < filters.size(); ++i) {
    const auto r = run_command("tshark -r " + shell_quote(file.string()) + " -Y " +
                               shell_quote(filters[i]) + " -T fields -e frame.number");
    std::set<std::uint64_t> y;
    std::istringstream in(r.out);
    for (std::uint64_t f = 0; in >> f;) y.insert(f);
    EXPECT_FALSE(y.empty()) << filters[i];
    EXPECT_EQ(lua[i + 1], y) << filters[i];
  }
}
