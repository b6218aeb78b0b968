// The address check before a full-DHCP offer: the probe table's state machine, the ARP
// frames, and the engine holding the OFFER back until the check has passed.
#include <gtest/gtest.h>

#include <vector>

#include "responder/address_probe.hpp"
#include "responder/engine.hpp"
#include "responder/net/arp_socket.hpp"
#include "unit/request_builder.hpp"
#include "unit/responder_test_support.hpp"

namespace pxescope::responder {
namespace {

using testing::kClientMac;
using testing::RequestBuilder;

constexpr MacAddress kSquatter{2, 0, 0, 0, 0x22, 0x01};
constexpr std::uint32_t kIp = 0xc0000264u;  // 192.0.2.100
const std::vector<std::uint8_t> kRequest = {1, 2, 3, 4, 5};

std::vector<std::vector<std::uint8_t>> expire(AddressProbes& probes, std::int64_t now_ms) {
  std::vector<std::vector<std::uint8_t>> passed;
  probes.expire(now_ms,
                [&](std::span<const std::uint8_t> r) { passed.emplace_back(r.begin(), r.end()); });
  return passed;
}

TEST(AddressProbes, NoClaimWithinTheWaitPassesAndHandsTheRequestBack) {
  AddressProbes probes;
  EXPECT_EQ(probes.status(kIp, kClientMac), AddressProbes::Status::Unknown);
  ASSERT_TRUE(probes.start(kIp, kClientMac, kRequest, 1000));
  EXPECT_EQ(probes.status(kIp, kClientMac), AddressProbes::Status::Pending);
  EXPECT_EQ(probes.status(kIp, kSquatter), AddressProbes::Status::Unknown) << "per client";
  EXPECT_EQ(probes.next_deadline_ms(), 1000 + AddressProbes::kWaitMs);
  EXPECT_TRUE(expire(probes, 1000 + AddressProbes::kWaitMs - 1).empty());
  const auto passed = expire(probes, 1000 + AddressProbes::kWaitMs);
  ASSERT_EQ(passed.size(), 1u);
  EXPECT_EQ(passed[0], kRequest);
  EXPECT_EQ(probes.status(kIp, kClientMac), AddressProbes::Status::Clear);
  EXPECT_TRUE(expire(probes, 1000 + AddressProbes::kWaitMs + 1).empty()) << "passed once";
  AddressProbes::Claim claim;
  EXPECT_FALSE(probes.claimed(kIp, kSquatter, claim)) << "a passed check is not reopened";
  expire(probes, 1000 + AddressProbes::kWaitMs + AddressProbes::kClearForMs);
  EXPECT_EQ(probes.status(kIp, kClientMac), AddressProbes::Status::Unknown) << "forgotten";
}

TEST(AddressProbes, AClaimByAnotherStationDropsTheCheck) {
  AddressProbes probes;
  ASSERT_TRUE(probes.start(kIp, kClientMac, kRequest, 0));
  AddressProbes::Claim claim;
  EXPECT_FALSE(probes.claimed(kIp, kClientMac, claim)) << "the client itself answering";
  EXPECT_FALSE(probes.claimed(kIp + 1, kSquatter, claim)) << "another address";
  ASSERT_TRUE(probes.claimed(kIp, kSquatter, claim));
  EXPECT_EQ(claim.ip, kIp);
  EXPECT_EQ(claim.client, kClientMac);
  EXPECT_EQ(std::vector<std::uint8_t>(claim.request.begin(), claim.request.end()), kRequest);
  EXPECT_EQ(probes.status(kIp, kClientMac), AddressProbes::Status::Unknown);
  EXPECT_TRUE(expire(probes, AddressProbes::kWaitMs).empty()) << "never passes";
}

TEST(AddressProbes, BoundedTableNeverDropsACheckInProgress) {
  AddressProbes probes;
  for (std::uint32_t i = 0; i < AddressProbes::kCapacity; ++i)
    ASSERT_TRUE(probes.start(kIp + i, kClientMac, kRequest, 0));
  EXPECT_FALSE(probes.start(kIp + 1000, kClientMac, kRequest, 0)) << "full of pending checks";
  EXPECT_EQ(expire(probes, AddressProbes::kWaitMs).size(), AddressProbes::kCapacity);
  EXPECT_TRUE(probes.start(kIp + 1000, kClientMac, kRequest, 0)) << "a passed check makes room";
  const std::vector<std::uint8_t> huge(AddressProbes::kFrameBytes + 1, 0);
  EXPECT_FALSE(probes.start(kIp + 1001, kClientMac, huge, 0));
}

TEST(ArpFrames, RequestParsesBackAndForeignFramesDoNot) {
  const MacAddress ours{2, 0, 0, 0, 0, 1};
  std::uint8_t frame[kArpFrameBytes];
  build_arp_request(ours, 0xc0000201u, kIp, frame);
  EXPECT_EQ(frame[12], 0x08);
  EXPECT_EQ(frame[13], 0x06);
  EXPECT_EQ(frame[14 + 27], 100) << "target 192.0.2.100";
  std::uint32_t ip = 0;
  MacAddress mac{};
  ASSERT_TRUE(parse_arp_sender(frame, ip, mac));
  EXPECT_EQ(ip, 0xc0000201u);
  EXPECT_EQ(mac, ours);
  std::uint8_t probe[kArpFrameBytes];
  build_arp_request(ours, 0, kIp, probe);  // RFC 5227 probe: claims nothing
  EXPECT_FALSE(parse_arp_sender(probe, ip, mac));
  frame[12] = 0x08;
  frame[13] = 0x00;  // IPv4, not ARP
  EXPECT_FALSE(parse_arp_sender(frame, ip, mac));
  EXPECT_FALSE(parse_arp_sender(std::span<const std::uint8_t>(frame, 20), ip, mac));
}

class EngineAddressCheck : public ::testing::Test {
 protected:
  EngineAddressCheck() : engine_(config(), testing::test_server()) {
    engine_.set_check_destination(false);
    engine_.enable_address_check();
  }
  static ResponderConfig config() {
    ResponderConfig cfg = testing::boot_file_config("pxelinux.0");
    cfg.full_dhcp = true;
    cfg.range_start = kIp;
    cfg.range_end = kIp + 10;
    return cfg;
  }
  Engine engine_;
  std::vector<std::uint8_t> discover_ = RequestBuilder(1, "").frame();
};

TEST_F(EngineAddressCheck, OfferWaitsForTheCheckThenGoesOut) {
  ASSERT_EQ(engine_.handle_frame(discover_, 10), FrameOutcome::Silent);
  EXPECT_EQ(engine_.verdict(), Verdict::Probing);
  const std::uint32_t ip = engine_.check_wanted();
  ASSERT_EQ(ip, kIp);
  AddressProbes& checks = *engine_.address_checks();
  ASSERT_TRUE(checks.start(ip, kClientMac, discover_, 0));
  ASSERT_EQ(engine_.handle_frame(discover_, 10), FrameOutcome::Silent) << "a retransmit";
  EXPECT_EQ(engine_.check_wanted(), 0u) << "one check per address";
  std::vector<FrameOutcome> outcomes;
  checks.expire(AddressProbes::kWaitMs, [&](std::span<const std::uint8_t> request) {
    outcomes.push_back(engine_.handle_frame(request, 11));
  });
  ASSERT_EQ(outcomes, std::vector<FrameOutcome>{FrameOutcome::Reply});
  EXPECT_EQ(engine_.reply().message_type, 2);
  EXPECT_EQ(engine_.reply().yiaddr, ip);
}

TEST_F(EngineAddressCheck, AnAnsweredAddressIsMarkedInUseAndAnotherOffered) {
  ASSERT_EQ(engine_.handle_frame(discover_, 10), FrameOutcome::Silent);
  const std::uint32_t first = engine_.check_wanted();
  AddressProbes& checks = *engine_.address_checks();
  ASSERT_TRUE(checks.start(first, kClientMac, discover_, 0));
  AddressProbes::Claim claim;
  ASSERT_TRUE(checks.claimed(first, kSquatter, claim));
  engine_.leases().mark_in_use(claim.ip, 10, 3600);
  const std::vector<std::uint8_t> request(claim.request.begin(), claim.request.end());
  ASSERT_EQ(engine_.handle_frame(request, 10), FrameOutcome::Silent);
  const std::uint32_t second = engine_.check_wanted();
  EXPECT_NE(second, 0u);
  EXPECT_NE(second, first) << "the used address is not offered again";
  // Still in use for the lease time, for every client.
  RequestBuilder other(1, "");
  other.chaddr(kSquatter).address_option(50, first);
  engine_.handle_frame(other.frame(), 3600 + 9);
  EXPECT_NE(engine_.check_wanted(), first);
}

TEST_F(EngineAddressCheck, TheClientsOwnLeaseIsNotChecked) {
  engine_.leases().bind(kClientMac, kIp + 3, 10, 3600);
  ASSERT_EQ(engine_.handle_frame(discover_, 11), FrameOutcome::Reply);
  EXPECT_EQ(engine_.reply().yiaddr, kIp + 3);
}

TEST(AddressCheckConfig, NoPingTurnsItOff) {
  ResponderConfig cfg;
  EXPECT_TRUE(cfg.address_check) << "on by default, as dnsmasq pings";
  std::vector<std::string> warnings;
  parse_config_text("no-ping\n", "test.conf", cfg, warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_FALSE(cfg.address_check);
}

}  // namespace
}  // namespace pxescope::responder
