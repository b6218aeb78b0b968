// The Router Advertisement of `enable-ra` (issue 12): what it says, read back through the
// analyzer's ICMPv6 dissector (M/O flags, the range's prefix on-link but not for SLAAC, router
// lifetime 0: pxescope is never a default router), and which Solicitations it answers. Sending
// and the timing on a real link: tests/integration/router_advertiser_netns_test.cpp.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analyzer/icmpv6/icmpv6_dissector.hpp"
#include "responder/ra/ra_start.hpp"
#include "responder/ra/router_advertiser.hpp"

using namespace pxescope::responder;

namespace {

RaSettings settings(bool managed, bool other) {
  RaSettings s;
  s.managed = managed;
  s.other = other;
  inet_pton(AF_INET6, "fd00:77::", s.prefix.data());
  s.prefix_length = 64;
  s.source_mac = {0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc};
  return s;
}

struct Decoded {
  pxescope::FieldTree tree;
  std::uint64_t uint(const char* name) const {
    const auto id = tree.find(name);
    return id == pxescope::kNoNode ? ~std::uint64_t{0} : tree[id].uint_value;
  }
  std::string text(const char* name) const {
    const auto id = tree.find(name);
    std::string scratch;
    return id == pxescope::kNoNode ? "" : std::string(pxescope::node_text(tree[id], scratch));
  }
};

// The checksum the kernel would fill in, for source and destination :: (the layers' defaults),
// so that the dissector's checksum check passes and any warning left is about the message.
std::vector<std::uint8_t> with_checksum(std::vector<std::uint8_t> icmp) {
  std::uint32_t sum = static_cast<std::uint32_t>(icmp.size()) + 58;
  for (std::size_t i = 0; i < icmp.size(); i += 2)
    sum += (icmp[i] << 8) + (i + 1 < icmp.size() ? icmp[i + 1] : 0);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  icmp[2] = static_cast<std::uint8_t>(~sum >> 8);
  icmp[3] = static_cast<std::uint8_t>(~sum);
  return icmp;
}

void decode(std::vector<std::uint8_t> bytes, Decoded& out) {
  static std::vector<std::uint8_t> icmp;  // the tree's nodes point into it
  icmp = with_checksum(std::move(bytes));
  pxescope::Ipv6Layers ip;
  ip.header_ok = true;
  ip.upper_protocol = 58;
  ip.upper_offset = 0;
  ip.end = static_cast<std::uint32_t>(icmp.size());
  pxescope::dissect_icmpv6(icmp, ip, out.tree);
}

}  // namespace

TEST(RouterAdvertisement, SaysMAndOAndTheRangePrefixAndIsNeverADefaultRouter) {
  Decoded ra;
  decode(router_advertisement(settings(true, true)), ra);
  EXPECT_EQ(ra.uint("icmpv6.type"), 134u);
  EXPECT_EQ(ra.uint("icmpv6.nd.ra.flag.m"), 1u);
  EXPECT_EQ(ra.uint("icmpv6.nd.ra.flag.o"), 1u);
  EXPECT_EQ(ra.uint("icmpv6.nd.ra.router_lifetime"), 0u);
  EXPECT_EQ(ra.uint("icmpv6.opt.prefix.length"), 64u);
  EXPECT_EQ(ra.uint("icmpv6.opt.prefix.flag.l"), 1u);
  EXPECT_EQ(ra.uint("icmpv6.opt.prefix.flag.a"), 0u) << "addresses come from DHCPv6, not SLAAC";
  EXPECT_NE(ra.text("icmpv6.opt.prefix").find("fd00:77::"), std::string::npos)
      << ra.text("icmpv6.opt.prefix");
  EXPECT_EQ(ra.tree.count_warnings(pxescope::Severity::Warn), 0u);

  Decoded stateless;
  decode(router_advertisement(settings(false, true)), stateless);
  EXPECT_EQ(stateless.uint("icmpv6.nd.ra.flag.m"), 0u);
  EXPECT_EQ(stateless.uint("icmpv6.nd.ra.flag.o"), 1u);
}

TEST(RouterAdvertisement, AnswersOnlySolicitationsFromTheLink) {
  const std::vector<std::uint8_t> solicitation{133, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_TRUE(is_router_solicitation(solicitation, 255));
  EXPECT_FALSE(is_router_solicitation(solicitation, 64)) << "routed: not from this link";
  EXPECT_FALSE(is_router_solicitation(std::vector<std::uint8_t>{134, 0, 0, 0, 0, 0, 0, 0}, 255));
  EXPECT_FALSE(is_router_solicitation(std::vector<std::uint8_t>{133, 0, 0}, 255));
}

TEST(RaSettingsFor, FullModeIsManagedWithTheRangePrefixAndConstructorTakesTheInterfaces) {
  Dhcp6Config full;
  full.full = true;
  inet_pton(AF_INET6, "fd00:77::100", full.range_start.data());
  full.prefix_length = 64;
  full.lease_seconds = 3600;
  Interface6 iface;
  iface.mac = {0x52, 0x54, 0, 1, 2, 3};
  inet_pton(AF_INET6, "fd00:99::2", iface.global.data());
  iface.has_global = true;
  const RaSettings managed = ra_settings_for(full, iface);
  EXPECT_TRUE(managed.managed);
  EXPECT_TRUE(managed.other);
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(AF_INET6, managed.prefix.data(), text, sizeof text);
  EXPECT_STREQ(text, "fd00:77::") << "the range's /64, host bits cleared";
  EXPECT_EQ(managed.source_mac, iface.mac);
  EXPECT_EQ(managed.valid_lifetime, 7200u) << "at least 2 h";

  Dhcp6Config constructed = full;
  constructed.constructor = "eth0";
  inet_pton(AF_INET6, "::100", constructed.range_start.data());
  inet_ntop(AF_INET6, ra_settings_for(constructed, iface).prefix.data(), text, sizeof text);
  EXPECT_STREQ(text, "fd00:99::") << "constructor: the interface's prefix";

  Dhcp6Config stateless;
  inet_pton(AF_INET6, "fd00:77::", stateless.range_start.data());
  EXPECT_FALSE(ra_settings_for(stateless, iface).managed) << "stateless: O only";
}
