// ARP, IPv4 in full (DSCP/ECN, flags, checksum status), UDP checksum status and ICMP (with
// the quoted IPv4 + UDP headers of errors) on every frame of every capture, field by field
// against tshark with its checksum checks on (-o ip.check_checksum:TRUE, udp too: pxescope
// always verifies). Runs on the project's captures; ../shared's are added when present.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "analyzer/capture_reader.hpp"
#include "analyzer/fields/field_registry.hpp"
#include "analyzer/packet_dissector.hpp"
#include "unit/dissect_each.hpp"
#include "unit/packet_test_support.hpp"

namespace fs = std::filesystem;
using namespace pxescope;
using namespace pxescope::testing;

namespace {

// tshark prints these in hex (BASE_HEX); the tree holds the number.
const std::map<std::string_view, int> kHexDigits = {
    {"ip.dsfield", 2},   {"ip.flags", 2},      {"ip.id", 4},         {"ip.checksum", 4},
    {"udp.checksum", 4}, {"icmp.checksum", 4}, {"arp.proto.type", 4}};

std::string value_text(const FieldNode& n) {
  if (n.name == "icmp.unused") {  // bytes: colon hex in the tree (as tshark's JSON), bare here
    std::string bare;
    for (char c : n.str_value)
      if (c != ':') bare += c;
    return bare;
  }
  if (n.kind == ValueKind::String) return n.str_value;
  char buf[32];
  const auto hex = kHexDigits.find(n.name);
  if (hex != kHexDigits.end())
    std::snprintf(buf, sizeof buf, "0x%0*llx", hex->second,
                  static_cast<unsigned long long>(n.uint_value));
  else
    std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(n.uint_value));
  return buf;
}

const std::vector<std::string> kFields = {
    // IPv4 (the frame's header and the one an ICMP error quotes: tshark lists both)
    "ip.version", "ip.hdr_len", "ip.dsfield", "ip.dsfield.dscp", "ip.dsfield.ecn", "ip.len",
    "ip.id", "ip.flags", "ip.flags.rb", "ip.flags.df", "ip.flags.mf", "ip.frag_offset", "ip.ttl",
    "ip.proto", "ip.checksum", "ip.checksum.status", "ip.src", "ip.dst",
    // UDP
    "udp.srcport", "udp.dstport", "udp.length", "udp.checksum", "udp.checksum.status",
    // ICMP
    "icmp.type", "icmp.code", "icmp.checksum", "icmp.checksum.status", "icmp.ident",
    "icmp.ident_le", "icmp.seq", "icmp.seq_le", "icmp.unused",
    // ARP
    "arp.hw.type", "arp.proto.type", "arp.hw.size", "arp.proto.size", "arp.opcode",
    "arp.isgratuitous", "arp.isprobe", "arp.isannouncement", "arp.src.hw_mac", "arp.src.proto_ipv4",
    "arp.dst.hw_mac", "arp.dst.proto_ipv4"};

// Every value of `name` in the tree, in tree order, joined like tshark's aggregator.
std::string joined_values(const FieldTree& tree, std::string_view name) {
  std::string got;
  for (std::size_t id = 0; id < tree.size(); ++id) {
    const FieldNode& n = tree[static_cast<NodeId>(id)];
    if (n.name != name || n.kind == ValueKind::None) continue;
    if (!got.empty()) got += ',';
    got += value_text(n);
  }
  return got;
}

}  // namespace

TEST(Ipv4VsTshark, EveryArpIpv4UdpIcmpFieldAgrees) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  std::size_t compared = 0, arp_frames = 0, icmp_frames = 0, quoted = 0;
  for (const auto& path : all_project_captures()) {
    // IPv6 is the ipv6 dissector's (its UDP fields are not decoded here).
    const auto expected = tshark_fields(
        path, "-Y '!ipv6' -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE", kFields);
    dissect_each(path, [&](const Frame& frame, const FieldTree& tree) {
      const auto it = expected.find(std::to_string(frame.index));
      if (it == expected.end()) return;
      if (tree.find("arp") != kNoNode) ++arp_frames;
      if (const NodeId icmp = tree.find("icmp"); icmp != kNoNode) {
        ++icmp_frames;
        if (tree.find("udp", icmp) != kNoNode) ++quoted;
      }
      for (std::size_t i = 0; i < kFields.size(); ++i) {
        const std::string& want = i < it->second.size() ? it->second[i] : std::string();
        EXPECT_EQ(joined_values(tree, kFields[i]), want)
            << path.filename() << " frame " << frame.index << " " << kFields[i];
        ++compared;
      }
    });
  }
  EXPECT_GT(compared, 10000u);
  EXPECT_GT(arp_frames, 50u);
  EXPECT_GT(icmp_frames, 20u);
  EXPECT_GT(quoted, 10u);
}

TEST(Ipv4VsTshark, EveryEmittedFieldIsRegistered) {
  // Every name the ARP/IPv4/UDP/ICMP decode puts in a tree is in the field registry.
  std::size_t checked = 0;
  for (const auto& path : all_project_captures()) {
    dissect_each(path, [&](const Frame&, const FieldTree& tree) {
      for (std::size_t id = 0; id < tree.size(); ++id) {
        const std::string_view name = tree[static_cast<NodeId>(id)].name;
        const bool mine = name.starts_with("arp") || name.starts_with("icmp") ||
                          name.starts_with("ip.dsfield") ||
                          (name.starts_with("ip.flags") && name != "ip.flags.mf") ||
                          name.ends_with("checksum.status");
        if (!mine) continue;
        EXPECT_TRUE(fields::is_registered(name)) << name;
        ++checked;
      }
    });
  }
  EXPECT_GT(checked, 1000u);
}
