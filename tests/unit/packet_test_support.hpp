// Helpers for the capture/link/TFTP/summary/dissector tests: hand-built frames, tiny
// pcap writers, and running tshark/capinfos for reference values.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/field_tree.hpp"
#include "analyzer/packet_dissector.hpp"
#include "tests/test_captures.hpp"

namespace pxescope::testing {

using Bytes = std::vector<std::uint8_t>;

inline void put16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
inline void put32(Bytes& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v >> 16));
  put16(b, static_cast<std::uint16_t>(v));
}
inline void append(Bytes& b, const Bytes& more) {
  b.insert(b.end(), more.begin(), more.end());
}
inline void append(Bytes& b, std::string_view s) {
  b.insert(b.end(), s.begin(), s.end());
}

inline constexpr std::uint32_t ip4(int a, int b, int c, int d) {
  return (std::uint32_t(a) << 24) | (std::uint32_t(b) << 16) | (std::uint32_t(c) << 8) |
         std::uint32_t(d);
}

// IPv4 header (with optional options, fragment bits, a correct header checksum) + body.
inline Bytes ipv4(std::uint32_t src, std::uint32_t dst, std::uint8_t protocol, const Bytes& body,
                  const Bytes& options = {}, std::uint16_t frag_field = 0, std::uint8_t ttl = 64) {
  Bytes b;
  const std::size_t ihl = 20 + options.size();
  b.push_back(static_cast<std::uint8_t>(0x40 | (ihl / 4)));
  b.push_back(0);
  put16(b, static_cast<std::uint16_t>(ihl + body.size()));
  put16(b, 0x1234);
  put16(b, frag_field);
  b.push_back(ttl);
  b.push_back(protocol);
  put16(b, 0);  // checksum, filled in below
  put32(b, src);
  put32(b, dst);
  append(b, options);
  std::uint32_t sum = 0;  // RFC 1071, so that the header checks as tshark's would
  for (std::size_t i = 0; i + 1 < ihl; i += 2) sum += (std::uint32_t{b[i]} << 8) | b[i + 1];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  b[10] = static_cast<std::uint8_t>(~sum >> 8);
  b[11] = static_cast<std::uint8_t>(~sum);
  append(b, body);
  return b;
}

// UDP header (checksum 0: none) + payload.
inline Bytes udp(std::uint16_t sport, std::uint16_t dport, const Bytes& payload) {
  Bytes b;
  put16(b, sport);
  put16(b, dport);
  put16(b, static_cast<std::uint16_t>(8 + payload.size()));
  put16(b, 0);
  append(b, payload);
  return b;
}

// IPv4 + UDP + payload.
inline Bytes ipv4_udp(std::uint32_t src, std::uint32_t dst, std::uint16_t sport,
                      std::uint16_t dport, const Bytes& payload, const Bytes& options = {},
                      std::uint16_t frag_field = 0, std::uint8_t ttl = 64) {
  return ipv4(src, dst, 17, udp(sport, dport, payload), options, frag_field, ttl);
}

inline const std::array<std::uint8_t, 6> kClientMac = {0x52, 0x54, 0x00, 0x7b, 0xbe, 0x06};
inline const std::array<std::uint8_t, 6> kBroadcastMac = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

// Ethernet header; `tags` are (TPID, TCI) pairs inserted before the final type.
inline Bytes ethernet(const Bytes& body,
                      std::initializer_list<std::pair<std::uint16_t, std::uint16_t>> tags = {},
                      std::uint16_t type = 0x0800) {
  Bytes b;
  b.reserve(18 + 4 * tags.size() + body.size());
  for (auto byte : kBroadcastMac) b.push_back(byte);
  for (auto byte : kClientMac) b.push_back(byte);
  for (const auto& [tpid, tci] : tags) {
    put16(b, tpid);
    put16(b, tci);
  }
  put16(b, type);
  append(b, body);
  return b;
}

