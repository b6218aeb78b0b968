// pxe.client: which client's boot each frame belongs to (analyzer/clients/client_membership),
// learned in one pass, and the display filter that reads it.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/clients/client_membership.hpp"
#include "analyzer/filter/display_filter.hpp"
#include "analyzer/packet_dissector.hpp"
#include "unit/membership_script.hpp"

namespace pxescope {
namespace {

using testing::membership::kClientA;
using testing::membership::kClientB;

struct Pass {
  ClientMembership membership;
  std::vector<FieldTree> trees;  // per frame, index 0 = frame 1
  std::set<std::uint64_t> kept;  // what the filter kept during the pass
};

std::filesystem::path write_script() {
  const auto path = std::filesystem::temp_directory_path() /
                    ("pxescope-membership-" + std::to_string(::getpid()) + ".pcap");
  testing::write_pcap(path, 1, testing::membership::two_clients().test_frames());
  return path;
}

// One pass over the scripted capture, as `analyze -Y` and the GUI's scan make it.
Pass run_pass(const std::string& filter_text, bool with_membership = true) {
  Pass pass;
  std::string error;
  const auto filter = filter::DisplayFilter::parse(filter_text, error);
  EXPECT_TRUE(filter) << error;
  const auto path = write_script();
  CaptureReader reader;
  EXPECT_TRUE(reader.open_file(path.string())) << reader.error();
  PacketDissector dissector;
  filter::FrameClock clock;
  Frame frame;
  while (reader.next(frame)) {
    filter::FrameContext context = clock.next(frame);
    FieldTree& tree = pass.trees.emplace_back();
    dissector.dissect(frame, tree);
    pass.membership.learn(frame, tree);
    if (with_membership) context.membership = &pass.membership;
    if (filter && filter->matches(tree, context)) pass.kept.insert(frame.index);
  }
  std::filesystem::remove(path);
  return pass;
}

bool has(const std::vector<ClientMembership::Mac>& macs, const ClientMembership::Mac& mac) {
  return std::find(macs.begin(), macs.end(), mac) != macs.end();
}

TEST(ClientMembership, FilterKeepsEveryFrameOfTheClientsBootAndNoOther) {
  EXPECT_EQ(run_pass("pxe.client == 52:54:00:12:34:56").kept, testing::membership::kFramesOfA);
  EXPECT_EQ(run_pass("pxe.client == 52-54-00-ab-cd-ef").kept, testing::membership::kFramesOfB);
}

TEST(ClientMembership, WithoutThePassOnlyTheMacsAFrameCarriesCount) {
  // The server's TFTP DATA (8, 10) and the router's ICMP error (12) carry no MAC of A.
  EXPECT_EQ(run_pass("pxe.client == 52:54:00:12:34:56", false).kept,
            testing::membership::kFramesCarryingA);
}

TEST(ClientMembership, TheQuantifiersAndLogicWorkAsOnAnyField) {
  const auto both = run_pass("pxe.client in {52:54:00:12:34:56 52:54:00:ab:cd:ef} && udp");
  std::set<std::uint64_t> want = testing::membership::kFramesOfA;
  want.insert(testing::membership::kFramesOfB.begin(), testing::membership::kFramesOfB.end());
  EXPECT_EQ(both.kept, want);
  const auto not_a = run_pass("!(pxe.client == 52:54:00:12:34:56)");
  for (std::uint64_t f : not_a.kept) EXPECT_FALSE(testing::membership::kFramesOfA.count(f)) << f;
  EXPECT_TRUE(not_a.kept.count(4) && not_a.kept.count(14));
}

TEST(ClientMembership, LaterLookupsSeeTheOwnerAtThatFrame) {
  // After the whole pass (the GUI asks about a selected frame in any order), the address
  // 192.168.77.150 was A's at frame 8 and B's at frame 16; frame 4 came before any lease.
  const Pass pass = run_pass("");
  EXPECT_EQ(pass.membership.leases(), 2u);
  std::vector<ClientMembership::Mac> of;
  pass.membership.clients_of(8, pass.trees[7], of);
  EXPECT_TRUE(has(of, kClientA));
  EXPECT_FALSE(has(of, kClientB));
  of.clear();
  pass.membership.clients_of(16, pass.trees[15], of);
  EXPECT_TRUE(has(of, kClientB));
  EXPECT_FALSE(has(of, kClientA));
  of.clear();
  pass.membership.clients_of(4, pass.trees[3], of);
  EXPECT_FALSE(has(of, kClientA));
  EXPECT_FALSE(has(of, kClientB));
}

TEST(ClientMembership, BroadcastAndZeroMacsAreNobodysBoot) {
  const Pass pass = run_pass("pxe.client == ff:ff:ff:ff:ff:ff || pxe.client == 00:00:00:00:00:00");
  EXPECT_TRUE(pass.kept.empty());
}

TEST(ClientMembership, IsARegisteredFieldWithAClearErrorOnABadValue) {
  std::string error;
  EXPECT_FALSE(filter::DisplayFilter::parse("pxe.client == 52:54", error));
  EXPECT_NE(error.find("MAC address"), std::string::npos) << error;
  const auto f = filter::DisplayFilter::parse("pxe.client == 52:54:00:12:34:56", error);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->uses_client_membership());
  EXPECT_FALSE(filter::DisplayFilter::parse("eth.addr == 52:54:00:12:34:56", error)
                   ->uses_client_membership());
}

}  // namespace
}  // namespace pxescope
