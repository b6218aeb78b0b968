// Differential test: `pxescope analyze --json` against `tshark -T json` on every capture in
// captures/ (recursively) and ../shared/captures/ when present. For each DHCP packet (matched by
// frame number) and each field name BOTH tools emit, the multisets of values must be equal. Every
// disagreement is listed (file, frame, field, ours, tshark's). A coverage check keeps it from
// passing vacuously: on the real firmware captures we must emit most of the dhcp.* field names
// tshark emits.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_captures.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// name -> values, one entry per occurrence (a multiset, kept sorted for comparison)
using FieldValues = std::map<std::string, std::multiset<std::string>>;
using PacketsByFrame = std::map<std::uint64_t, FieldValues>;

constexpr double kMinCoverage = 0.90;

// Where we knowingly differ from tshark, and why. Matched on file name suffix + field name.
struct KnownDivergence {
  const char* file_suffix;
  const char* field;
  const char* reason;
};
// Pseudo field name for "pxescope emits a DHCP packet for a frame tshark does not".
constexpr const char* kFrameOnlyOurs = "<frame only pxescope decodes as DHCP>";

// Only for what Wireshark itself gets wrong or stops at; anything else is a bug to fix.
constexpr KnownDivergence kKnownDivergences[] = {
    // RFC 3396: we join the two option-43 instances (the cut falls inside sub-option 9)
    // and decode one PXE tree; Wireshark decodes each instance alone and throws Malformed.
    {"split-option-43.pcap", "dhcp.option.length", "RFC 3396 join (tshark: Malformed)"},
    {"split-option-43.pcap", "dhcp.option.type", "RFC 3396 join (tshark: Malformed)"},
    {"split-option-43.pcap", "dhcp.option.suboption_length", "RFC 3396 join (tshark: Malformed)"},
    {"split-option-43.pcap", "dhcp.option.vendor.pxeclient.suboption",
     "RFC 3396 join (tshark: Malformed)"},
    // RFC 3396 for 60: one joined vendor class; tshark shows the two halves.
    {"split-option-60.pcap", "dhcp.option.vendor_class_id", "RFC 3396 join of option 60"},
    // With a wrong cookie tshark reads 64 bytes as an RFC 1048 vendor area and resumes
    // option parsing after them (finding only 97 and END); we decode the options from the
    // cookie on, with an error on the cookie.
    {"bad-magic-cookie.pcap", "dhcp.option.length", "tshark skips a 64-byte BOOTP vendor area"},
    {"bad-magic-cookie.pcap", "dhcp.option.type", "tshark skips a 64-byte BOOTP vendor area"},
    // Wireshark decodes PXE 43.2/43.3 (MTFTP ports) little-endian (val_u_le_short); DHCP
    // carries ports in network order, and so do we (04 01 = 1025, tshark says 260).
    {"pxe-menu-4011.pcap", "dhcp.option.vendor.pxeclient.mtftp_client_port",
     "tshark reads MTFTP ports little-endian"},
    {"pxe-menu-4011.pcap", "dhcp.option.vendor.pxeclient.mtftp_server_port",
     "tshark reads MTFTP ports little-endian"},
    // The file ends inside frame 2's record: we decode the 150 bytes that are there (with
    // warnings), tshark drops the partial record.
    {"truncated-file.pcap", kFrameOnlyOurs, "partial last record decoded as far as it goes"},
};

// Fields tshark adds (hidden) to EVERY option, but we emit only where nothing decodes the
// bytes (unknown or malformed options), so that -V stays readable: ours must be a subset.
constexpr const char* kSubsetFields[] = {"dhcp.option.value", "dhcp.option.vendor.value"};

bool is_subset_field(const std::string& name) {
  for (const char* f : kSubsetFields)
    if (name == f) return true;
  return false;
}

bool is_sub_multiset(const std::multiset<std::string>& small,
                     const std::multiset<std::string>& big) {
  return std::includes(big.begin(), big.end(), small.begin(), small.end());
}

struct CommandResult {
  std::string out;
  int status = -1;
};

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

CommandResult run(const std::string& command) {
  CommandResult r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 65536> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  r.status = ::pclose(pipe);
  return r;
}

bool have_tshark() {
  return run("command -v tshark >/dev/null 2>&1").status == 0;
}

std::string pxescope_bin() {
  return std::string(PXESCOPE_BIN_DIR) + "/pxescope";
}

// "0x1a" -> "26", "True"/"False" -> "1"/"0"; anything else unchanged.
std::string normalise(std::string v) {
  if (v == "True" || v == "true") return "1";
  if (v == "False" || v == "false") return "0";
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X') && v.size() <= 18 &&
      std::all_of(v.begin() + 2, v.end(), [](unsigned char c) { return std::isxdigit(c); }))
    return std::to_string(std::stoull(v.substr(2), nullptr, 16));
  return v;
}

// tshark keys that are real field names (not text labels such as "Timestamps").
bool is_field_name(const std::string& key) {
  if (key.find('.') == std::string::npos || key.rfind("_ws.", 0) == 0) return false;
  return std::all_of(key.begin(), key.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '.' || c == '_' || c == '-';
  });
}

