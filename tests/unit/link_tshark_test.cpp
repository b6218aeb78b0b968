// Link/IPv4/UDP fields of every frame of every capture (real boots of captures/real and ../shared,
// and the project's generated edge cases: VLAN, QinQ, SLL, SLL2, raw IPv4...) against tshark.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "analyzer/capture_reader.hpp"
#include "analyzer/packet_dissector.hpp"
#include "unit/packet_test_support.hpp"

namespace fs = std::filesystem;
using namespace pxescope;
using namespace pxescope::testing;

namespace {

// tshark prints these as hex (BASE_HEX); the tree holds the number.
bool printed_as_hex(std::string_view name) {
  return name == "eth.type" || name == "vlan.etype" || name == "sll.etype" ||
         name == "ieee8021ah.etype" || name == "ip.id" || name == "ip.checksum" ||
         name == "udp.checksum";
}

std::string value_text(const FieldNode& n) {
  if (n.kind == ValueKind::String) return n.str_value;
  char buf[32];
  if (printed_as_hex(n.name))
    std::snprintf(buf, sizeof buf, "0x%04llx", static_cast<unsigned long long>(n.uint_value));
  else
    std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(n.uint_value));
  return buf;
}

std::vector<fs::path> all_captures() {
  std::vector<fs::path> files = firmware_captures();
  for (fs::path& f :
       pxescope::test::captures_in(pxescope::test::project_captures_dir() / "generated", false))
    files.push_back(std::move(f));
  return files;
}

}  // namespace

TEST(LinkVsTshark, EveryFieldOfEveryFrameAgrees) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  const std::vector<std::string> fields = {
      "eth.dst",       "eth.src",     "eth.type",      "vlan.id",
      "vlan.priority", "vlan.etype",  "ieee8021ad.id", "ieee8021ah.etype",
      "sll.pkttype",   "sll.hatype",  "sll.halen",     "sll.src.eth",
      "sll.etype",     "sll.ifindex", "ip.version",    "ip.hdr_len",
      "ip.len",        "ip.id",       "ip.flags.mf",   "ip.frag_offset",
      "ip.ttl",        "ip.proto",    "ip.checksum",   "ip.src",
      "ip.dst",        "udp.srcport", "udp.dstport",   "udp.length",
      "udp.checksum"};
  std::size_t compared = 0;
  for (const auto& path : all_captures()) {
    // ICMP errors quote an inner IP header that pxescope does not decode, and IPv6 is not
    // decoded at all: leave them out.
    std::string cmd = "tshark -r " + path.string() +
                      " -Y '!icmp && !ipv6' -T fields -E aggregator=, -e frame.number";
    for (const auto& f : fields) cmd += " -e " + f;
    std::map<std::string, std::vector<std::string>> expected;
    for (const auto& line : lines(run_command(cmd + " 2>/dev/null"))) {
      auto cols = split(line, '\t');
      expected[cols[0]] = std::vector<std::string>(cols.begin() + 1, cols.end());
    }
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path.string())) << reader.error();
    PacketDissector dissector;
    FieldTree tree;
    Frame frame;
    while (reader.next(frame)) {
      dissector.dissect(frame, tree);
      const auto it = expected.find(std::to_string(frame.index));
      if (it == expected.end()) continue;
      for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string got;
        for (std::size_t id = 0; id < tree.size(); ++id) {
          const FieldNode& n = tree[static_cast<NodeId>(id)];
          if (n.name != fields[i] || n.kind == ValueKind::None) continue;
          if (!got.empty()) got += ',';
          got += value_text(n);
        }
        const std::string& want = i < it->second.size() ? it->second[i] : std::string();
        EXPECT_EQ(got, want) << path.filename() << " frame " << frame.index << " " << fields[i];
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 1000u);
}