inline Bytes linux_sll(const Bytes& body, std::uint16_t pkttype = 1, std::uint16_t type = 0x0800) {
  Bytes b;
  put16(b, pkttype);
  put16(b, 1);  // ARPHRD_ETHER
  put16(b, 6);
  for (auto byte : kClientMac) b.push_back(byte);
  put16(b, 0);  // address padding to 8 bytes
  put16(b, type);
  append(b, body);
  return b;
}

inline Bytes linux_sll2(const Bytes& body, std::uint32_t ifindex = 3, std::uint8_t pkttype = 1,
                        std::uint16_t type = 0x0800) {
  Bytes b;
  put16(b, type);
  put16(b, 0);  // reserved
  put32(b, ifindex);
  put16(b, 1);  // ARPHRD_ETHER
  b.push_back(pkttype);
  b.push_back(6);
  for (auto byte : kClientMac) b.push_back(byte);
  put16(b, 0);
  append(b, body);
  return b;
}

// A minimal DHCPDISCOVER from a PXE client (arch 7, vendor class PXEClient:Arch:00007...).
inline Bytes pxe_discover(std::uint32_t xid = 0x9935c4c7) {
  Bytes b(236, 0);
  b[0] = 1;
  b[1] = 1;
  b[2] = 6;
  b[4] = static_cast<std::uint8_t>(xid >> 24);
  b[5] = static_cast<std::uint8_t>(xid >> 16);
  b[6] = static_cast<std::uint8_t>(xid >> 8);
  b[7] = static_cast<std::uint8_t>(xid);
  for (int i = 0; i < 6; ++i) b[28 + i] = kClientMac[i];
  append(b, Bytes{99, 130, 83, 99});
  append(b, Bytes{53, 1, 1});
  append(b, Bytes{93, 2, 0, 7});
  const std::string_view vc = "PXEClient:Arch:00007:UNDI:003016";
  b.push_back(60);
  b.push_back(static_cast<std::uint8_t>(vc.size()));
  append(b, vc);
  b.push_back(255);
  return b;
}

struct TestFrame {
  Bytes data;
  std::uint32_t original_length = 0;  // 0: data.size()
  std::uint32_t ts_sec = 1700000000, ts_frac = 0;
};

// Writes a classic pcap file (µs or ns magic) of `frames` with link type `dlt`.
inline void write_pcap(const std::filesystem::path& path, std::uint32_t dlt,
                       const std::vector<TestFrame>& frames, bool nanoseconds = false,
                       std::uint32_t snaplen = 65535) {
  std::ofstream f(path, std::ios::binary);
  auto le32 = [&f](std::uint32_t v) { f.write(reinterpret_cast<const char*>(&v), 4); };
  auto le16 = [&f](std::uint16_t v) { f.write(reinterpret_cast<const char*>(&v), 2); };
  le32(nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4);
  le16(2);
  le16(4);
  le32(0);
  le32(0);
  le32(snaplen);
  le32(dlt);
  for (const TestFrame& fr : frames) {
    le32(fr.ts_sec);
    le32(fr.ts_frac);
    le32(static_cast<std::uint32_t>(fr.data.size()));
    le32(fr.original_length ? fr.original_length : static_cast<std::uint32_t>(fr.data.size()));
    f.write(reinterpret_cast<const char*>(fr.data.data()),
            static_cast<std::streamsize>(fr.data.size()));
  }
}

