// The DHCPv6 start-up check (issue 12 §3): the Solicit it sends, how another server's Advertise
// is read (DUID, offered address) through the analyzer's dissector, and the one line that refuses
// full DHCPv6 mode. The check on a real link against dnsmasq: tests/integration/
// dhcp6_check_netns_test.cpp.
#include <gtest/gtest.h>

#include <vector>

#include "analyzer/dhcpv6/dhcpv6_dissector.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "responder/dhcp6_check.hpp"

using namespace pxescope::responder;
namespace dhcpv6 = pxescope::dhcpv6;

namespace {

const MacAddress kMac{0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

// An Advertise from a server with DUID-LLT 00:01:00:01:00:00:00:01:aa:bb:cc:dd:ee:ff offering
// fd00:77::123 (and with `boot_url`, option 59).
std::vector<std::uint8_t> advertise(std::uint32_t xid, bool boot_url, std::uint8_t type = 2) {
  std::vector<std::uint8_t> message{type, static_cast<std::uint8_t>(xid >> 16),
                                    static_cast<std::uint8_t>(xid >> 8),
                                    static_cast<std::uint8_t>(xid)};
  dhcpv6::append_option(message, 1,
                        std::vector<std::uint8_t>{0, 3, 0, 1, 0x52, 0x54, 0, 0x12, 0x34, 0x56});
  dhcpv6::append_option(
      message, 2,
      std::vector<std::uint8_t>{0, 1, 0, 1, 0, 0, 0, 1, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff});
  std::vector<std::uint8_t> iaaddr{0xfd, 0, 0, 0x77, 0, 0, 0,    0,    0, 0, 0,    0,
                                   0,    0, 1, 0x23, 0, 0, 0x0e, 0x10, 0, 0, 0x1c, 0x20};
  std::vector<std::uint8_t> ia{0x00, 0x12, 0x34, 0x56, 0, 0, 0, 0, 0, 0, 0, 0};
  dhcpv6::append_option(ia, 5, iaaddr);
  dhcpv6::append_option(message, 3, ia);
  if (boot_url) {
    const std::string url = "tftp://[fd00:77::1]/boot.efi";
    dhcpv6::append_option(message, 59, std::vector<std::uint8_t>(url.begin(), url.end()));
  }
  return message;
}

}  // namespace

TEST(Dhcp6Check, TheSolicitIsAValidSolicitAskingForAnAddressAndABootFile) {
  const auto solicit = check_solicit(kMac, 0xabcdef);
  pxescope::FieldTree tree;
  const auto root = pxescope::dissect_dhcpv6(solicit, 0, tree);
  ASSERT_NE(root, pxescope::kNoNode);
  EXPECT_EQ(tree.count_warnings(pxescope::Severity::Warn), 0u);
  EXPECT_EQ(tree[tree.find("dhcpv6.msgtype")].uint_value, 1u);
  EXPECT_EQ(tree[tree.find("dhcpv6.xid")].uint_value, 0xabcdefu);
  std::vector<std::uint64_t> codes;
  tree.for_each_child(root, [&](pxescope::NodeId id) {
    if (tree[id].name == "dhcpv6.option.type") codes.push_back(tree[id].uint_value);
  });
  EXPECT_EQ(codes, (std::vector<std::uint64_t>{1, 8, 3, 6}));
  // DUID-LL of the interface's MAC: a client like any other to the server and to snooping.
  EXPECT_EQ(std::vector<std::uint8_t>(solicit.begin() + 8, solicit.begin() + 18),
            (std::vector<std::uint8_t>{0, 3, 0, 1, 0x52, 0x54, 0, 0x12, 0x34, 0x56}));
}

TEST(Dhcp6Check, AnAdvertiseNamesTheServerItsDuidAndTheAddressItOffered) {
  const auto found = other_dhcp6_server(advertise(0x123456, true), 0x123456, "fe80::1%eth0");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->address, "fe80::1%eth0");
  EXPECT_EQ(found->duid, "00:01:00:01:00:00:00:01:aa:bb:cc:dd:ee:ff");
  EXPECT_EQ(found->offered, "fd00:77::123");
  EXPECT_TRUE(found->boot_url);
  const auto reply = other_dhcp6_server(advertise(0x123456, false, 7), 0x123456, "fe80::1");
  ASSERT_TRUE(reply.has_value()) << "a Reply (rapid commit) counts too";
  EXPECT_FALSE(reply->boot_url);
}

TEST(Dhcp6Check, OtherTransactionsRequestsAndMessagesWithoutAServerIdAreNotServers) {
  EXPECT_FALSE(other_dhcp6_server(advertise(0x123456, true), 0x654321, "fe80::1"));
  EXPECT_FALSE(other_dhcp6_server(check_solicit(kMac, 0x123456), 0x123456, "fe80::1"));
  EXPECT_FALSE(other_dhcp6_server(std::vector<std::uint8_t>{2, 0x12}, 0x123456, "fe80::1"));
  EXPECT_FALSE(other_dhcp6_server(std::vector<std::uint8_t>{2, 0x12, 0x34, 0x56}, 0x123456, "x"));
  // Broken after its Server Identifier: still a server on the link (safety first).
  auto truncated = advertise(0x123456, true);
  truncated.resize(truncated.size() - 5);
  const auto found = other_dhcp6_server(truncated, 0x123456, "fe80::1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->duid, "00:01:00:01:00:00:00:01:aa:bb:cc:dd:ee:ff");
}

TEST(Dhcp6Check, OneLineRefusesOrWithForceWarns) {
  EXPECT_EQ(dhcp6_check_line({}, "eth0", false), "");
  const std::vector<OtherDhcp6Server> servers{{"fe80::1%eth0", "00:01:aa", "fd00::5", false},
                                              {"fe80::2%eth0", "00:03:bb", "", true}};
  const std::string refusal = dhcp6_check_line(servers, "eth0", false);
  EXPECT_EQ(refusal.rfind("another DHCPv6 server answers on eth0: fe80::1%eth0 (DUID 00:01:aa) "
                          "offered fd00::5 (and 1 more); stop it",
                          0),
            0u)
      << refusal;
  EXPECT_NE(refusal.find("--force"), std::string::npos);
  EXPECT_NE(dhcp6_check_line(servers, "eth0", true).find("starting anyway (--force)"),
            std::string::npos);
}
