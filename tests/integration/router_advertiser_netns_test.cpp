// enable-ra on a real link (issue 12 §1, §3): a RouterAdvertiser in one throw-away namespace, a
// host's raw ICMPv6 socket in the other (veth, names suffixed with the pid). The host sees the
// first advertisement with M/O and the range's prefix, and its Router Solicitation brings the
// next one (the clock is passed in: no timing asserted); and `pxescope respond` with enable-ra
// advertises its IPv6 range. Needs root and ip; skips otherwise.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "responder/ra/router_advertiser.hpp"
#include "tests/integration/ipv6_test_support.hpp"
#include "tests/integration/respond_process.hpp"

using pxescope::responder::RaSettings;
using pxescope::responder::RouterAdvertiser;
using tftp_test::run;

namespace {

class RouterAdvertiserNetns : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const auto missing = tftp_test::missing_root_or_tools({"ip"}); !missing.empty())
      GTEST_SKIP() << missing;
    const std::string suffix = std::to_string(getpid());
    ASSERT_TRUE(server_ns_.create("pxras" + suffix));
    ASSERT_TRUE(host_ns_.create("pxrah" + suffix));
    server_link_ = "pxras" + suffix;
    host_link_ = "pxrah" + suffix;
    ASSERT_TRUE(tftp_test::connect_with_veth(server_ns_, server_link_, "10.82.0.1/24", host_ns_,
                                             host_link_, "10.82.0.2/24"));
    ASSERT_TRUE(tftp_test::enable_ipv6(server_ns_, server_link_, {"fe80::1/64"}));
    ASSERT_TRUE(tftp_test::enable_ipv6(host_ns_, host_link_, {"fe80::2/64"}));
    ASSERT_TRUE(host_.open(host_ns_, home_, host_link_));
  }

  void TearDown() override {
    advertiser_.reset();
    home_.go_back();
    host_ns_.destroy();
    server_ns_.destroy();
  }

  bool open_advertiser(RouterAdvertiser::Clock::time_point now, std::string& error) {
    RaSettings settings;
    inet_pton(AF_INET6, "fd00:82::", settings.prefix.data());
    settings.source_mac = {0x52, 0x54, 0x00, 0x82, 0, 1};
    if (!server_ns_.enter()) return false;
    advertiser_ = std::make_unique<RouterAdvertiser>();
    const bool opened =
        advertiser_->open(server_link_, if_nametoindex(server_link_.c_str()), settings, error, now);
    home_.go_back();
    return opened;
  }

  // Waits (bounded) until the advertiser's socket has the Solicitation, and reads it.
  void server_reads(RouterAdvertiser::Clock::time_point now) {
    for (int tries = 0; tries < 50 && advertiser_->solicitations() == 0; ++tries) {
      pollfd wait{advertiser_->fd(), POLLIN, 0};
      poll(&wait, 1, 100);
      advertiser_->handle_ready(now);
    }
  }

  std::string server_link_, host_link_;
  tftp_test::RouterSolicitor host_;
  std::unique_ptr<RouterAdvertiser> advertiser_;
  tftp_test::HomeNamespace home_;
  tftp_test::Namespace server_ns_, host_ns_;
};

}  // namespace

TEST_F(RouterAdvertiserNetns, TheHostSeesMOAndThePrefixAndASolicitationIsAnswered) {
  using namespace std::chrono_literals;
  const auto start = RouterAdvertiser::Clock::time_point{} + 1000s;  // the advertiser's clock
  std::string error;
  ASSERT_TRUE(open_advertiser(start, error)) << error;
  EXPECT_EQ(advertiser_->next_deadline(), start) << "the first advertisement at once";
  advertiser_->handle_timeouts(start);
  EXPECT_EQ(advertiser_->sent(), 1u);

  const auto first = host_.receive();
  ASSERT_GE(first.size(), 16u + 8u + 32u);
  EXPECT_EQ(first[0], ND_ROUTER_ADVERT);
  EXPECT_EQ(first[5] & 0xc0, 0xc0) << "M and O";
  EXPECT_EQ(first[6] << 8 | first[7], 0) << "router lifetime 0: never a default router";
  // The prefix information is the last option: fd00:82::/64, on-link.
  const std::size_t prefix = first.size() - 32;
  EXPECT_EQ(first[prefix], 3);
  EXPECT_EQ(first[prefix + 2], 64);
  EXPECT_EQ(first[prefix + 3], 0x80);
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(AF_INET6, &first[prefix + 16], text, sizeof text);
  EXPECT_STREQ(text, "fd00:82::");

  // Next periodic one at most 16 s later; a Solicitation 10 s on is answered at once (3 s
  // after the last advertisement have passed), within the 0.5 s random delay.
  EXPECT_LE(advertiser_->next_deadline(), start + 16s);
  ASSERT_TRUE(host_.solicit());
  const auto later = start + 10s;
  server_reads(later);
  ASSERT_EQ(advertiser_->solicitations(), 1u);
  EXPECT_LE(advertiser_->next_deadline(), later + 500ms);
  advertiser_->handle_timeouts(later + 500ms);
  EXPECT_EQ(advertiser_->sent(), 2u);
  EXPECT_FALSE(host_.receive().empty()) << "the answer to the Solicitation";
}