// Runs a shell command and returns its standard output (empty if it could not run).
inline std::string run_command(const std::string& command) {
  std::string out;
  if (FILE* p = popen(command.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
  }
  return out;
}

inline bool have_tool(const std::string& name) {
  return !run_command("command -v " + name + " 2>/dev/null").empty();
}

inline std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = s.find(sep, start);
    parts.emplace_back(s.substr(start, pos == std::string_view::npos ? s.npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

inline std::vector<std::string> lines(std::string_view s) {
  auto v = split(s, '\n');
  if (!v.empty() && v.back().empty()) v.pop_back();
  return v;
}

// tshark's values of `fields` for each frame of `path` (keyed by frame number, one string
// per field, several values joined with ','). `options` go before -T (-Y, -o ...).
inline std::map<std::string, std::vector<std::string>> tshark_fields(
    const std::filesystem::path& path, const std::string& options,
    const std::vector<std::string>& fields) {
  std::string cmd =
      "tshark -r " + path.string() + " " + options + " -T fields -E aggregator=, -e frame.number";
  for (const auto& f : fields) cmd += " -e " + f;
  std::map<std::string, std::vector<std::string>> table;
  for (const auto& line : lines(run_command(cmd + " 2>/dev/null"))) {
    auto cols = split(line, '\t');
    table[cols[0]] = std::vector<std::string>(cols.begin() + 1, cols.end());
  }
  return table;
}

// The project's own captures (captures/real, stories, generated), then ../shared's when it
// is there: what the differential tests against tshark run on.
inline std::vector<std::filesystem::path> all_project_captures() {
  std::vector<std::filesystem::path> files = pxescope::test::project_captures();
  for (auto& f : pxescope::test::shared_captures()) files.push_back(std::move(f));
  return files;
}

// The .pcap/.pcapng files of `dir`, sorted; none when the folder is absent.
inline std::vector<std::filesystem::path> captures_in(const std::filesystem::path& dir) {
  return pxescope::test::captures_in(dir, false);
}
// The real firmware recordings (captures/real, then ../shared's when present).
using pxescope::test::firmware_captures;

using pxescope::test::shared_captures;

// ../shared/captures (when present), then the project's captures/generated.
inline std::vector<std::filesystem::path> shared_and_generated_captures() {
  std::vector<std::filesystem::path> files = shared_captures();
  for (auto& f : captures_in(PXESCOPE_SOURCE_DIR "/captures/generated")) files.push_back(f);
  return files;
}

// `tshark -T fields -e frame.number -e ...` output: frame number -> the other columns.
inline std::map<std::string, std::vector<std::string>> tshark_rows(const std::string& command) {
  std::map<std::string, std::vector<std::string>> rows;
  for (const auto& line : lines(run_command(command + " 2>/dev/null"))) {
    auto cols = split(line, '\t');
    rows[cols[0]] = std::vector<std::string>(cols.begin() + 1, cols.end());
  }
  return rows;
}

// Every value of the nodes named `name`, in tree order, joined with ',' as tshark's
// aggregator joins a field's occurrences; `format(node)` prints one.
template <typename Format>
std::string joined_values(const FieldTree& tree, std::string_view name, Format&& format) {
  std::string joined;
  for (std::size_t id = 0; id < tree.size(); ++id) {
    const FieldNode& n = tree[static_cast<NodeId>(id)];
    if (n.name != name || n.kind == ValueKind::None) continue;
    if (!joined.empty()) joined += ',';
    joined += format(n);
  }
  return joined;
}

// Every frame of `path` through one PacketDissector, in order: f(frame, tree). False (with
// the reader's error in `error`) when the file does not open.
template <typename F>
bool dissect_each_frame(const std::filesystem::path& path, F&& f, std::string* error = nullptr) {
  CaptureReader reader;
  if (!reader.open_file(path.string())) {
    if (error) *error = reader.error();
    return false;
  }
  PacketDissector dissector;
  FieldTree tree;
  Frame frame;
  while (reader.next(frame)) {
    dissector.dissect(frame, tree);
    f(frame, tree);
  }
  return true;
}

// The numbers of the frames of `path` that tshark's display filter `filter` keeps.
inline std::set<std::string> tshark_frames(const std::filesystem::path& path,
                                           const std::string& filter) {
  std::set<std::string> frames;
  for (const auto& n : lines(run_command("tshark -r " + path.string() + " -Y '" + filter +
                                         "' -T fields -e frame.number 2>/dev/null")))
    frames.insert(n);
  return frames;
}

}  // namespace pxescope::testing