void flatten_tshark(const json& obj, FieldValues& out) {
  for (const auto& [key, value] : obj.items()) {
    if (value.is_object()) {
      flatten_tshark(value, out);
    } else if (value.is_array()) {
      for (const json& item : value) {
        if (item.is_object())
          flatten_tshark(item, out);
        else if (item.is_string() && is_field_name(key))
          out[key].insert(normalise(item.get<std::string>()));
      }
    } else if (value.is_string() && is_field_name(key)) {
      out[key].insert(normalise(value.get<std::string>()));
    }
  }
}

// Wireshark 4.0 shows the END option's dhcp.option.type as 0 although the byte is 0xff
// (its dhcp.option.end child says 255): put the wire value back before comparing.
void fix_tshark_end_option(FieldValues& fields) {
  auto end = fields.find("dhcp.option.end");
  auto type = fields.find("dhcp.option.type");
  if (end == fields.end() || type == fields.end()) return;
  for (std::size_t i = 0; i < end->second.size(); ++i) {
    auto zero = type->second.find("0");
    if (zero == type->second.end()) break;
    type->second.erase(zero);
    type->second.insert("255");
  }
}

void flatten_ours(const json& node, FieldValues& out) {
  if (!node.is_object()) return;
  const json& value = node.value("value", json());
  const std::string name = node.value("name", std::string());
  if (!name.empty()) {
    if (value.is_boolean())
      out[name].insert(value.get<bool>() ? "1" : "0");
    else if (value.is_number_unsigned())
      out[name].insert(std::to_string(value.get<std::uint64_t>()));
    else if (value.is_number_integer())
      out[name].insert(std::to_string(value.get<std::int64_t>()));
    else if (value.is_string())
      out[name].insert(normalise(value.get<std::string>()));
    else if (value.is_number_float())
      out[name].insert(value.dump());
  }
  if (node.contains("children"))
    for (const json& child : node["children"]) flatten_ours(child, out);
}

struct Decoded {
  PacketsByFrame packets;
  std::string error;  // non-empty when the tool's output could not be read
};

Decoded decode_with_tshark(const fs::path& file) {
  Decoded d;
  // tshark exits non-zero on a file cut mid-record but still prints what it read.
  CommandResult r = run("tshark -r " + shell_quote(file.string()) +
                        // pxescope checks the IPv4 and UDP checksums (ip/udp.checksum.status);
                        // tshark does only when asked.
                        " -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE"
                        " -Y dhcp -T json --no-duplicate-keys 2>/dev/null");
  if (r.out.find_first_not_of(" \t\r\n") == std::string::npos) return d;  // no DHCP at all
  json doc = json::parse(r.out, nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) {
    d.error = "tshark output is not a JSON array";
    return d;
  }
  for (const json& packet : doc) {
    const json& layers = packet["_source"]["layers"];
    const std::uint64_t frame = std::stoull(layers["frame"]["frame.number"].get<std::string>());
    FieldValues& fields = d.packets[frame];
    flatten_tshark(layers, fields);
    fix_tshark_end_option(fields);
  }
  return d;
}

Decoded decode_with_pxescope(const fs::path& file) {
  Decoded d;
  CommandResult r = run(shell_quote(pxescope_bin()) + " analyze --json " +
                        shell_quote(file.string()) + " 2>/dev/null");
  std::istringstream lines(r.out);
  std::string line;
  std::size_t number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty()) continue;
    json doc = json::parse(line, nullptr, false);
    if (doc.is_discarded() || !doc.contains("frame") || !doc["frame"].is_number_unsigned()) {
      d.error = "line " + std::to_string(number) + " is not a {\"frame\":N,...} JSON object";
      return d;
    }
    FieldValues& fields = d.packets[doc["frame"].get<std::uint64_t>()];
    for (const json& node : doc.value("fields", json::array())) flatten_ours(node, fields);
  }
  return d;
}

std::string join(const std::multiset<std::string>& values) {
  constexpr std::size_t kMaxShown = 60;  // long byte strings: enough to tell them apart
  std::string s = "{";
  for (const std::string& v : values) {
    if (s.size() > 1) s += ", ";
    s += "\"" +
         (v.size() > kMaxShown
              ? v.substr(0, kMaxShown) + "...(" + std::to_string(v.size()) + " chars)"
              : v) +
         "\"";
  }
  return s + "}";
}

