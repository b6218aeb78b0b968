// Link/IPv4/UDP fields of every frame of every capture (real boots of captures/real and ../shared,
// and the project's generated edge cases: VLAN, QinQ, SLL, SLL2, raw IPv4...) against tshark.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "analyzer/capture_reader.hpp"
#include "analyzer/packet_dissector.hpp"
#include "unit/dissect_each.hpp"
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
  for (const auto& path : all_project_captures()) {
    // IPv6 is not decoded here. ICMP errors' quoted IPv4 + UDP headers are: tshark lists
    // their fields after the frame's own, and so does the tree.
    const auto expected = tshark_fields(path, "-Y '!ipv6'", fields);
    dissect_each(path, [&](const Frame& frame, const FieldTree& tree) {
      const auto it = expected.find(std::to_string(frame.index));
      if (it == expected.end()) return;
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
    });
  }
  EXPECT_GT(compared, 1000u);
}