TEST_F(RouterAdvertiserNetns, SolicitationsRightAfterAnAdvertisementWaitThreeSeconds) {
  using namespace std::chrono_literals;
  const auto start = RouterAdvertiser::Clock::time_point{} + 1000s;
  std::string error;
  ASSERT_TRUE(open_advertiser(start, error)) << error;
  advertiser_->handle_timeouts(start);
  ASSERT_FALSE(host_.receive().empty());
  ASSERT_TRUE(host_.solicit());
  server_reads(start + 1s);
  ASSERT_EQ(advertiser_->solicitations(), 1u);
  EXPECT_EQ(advertiser_->next_deadline(), start + 3s) << "MIN_DELAY_BETWEEN_RAS";
  advertiser_->handle_timeouts(start + 2s);
  EXPECT_EQ(advertiser_->sent(), 1u) << "not yet";
}

TEST_F(RouterAdvertiserNetns, RespondAdvertisesItsRangeWithEnableRa) {
  const std::string binary = std::string(PXESCOPE_BIN_DIR) + "/pxescope";
  if (access(binary.c_str(), X_OK) != 0) GTEST_SKIP() << "no " << binary << " (build it)";
  namespace fs = std::filesystem;
  const fs::path base =
      fs::temp_directory_path() / ("router_advertiser_netns_test." + std::to_string(getpid()));
  fs::create_directories(base / "root");
  std::ofstream(base / "root" / "boot.efi") << "x";
  fs::permissions(base / "root" / "boot.efi", fs::perms::owner_read | fs::perms::others_read);
  std::ofstream(base / "pxe6.conf") << "dhcp-range=fd00:82::100,fd00:82::1ff,64,1h\nenable-ra\n"
                                    << "dhcp-option=option6:bootfile-url,tftp://[::]/boot.efi\n";
  ASSERT_TRUE(tftp_test::enable_ipv6(server_ns_, server_link_, {"fd00:82::1/64"}));
  tftp_test::RespondProcess respond;
  const std::string log = (base / "respond.log").string();
  ASSERT_TRUE(
      respond.start(server_ns_, home_, binary,
                    {"respond", "--iface", server_link_, "--tftp-root", (base / "root").string(),
                     "--boot-file", "boot.efi", "--lease-file", (base / "leases").string(),
                     "--dhcp-check", "0", "--config", (base / "pxe6.conf").string()},
                    log, "ipv6 "))
      << tftp_test::read_file(log);
  const auto first = host_.receive();  // the first advertisement goes out at start
  ASSERT_GE(first.size(), 16u + 8u + 32u) << tftp_test::read_file(log);
  EXPECT_EQ(first[5] & 0xc0, 0xc0) << "M and O: addresses and the boot file from DHCPv6";
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(AF_INET6, &first[first.size() - 16], text, sizeof text);
  EXPECT_STREQ(text, "fd00:82::");
  ASSERT_TRUE(host_.solicit());
  EXPECT_FALSE(host_.receive().empty()) << "the answer to the Solicitation";

  // The interface re-created (a new index): the advertiser follows it, the first RA at once.
  ASSERT_EQ(run("ip -n " + server_ns_.name() + " link del " + server_link_, 10).exit_code, 0);
  ASSERT_TRUE(tftp_test::connect_with_veth(server_ns_, server_link_, "10.82.0.1/24", host_ns_,
                                           host_link_, "10.82.0.2/24"));
  ASSERT_TRUE(tftp_test::enable_ipv6(server_ns_, server_link_, {"fe80::1/64", "fd00:82::1/64"}));
  ASSERT_TRUE(tftp_test::enable_ipv6(host_ns_, host_link_, {"fe80::2/64"}));
  tftp_test::RouterSolicitor again;
  ASSERT_TRUE(again.open(host_ns_, home_, host_link_));
  EXPECT_FALSE(again.receive(15000).empty()) << tftp_test::read_file(log);
  EXPECT_NE(tftp_test::read_file(log).find("re-created"), std::string::npos);
  respond.stop();
  fs::remove_all(base);
}