const KnownDivergence* known_divergence(const fs::path& file, const std::string& field) {
  for (const KnownDivergence& k : kKnownDivergences) {
    const std::string name = file.filename().string();
    const std::string suffix = k.file_suffix;
    if (field == k.field && name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      return &k;
  }
  return nullptr;
}

// Every capture of the project (recursively), then ../shared's when present.
std::vector<fs::path> all_captures() {
  std::vector<fs::path> files = pxescope::test::project_captures();
  for (fs::path& f : pxescope::test::shared_captures()) files.push_back(std::move(f));
  return files;
}

std::string test_name(const fs::path& file) {
  std::string parent = file.parent_path().filename().string();
  std::string name = parent + "_" + file.stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

class TsharkDiff : public ::testing::TestWithParam<fs::path> {
 protected:
  void SetUp() override {
    if (!have_tshark()) GTEST_SKIP() << "tshark is not installed (scripts/install-deps.sh)";
    ASSERT_TRUE(fs::exists(pxescope_bin()))
        << pxescope_bin() << " is missing: build the pxescope target first";
  }
};

TEST_P(TsharkDiff, EveryFieldBothEmitAgrees) {
  const fs::path file = GetParam();
  const Decoded theirs = decode_with_tshark(file);
  const Decoded ours = decode_with_pxescope(file);
  ASSERT_TRUE(theirs.error.empty()) << file << ": " << theirs.error;
  ASSERT_TRUE(ours.error.empty()) << file << ": pxescope --json " << ours.error;

  std::ostringstream report;
  std::size_t disagreements = 0, compared = 0, tolerated = 0;
  for (const auto& [frame, their_fields] : theirs.packets) {
    auto it = ours.packets.find(frame);
    if (it == ours.packets.end()) {
      report << file.filename().string() << " frame " << frame
             << ": tshark decodes it as DHCP, pxescope --json has no line for it\n";
      ++disagreements;
      continue;
    }
    for (const auto& [name, their_values] : their_fields) {
      auto mine = it->second.find(name);
      if (mine == it->second.end()) continue;
      ++compared;
      if (mine->second == their_values) continue;
      if (is_subset_field(name) && is_sub_multiset(mine->second, their_values)) continue;
      if (const KnownDivergence* k = known_divergence(file, name)) {
        ++tolerated;
        std::printf("known divergence %s frame %llu %s: %s\n", file.filename().c_str(),
                    static_cast<unsigned long long>(frame), name.c_str(), k->reason);
        continue;
      }
      ++disagreements;
      report << file.filename().string() << " frame " << frame << " " << name << ": ours "
             << join(mine->second) << " tshark " << join(their_values) << "\n";
    }
  }
  for (const auto& [frame, fields] : ours.packets)
    if (!theirs.packets.contains(frame)) {
      if (const KnownDivergence* k = known_divergence(file, kFrameOnlyOurs)) {
        ++tolerated;
        std::printf("known divergence %s frame %llu: %s\n", file.filename().c_str(),
                    static_cast<unsigned long long>(frame), k->reason);
        continue;
      }
      report << file.filename().string() << " frame " << frame
             << ": pxescope emits a DHCP packet tshark does not decode as DHCP\n";
      ++disagreements;
    }
  std::printf(
      "%s: %zu DHCP packets (tshark), %zu (pxescope), %zu field comparisons, "
      "%zu known divergences\n",
      file.filename().c_str(), theirs.packets.size(), ours.packets.size(), compared, tolerated);
  EXPECT_EQ(disagreements, 0u) << disagreements << " disagreements:\n" << report.str();
  if (!theirs.packets.empty()) {
    EXPECT_GT(compared, 0u) << "no field name in common with tshark";
  }
}

INSTANTIATE_TEST_SUITE_P(Captures, TsharkDiff, ::testing::ValuesIn(all_captures()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                           return test_name(info.param);
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(TsharkDiff);

// On the real firmware captures, we must emit (with a value) most dhcp.* field names tshark
// emits, so the comparison above cannot pass by having nothing in common.
TEST(TsharkDiffCoverage, OursEmitsMostDhcpFieldNamesTsharkEmits) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed (scripts/install-deps.sh)";
  ASSERT_TRUE(fs::exists(pxescope_bin())) << pxescope_bin() << " is missing";
  const std::vector<fs::path> files = pxescope::test::firmware_captures();
  ASSERT_GE(files.size(), 6u);

  std::set<std::string> theirs, ours;
  for (const fs::path& file : files) {
    for (const auto& [frame, fields] : decode_with_tshark(file).packets)
      for (const auto& [name, values] : fields)
        if (name.rfind("dhcp.", 0) == 0) theirs.insert(name);
    for (const auto& [frame, fields] : decode_with_pxescope(file).packets)
      for (const auto& [name, values] : fields) ours.insert(name);
  }
  ASSERT_FALSE(theirs.empty()) << "tshark found no DHCP field in the shared captures";
  std::vector<std::string> missing;
  for (const std::string& name : theirs)
    if (!ours.contains(name)) missing.push_back(name);
  const double coverage = 1.0 - static_cast<double>(missing.size()) / theirs.size();
  std::string list;
  for (const std::string& m : missing) list += "  " + m + "\n";
  std::printf("coverage: we emit %zu of tshark's %zu dhcp.* field names (%.1f%%); missing:\n%s",
              theirs.size() - missing.size(), theirs.size(), coverage * 100, list.c_str());
  EXPECT_GE(coverage, kMinCoverage) << "dhcp.* field names tshark emits and we do not:\n" << list;
}

}  // namespace
