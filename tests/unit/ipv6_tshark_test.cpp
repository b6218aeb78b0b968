// IPv6, UDP over IPv6, ICMPv6 and DHCPv6 fields of every IPv6 frame of every capture (the
// project's generated IPv6 cases, and ../shared/captures when present) against tshark,
// field by field: each field's values in frame order, joined as `tshark -T fields -E
// aggregator=,` prints them.
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

// How tshark -T fields prints a field: decimal, hex of a given width, bytes without
// separators, or text as is.
enum class Shown { Dec, Hex2, Hex4, Hex6, Hex8, Bytes, Text };
struct Field {
  std::string_view name;
  Shown shown;
};
constexpr Field kFields[] = {
    {"ipv6.version", Shown::Dec},
    {"ipv6.tclass", Shown::Hex8},
    {"ipv6.flow", Shown::Hex6},
    {"ipv6.plen", Shown::Dec},
    {"ipv6.nxt", Shown::Dec},
    {"ipv6.hlim", Shown::Dec},
    {"ipv6.src", Shown::Text},
    {"ipv6.dst", Shown::Text},
    {"ipv6.hopopts.nxt", Shown::Dec},
    {"ipv6.hopopts.len", Shown::Dec},
    {"ipv6.dstopts.nxt", Shown::Dec},
    {"ipv6.dstopts.len", Shown::Dec},
    {"ipv6.fraghdr.nxt", Shown::Dec},
    {"ipv6.fraghdr.offset", Shown::Dec},
    {"ipv6.fraghdr.more", Shown::Dec},
    {"ipv6.fraghdr.ident", Shown::Hex8},
    {"ipv6.opt.type", Shown::Hex2},
    {"ipv6.opt.length", Shown::Dec},
    {"ipv6.opt.router_alert", Shown::Dec},
    {"udp.srcport", Shown::Dec},
    {"udp.dstport", Shown::Dec},
    {"udp.length", Shown::Dec},
    {"udp.checksum", Shown::Hex4},
    {"icmpv6.type", Shown::Dec},
    {"icmpv6.code", Shown::Dec},
    {"icmpv6.checksum", Shown::Hex4},
    {"icmpv6.reserved", Shown::Bytes},
    {"icmpv6.mtu", Shown::Dec},
    {"icmpv6.echo.identifier", Shown::Hex4},
    {"icmpv6.echo.sequence_number", Shown::Dec},
    {"icmpv6.mld.maximum_response_delay", Shown::Dec},
    {"icmpv6.mld.multicast_address", Shown::Text},
    {"icmpv6.nd.ra.cur_hop_limit", Shown::Dec},
    {"icmpv6.nd.ra.flag", Shown::Hex2},
    {"icmpv6.nd.ra.flag.m", Shown::Dec},
    {"icmpv6.nd.ra.flag.o", Shown::Dec},
    {"icmpv6.nd.ra.router_lifetime", Shown::Dec},
    {"icmpv6.nd.ra.reachable_time", Shown::Dec},
    {"icmpv6.nd.ra.retrans_timer", Shown::Dec},
    {"icmpv6.nd.ns.target_address", Shown::Text},
    {"icmpv6.nd.na.flag", Shown::Hex8},
    {"icmpv6.nd.na.flag.r", Shown::Dec},
    {"icmpv6.nd.na.flag.s", Shown::Dec},
    {"icmpv6.nd.na.flag.o", Shown::Dec},
    {"icmpv6.nd.na.target_address", Shown::Text},
    {"icmpv6.opt.type", Shown::Dec},
    {"icmpv6.opt.length", Shown::Dec},
    {"icmpv6.opt.linkaddr", Shown::Text},
    {"icmpv6.opt.src_linkaddr", Shown::Text},
    {"icmpv6.opt.target_linkaddr", Shown::Text},
    {"icmpv6.opt.prefix.length", Shown::Dec},
    {"icmpv6.opt.prefix.flag", Shown::Hex2},
    {"icmpv6.opt.prefix.flag.l", Shown::Dec},
    {"icmpv6.opt.prefix.flag.a", Shown::Dec},
    {"icmpv6.opt.prefix.valid_lifetime", Shown::Dec},
    {"icmpv6.opt.prefix.preferred_lifetime", Shown::Dec},
    {"icmpv6.opt.prefix", Shown::Text},
    {"icmpv6.opt.mtu", Shown::Dec},
    {"dhcpv6.msgtype", Shown::Dec},
    {"dhcpv6.hopcount", Shown::Dec},
    {"dhcpv6.xid", Shown::Hex6},
    {"dhcpv6.linkaddr", Shown::Text},
    {"dhcpv6.peeraddr", Shown::Text},
    {"dhcpv6.option.type", Shown::Dec},
    {"dhcpv6.option.length", Shown::Dec},
    {"dhcpv6.duid.bytes", Shown::Bytes},
    {"dhcpv6.duid.type", Shown::Dec},
    {"dhcpv6.duidllt.hwtype", Shown::Dec},
    {"dhcpv6.duidllt.link_layer_addr", Shown::Text},
    {"dhcpv6.duidll.hwtype", Shown::Dec},
    {"dhcpv6.duidll.link_layer_addr", Shown::Text},
    {"dhcpv6.duiduuid.bytes", Shown::Bytes},
    {"dhcpv6.iaid", Shown::Text},
    {"dhcpv6.iaid.t1", Shown::Dec},
    {"dhcpv6.iaid.t2", Shown::Dec},
    {"dhcpv6.iaaddr.ip", Shown::Text},
    {"dhcpv6.iaaddr.pref_lifetime", Shown::Dec},
    {"dhcpv6.iaaddr.valid_lifetime", Shown::Dec},
    {"dhcpv6.requested_option_code", Shown::Dec},
    {"dhcpv6.option_preference", Shown::Dec},
    {"dhcpv6.elapsed_time", Shown::Dec},
    {"dhcpv6.status_code", Shown::Dec},
    {"dhcpv6.status_msg", Shown::Text},
    {"dhcpv6.userclass.opaque_data", Shown::Bytes},
    {"dhcpv6.vendorclass.enterprise", Shown::Dec},
    {"dhcpv6.vendorclass.data", Shown::Text},
    {"dhcpv6.vendoropts.enterprise", Shown::Dec},
    {"dhcpv6.vendoropts.enterprise.option_code", Shown::Dec},
    {"dhcpv6.vendoropts.enterprise.option_length", Shown::Dec},
    {"dhcpv6.vendoropts.enterprise.option_data", Shown::Bytes},
    {"dhcpv6.interface_id", Shown::Bytes},
    {"dhcpv6.dns_server", Shown::Text},
    {"dhcpv6.search_list_entry", Shown::Text},
    {"dhcpv6.client_fqdn_flags", Shown::Hex2},
    {"dhcpv6.client_domain", Shown::Text},
};

