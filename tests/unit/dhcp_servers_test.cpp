// Statistics ▸ DHCP servers: the per-server counts against tshark's own count of the OFFERs
// and ACKs each server identifier sent, the proxy/4011/boot-information flags on a real
// proxyDHCP boot, the mark on two PXE servers answering one client differently, DHCPv6, and
// the JSON `analyze --servers` prints.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>

#include "analyzer/stats/capture_pass.hpp"
#include "analyzer/stats/dhcp_servers.hpp"
#include "test_captures.hpp"
#include "unit/packet_test_support.hpp"

using namespace pxescope;
using namespace pxescope::testing;

namespace {

std::vector<DhcpServerStats> servers_of(const std::string& path) {
  StoryBuilder builder;
  std::string error;
  EXPECT_TRUE(read_capture_frames(
      path, [&](const Frame& f) { builder.add(f); }, error))
      << error;
  return dhcp_server_stats(builder.finish());
}

const DhcpServerStats* find_server(const std::vector<DhcpServerStats>& rows,
                                   const std::string& server) {
  for (const auto& r : rows)
    if (r.server == server) return &r;
  return nullptr;
}

}  // namespace

TEST(DhcpServers, CountsAgreeWithTsharkOnEveryRealBoot) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  for (const auto& path : test::captures_in(test::project_captures_dir() / "real", false)) {
    SCOPED_TRACE(path.string());
    // tshark: per server identifier, the OFFERs (2), ACKs (5) and NAKs (6) it sent.
    std::map<std::string, std::array<int, 3>> expected;
    for ([[maybe_unused]] const auto& [frame, v] :
         tshark_fields(path,
                       "-Y '(dhcp.option.dhcp == 2 || dhcp.option.dhcp == 5 || dhcp.option.dhcp == "
                       "6) && !icmp'",
                       {"dhcp.option.dhcp_server_id", "ip.src", "dhcp.option.dhcp"})) {
      auto& counts = expected[v[0].empty() ? v[1] : v[0]];
      counts[v[2] == "2" ? 0 : v[2] == "5" ? 1 : 2] += 1;
    }
    const auto rows = servers_of(path.string());
    ASSERT_EQ(rows.size(), expected.size());
    for (const auto& [server, counts] : expected) {
      const DhcpServerStats* row = find_server(rows, server);
      ASSERT_NE(row, nullptr) << server;
      EXPECT_EQ(row->offers, static_cast<std::uint32_t>(counts[0])) << server;
      EXPECT_EQ(row->acks, static_cast<std::uint32_t>(counts[1])) << server;
      EXPECT_EQ(row->naks, static_cast<std::uint32_t>(counts[2])) << server;
      EXPECT_FALSE(row->conflicting) << row->conflict;
    }
  }
}

TEST(DhcpServers, ProxyAndRouterOfARealBootAreToldApart) {
  const auto rows = servers_of(test::real_capture("seabios-ipxe-proxydhcp.pcap"));
  ASSERT_EQ(rows.size(), 2u);
  const DhcpServerStats* proxy = find_server(rows, "192.168.77.2");
  const DhcpServerStats* router = find_server(rows, "192.168.77.1");
  ASSERT_TRUE(proxy && router);
  EXPECT_TRUE(proxy->proxy);
  EXPECT_TRUE(proxy->port_4011);
  EXPECT_TRUE(proxy->boot_info);
  EXPECT_EQ(proxy->boot_files, std::vector<std::string>{"pxelinux.0"});
  EXPECT_EQ(proxy->clients, 1u);
  EXPECT_FALSE(router->proxy);
  EXPECT_FALSE(router->port_4011);
  EXPECT_FALSE(router->boot_info);  // siaddr alone (dnsmasq's own address) is no boot info
  EXPECT_EQ(router->clients, 1u);
  // In order of the first reply: the proxy answered first.
  EXPECT_EQ(rows.front().server, "192.168.77.2");
  EXPECT_LT(proxy->first_frame, router->first_frame);
  EXPECT_LE(proxy->first_frame, proxy->last_frame);
}

TEST(DhcpServers, TwoPxeServersAnsweringOneClientAreMarked) {
  const auto rows = servers_of(test::story_capture("bios-two-proxies.pcap"));
  const DhcpServerStats* a = find_server(rows, "192.168.77.2");
  const DhcpServerStats* b = find_server(rows, "192.168.77.3");
  const DhcpServerStats* router = find_server(rows, "192.168.77.1");
  ASSERT_TRUE(a && b && router);
  EXPECT_TRUE(a->conflicting);
  EXPECT_TRUE(b->conflicting);
  EXPECT_NE(a->conflict.find("192.168.77.3"), std::string::npos) << a->conflict;
  EXPECT_NE(a->conflict.find("52:54:00:"), std::string::npos) << a->conflict;
  EXPECT_FALSE(router->conflicting);  // no boot information: it cannot contradict
}

TEST(DhcpServers, Dhcpv6ServerCountsAdvertiseAndReply) {
  const auto rows =
      servers_of((test::project_captures_dir() / "ipv6" / "dnsmasq-dhcpv6-pxe.pcap").string());
  const auto v6 = std::find_if(rows.begin(), rows.end(), [](const auto& r) { return r.ipv6; });
  ASSERT_NE(v6, rows.end());
  EXPECT_GE(v6->offers, 1u);
  EXPECT_GE(v6->acks, 1u);
  EXPECT_TRUE(v6->boot_info);  // option 59
  EXPECT_FALSE(v6->boot_files.empty());
  EXPECT_NE(v6->server.find(':'), std::string::npos);
}

TEST(DhcpServers, JsonHasEveryDocumentedKey) {
  const auto rows = servers_of(test::story_capture("bios-two-proxies.pcap"));
  const auto json = nlohmann::json::parse(dhcp_servers_json(rows));
  ASSERT_TRUE(json.is_array());
  ASSERT_EQ(json.size(), rows.size());
  for (const char* key :
       {"server", "ipv6", "offers", "acks", "naks", "replies", "clients", "proxy", "port_4011",
        "boot_info", "boot_files", "first_frame", "last_frame", "conflicting", "conflict"})
    EXPECT_TRUE(json[0].contains(key)) << key;
  EXPECT_EQ(json[0]["server"], rows[0].server);
  EXPECT_EQ(json[0]["offers"], rows[0].offers);
}
