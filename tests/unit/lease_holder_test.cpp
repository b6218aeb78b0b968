// RFC 2131 4.3.3 / 4.3.4: DHCPDECLINE and DHCPRELEASE count only from the client that holds
// the lease; anyone else could free or block another client's address with one frame.
#include <gtest/gtest.h>

#include "responder/engine.hpp"
#include "unit/request_builder.hpp"
#include "unit/responder_test_support.hpp"

namespace pxescope::responder {
namespace {

using testing::RequestBuilder;

constexpr MacAddress kHolder{2, 0, 0, 0, 0x11, 0x01}, kStranger{2, 0, 0, 0, 0x11, 0x02};
constexpr std::uint32_t kServerIp = 0xc0000201u;  // testing::test_server()

class LeaseHolder : public ::testing::Test {
 protected:
  LeaseHolder() : engine_(config(), testing::test_server()) {
    engine_.set_check_destination(false);
  }
  static ResponderConfig config() {
    ResponderConfig cfg = testing::boot_file_config("pxelinux.0");
    cfg.full_dhcp = true;
    cfg.range_start = 0xc0000264u;  // 192.0.2.100-110
    cfg.range_end = 0xc000026eu;
    return cfg;
  }
  // DISCOVER/OFFER/REQUEST/ACK for `mac`; the bound address.
  std::uint32_t bind(const MacAddress& mac, std::int64_t now) {
    RequestBuilder discover(1, "");
    discover.chaddr(mac);
    if (engine_.handle_frame(discover.frame(), now) != FrameOutcome::Reply) return 0;
    const std::uint32_t offered = engine_.reply().yiaddr;
    RequestBuilder request(3, "");
    request.chaddr(mac).address_option(54, kServerIp).address_option(50, offered);
    if (engine_.handle_frame(request.frame(), now) != FrameOutcome::Reply) return 0;
    return engine_.reply().message_type == 5 ? offered : 0;
  }
  Verdict release(const MacAddress& mac, std::uint32_t ip, std::int64_t now) {
    RequestBuilder release(7, "");
    release.chaddr(mac).ciaddr(ip).address_option(54, kServerIp);
    EXPECT_EQ(engine_.handle_frame(release.frame(), now), FrameOutcome::Silent);
    return engine_.verdict();
  }
  Verdict decline(const MacAddress& mac, std::uint32_t ip, std::int64_t now) {
    RequestBuilder decline(4, "");
    decline.chaddr(mac).address_option(54, kServerIp).address_option(50, ip);
    EXPECT_EQ(engine_.handle_frame(decline.frame(), now), FrameOutcome::Silent);
    return engine_.verdict();
  }
  Engine engine_;
};

TEST_F(LeaseHolder, ReleaseFromAnotherClientIsIgnored) {
  const std::uint32_t ip = bind(kHolder, 10);
  ASSERT_NE(ip, 0u);
  EXPECT_EQ(release(kStranger, ip, 11), Verdict::NotHolder);
  EXPECT_FALSE(engine_.leases_changed());
  EXPECT_EQ(engine_.leases().bound_address(kHolder, 12), ip) << "still the holder's";
  EXPECT_EQ(verdict_text(Verdict::NotHolder), "address not held by this client");
  EXPECT_EQ(release(kHolder, ip, 13), Verdict::Released);
  EXPECT_TRUE(engine_.leases_changed());
  EXPECT_EQ(engine_.leases().bound_address(kHolder, 14), 0u);
}

TEST_F(LeaseHolder, DeclineFromAnotherClientDoesNotBlockTheAddress) {
  const std::uint32_t ip = bind(kHolder, 10);
  ASSERT_NE(ip, 0u);
  EXPECT_EQ(decline(kStranger, ip, 11), Verdict::NotHolder);
  EXPECT_FALSE(engine_.leases_changed());
  EXPECT_EQ(engine_.leases().bound_address(kHolder, 12), ip);
  // The holder renews its address as before (the stranger's DECLINE blocked nothing).
  EXPECT_EQ(bind(kHolder, 13), ip);
  // A DECLINE for an address nobody holds changes nothing either.
  EXPECT_EQ(decline(kStranger, ip + 5, 14), Verdict::NotHolder);
  RequestBuilder discover(1, "");
  discover.chaddr(kStranger).address_option(50, ip + 5);
  ASSERT_EQ(engine_.handle_frame(discover.frame(), 15), FrameOutcome::Reply);
  EXPECT_EQ(engine_.reply().yiaddr, ip + 5) << "not kept out of the pool";
}

TEST_F(LeaseHolder, DeclineFromTheHolderTakesTheAddressOutOfThePool) {
  const std::uint32_t ip = bind(kHolder, 10);
  ASSERT_NE(ip, 0u);
  EXPECT_EQ(decline(kHolder, ip, 11), Verdict::Released);
  EXPECT_TRUE(engine_.leases_changed()) << "no longer bound: persisted";
  const std::uint32_t next = bind(kHolder, 12);
  EXPECT_NE(next, 0u);
  EXPECT_NE(next, ip) << "the declined address is in use by someone else";
}

}  // namespace
}  // namespace pxescope::responder
