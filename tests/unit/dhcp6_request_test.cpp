// The DHCPv6 request view: what it reads (incl. relay chains) and what it refuses.
#include <gtest/gtest.h>

#include "dhcp6_test_support.hpp"
#include "responder/dhcp6/dhcp6_request.hpp"
#include "responder/dhcp_request.hpp"

namespace pxescope::responder {
namespace {

using namespace test6;

TEST(Dhcp6Request, ReadsAnOvmfShapedSolicit) {
  const Bytes wire = build_request({});
  Dhcp6Request r;
  ASSERT_EQ(parse_dhcp6_request(wire, r), ParseError6::None);
  EXPECT_EQ(r.message_type, 1);
  EXPECT_EQ(r.xid, 0x123456u);
  EXPECT_EQ(r.client_id.size(), 14u);
  EXPECT_FALSE(r.has_server_id);
  EXPECT_TRUE(r.has_ia_na);
  EXPECT_EQ(r.iaid, 0x0a0b0c0du);
  EXPECT_TRUE(r.asks_for(59));
  EXPECT_FALSE(r.asks_for(24));
  EXPECT_TRUE(r.has_arch);
  EXPECT_EQ(r.arch, 7);
  EXPECT_TRUE(r.has_vendor_class);
  EXPECT_EQ(r.vendor_enterprise, 343u);
  EXPECT_EQ(r.vendor_class, "PXEClient:Arch:00007:UNDI:003000");
  EXPECT_TRUE(r.is_pxe_client());
  EXPECT_TRUE(r.is_boot_client());
  MacAddress mac{};
  ASSERT_TRUE(r.mac(mac));
  EXPECT_EQ(format_mac(mac), "52:54:00:12:34:56");
}

TEST(Dhcp6Request, AnOrdinaryHostIsNoBootClient) {
  SolicitShape s;
  s.with_arch = s.with_vendor_class = s.ask_bootfile = false;
  const Bytes wire = build_request(s);  // the request's views point into it
  Dhcp6Request r;
  ASSERT_EQ(parse_dhcp6_request(wire, r), ParseError6::None);
  EXPECT_FALSE(r.is_boot_client());
}

TEST(Dhcp6Request, ReadsTheUserClassAndRapidCommit) {
  SolicitShape s;
  s.user_class = "iPXE";
  s.rapid_commit = true;
  const Bytes wire = build_request(s);  // the request's views point into it
  Dhcp6Request r;
  ASSERT_EQ(parse_dhcp6_request(wire, r), ParseError6::None);
  EXPECT_TRUE(r.is_ipxe());
  EXPECT_TRUE(r.rapid_commit);
}

TEST(Dhcp6Request, UnwrapsRelaysKeepingEachInterfaceId) {
  const Bytes inner = build_request({});
  const Bytes wire = relay_forw(relay_forw(inner, 0, {'e', 't', 'h', '1'}), 1, {'u', 'p'});
  Dhcp6Request r;
  ASSERT_EQ(parse_dhcp6_request(wire, r), ParseError6::None);
  EXPECT_EQ(r.message_type, 1);
  ASSERT_EQ(r.relay_count, 2u);
  EXPECT_EQ(r.relays[0].hop_count, 1);
  EXPECT_EQ(std::string(r.relays[0].interface_id.begin(), r.relays[0].interface_id.end()), "up");
  EXPECT_EQ(std::string(r.relays[1].interface_id.begin(), r.relays[1].interface_id.end()), "eth1");
  EXPECT_EQ(r.relays[1].link[0], 0xfd);
  EXPECT_EQ(r.relays[1].peer[0], 0xfe);
}

struct MalformedCase {
  const char* name;
  Bytes wire;
  ParseError6 expected;
};

Bytes with_client_id(std::size_t duid_size) {
  Bytes m = {1, 0, 0, 1};
  put_option(m, 1, Bytes(duid_size, 0x01));
  return m;
}

Bytes repeated(std::uint16_t code, int times) {
  Bytes m = build_request({});
  for (int i = 0; i < times; ++i) put_option(m, code, {0, 59});
  return m;
}

Bytes nested(int depth) {
  Bytes m = build_request({});
  for (int i = 0; i < depth; ++i) m = relay_forw(m, static_cast<std::uint8_t>(depth - 1 - i));
  return m;
}

Bytes overrun() {
  Bytes m = build_request({});
  m.insert(m.end(), {0, 61, 0, 50, 0, 7});  // 50 bytes promised, 2 present
  return m;
}

TEST(Dhcp6Request, RefusesEachMalformedShape) {
  const MalformedCase cases[] = {
      {"three bytes", {1, 0, 0}, ParseError6::TooShort},
      {"an Advertise", {2, 0, 0, 1}, ParseError6::NotClientMessage},
      {"option length past the end", overrun(), ParseError6::OptionOverrun},
      {"DUID of 0 bytes", with_client_id(0), ParseError6::BadDuid},
      {"DUID of 130 bytes", with_client_id(131), ParseError6::BadDuid},
      {"ORO repeated 1,000 times", repeated(6, 1000), ParseError6::RepeatedOption},
      {"an unknown option 1,000 times", repeated(0x4321, 1000), ParseError6::TooManyOptions},
      {"relays nested 32 deep", nested(32), ParseError6::RelayTooDeep},
      {"relays nested 9 deep", nested(9), ParseError6::RelayTooDeep},
      {"no client id", Bytes{1, 0, 0, 1}, ParseError6::NoClientId},
      {"rapid commit with data",
       [] {
         Bytes m = build_request({});
         put_option(m, 14, {1});
         return m;
       }(),
       ParseError6::BadOptionLength},
      {"arch of 3 bytes",
       [] {
         SolicitShape s;
         s.with_arch = false;
         Bytes m = build_request(s);
         put_option(m, 61, {0, 7, 0});
         return m;
       }(),
       ParseError6::BadOptionLength},
      {"relay without relay message",
       [] {
         Bytes m(34, 0);
         m[0] = 12;
         return m;
       }(),
       ParseError6::NoRelayMessage},
  };
  for (const MalformedCase& c : cases) {
    Dhcp6Request r;
    EXPECT_EQ(parse_dhcp6_request(c.wire, r), c.expected) << c.name;
  }
}

TEST(Dhcp6Request, AcceptsTheLargestDuidAndEightRelays) {
  Bytes m = {11, 0, 0, 1};
  put_option(m, 1, Bytes(130, 0x01));
  Dhcp6Request r;
  EXPECT_EQ(parse_dhcp6_request(m, r), ParseError6::None);
  const Bytes relayed = nested(8);
  EXPECT_EQ(parse_dhcp6_request(relayed, r), ParseError6::None);
  EXPECT_EQ(r.relay_count, 8u);
}

TEST(Dhcp6Request, AnInformationRequestMayComeWithoutAClientId) {
  const Bytes m = {11, 0, 0, 1};
  Dhcp6Request r;
  EXPECT_EQ(parse_dhcp6_request(m, r), ParseError6::None);
}

}  // namespace
}  // namespace pxescope::responder