std::string value_text(const FieldNode& n, Shown shown) {
  std::string s = n.str_value;
  if (n.kind == ValueKind::String) {
    if (shown == Shown::Bytes) std::erase(s, ':');
    return s;
  }
  static constexpr const char* kFormat[] = {"%llu", "0x%02llx", "0x%04llx", "0x%06llx", "0x%08llx"};
  char buf[32];
  const auto i = static_cast<std::size_t>(shown);
  std::snprintf(buf, sizeof buf, i < std::size(kFormat) ? kFormat[i] : "%llu",
                static_cast<unsigned long long>(n.uint_value));
  return buf;
}

}  // namespace

TEST(Ipv6VsTshark, EveryFieldOfEveryIpv6FrameAgrees) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  std::size_t compared = 0, frames = 0;
  std::map<std::string, std::size_t> seen;  // field -> values compared (coverage check)
  std::vector<fs::path> files = shared_and_generated_captures();
  for (auto& f : captures_in(PXESCOPE_SOURCE_DIR "/captures/real")) files.push_back(f);
  for (const auto& path : files) {
    std::string cmd = "tshark -r " + path.string() +
                      " -Y ipv6 -T fields -E aggregator=, -E occurrence=a -e frame.number";
    for (const Field& f : kFields) cmd += " -e " + std::string(f.name);
    const auto expected = tshark_rows(cmd);
    // Malformed DHCPv6 is where pxescope deliberately differs (it shows an option cut by the
    // end with a warning, stops following relays past 32 levels); dhcpv6_dissector_test
    // checks those frames.
    if (expected.empty() || path.filename() == "dhcpv6-malformed.pcap") continue;
    std::string error;
    const bool opened = dissect_each_frame(
        path,
        [&](const Frame& frame, const FieldTree& tree) {
          const auto it = expected.find(std::to_string(frame.index));
          if (it == expected.end()) return;
          ++frames;
          for (std::size_t i = 0; i < std::size(kFields); ++i) {
            const std::string got = joined_values(tree, kFields[i].name, [&](const FieldNode& n) {
              return value_text(n, kFields[i].shown);
            });
            const std::string& want = i < it->second.size() ? it->second[i] : std::string();
            EXPECT_EQ(got, want) << path.filename() << " frame " << frame.index << " "
                                 << kFields[i].name;
            if (!want.empty()) ++seen[std::string(kFields[i].name)];
            ++compared;
          }
        },
        &error);
    ASSERT_TRUE(opened) << error;
  }
  EXPECT_GE(frames, 25u);
  // Every field of the list was present in some frame: the captures exercise them all.
  for (const Field& f : kFields)
    EXPECT_GT(seen[std::string(f.name)], 0u) << f.name << " never present in the captures";
  EXPECT_GT(compared, 2000u);
}
