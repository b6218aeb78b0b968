// The offer linter's memory of each client's last request (LastRequestTable): found by
// client, replaced by the client's next request, bounded, and reused without allocating;
// and the CaptureLinter over a stream of DISCOVERs from ever new clients allocates nothing
// once warm (it kept a DhcpMessage per request: ~6 allocations each).
#include <gtest/gtest.h>

#include "analyzer/lint/capture_linter.hpp"
#include "analyzer/lint/last_request_table.hpp"
#include "story_test_support.hpp"
#include "unit/allocation_counter.hpp"

namespace pxescope {
namespace {

using namespace pxescope::testing;

Bytes request_bytes(std::uint32_t client, std::size_t size) {
  Bytes b(size, 0);
  for (std::size_t i = 0; i < 4; ++i) b[i] = static_cast<std::uint8_t>(client >> (8 * i));
  return b;
}

bool same(std::span<const std::uint8_t> a, const Bytes& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

TEST(LastRequestTable, FindsEachClientsLastRequest) {
  LastRequestTable table;
  EXPECT_TRUE(table.find(1).empty());
  const Bytes first = request_bytes(1, 300), second = request_bytes(2, 400);
  table.remember(1, first);
  table.remember(2, second);
  EXPECT_TRUE(same(table.find(1), first));
  EXPECT_TRUE(same(table.find(2), second));
  EXPECT_TRUE(table.find(3).empty());
  const Bytes newer = request_bytes(7, 250);  // the client's next request replaces it
  table.remember(1, newer);
  EXPECT_TRUE(same(table.find(1), newer));
  EXPECT_EQ(table.size(), 2u);
  table.clear();
  EXPECT_TRUE(table.find(1).empty());
  EXPECT_EQ(table.size(), 0u);
}

TEST(LastRequestTable, StartsOverPastItsBoundAndKeepsItsMemory) {
  LastRequestTable table;
  const Bytes bytes = request_bytes(9, 300);
  for (std::uint64_t client = 0; client < LastRequestTable::kMaxClients; ++client)
    table.remember(client * 0x10001, bytes);
  EXPECT_EQ(table.size(), LastRequestTable::kMaxClients);
  for (std::uint64_t client = 0; client < LastRequestTable::kMaxClients; ++client)
    ASSERT_TRUE(same(table.find(client * 0x10001), bytes)) << client;
  table.remember(0, bytes);  // a known client: nothing forgotten
  EXPECT_EQ(table.size(), LastRequestTable::kMaxClients);
  table.remember(1, bytes);  // one more client: the table starts over
  EXPECT_EQ(table.size(), 1u);
  EXPECT_TRUE(table.find(0x10001).empty());
  EXPECT_TRUE(same(table.find(1), bytes));

  // Warm: new clients' requests (no larger than those seen) reuse the records' buffers.
  const std::size_t before = g_allocations;
  for (std::uint64_t client = 0; client < 3 * LastRequestTable::kMaxClients; ++client)
    table.remember(client + 0x5000000, bytes);
  EXPECT_EQ(g_allocations - before, 0u);
}

TEST(CaptureLinter, RemembersRequestsWithoutAllocatingOnceWarm) {
  Bootp discover;
  discover.options = pxe_request_options(1);
  CaptureLinter linter;
  Frame f;
  f.link_type = 1;
  Bytes frame;
  auto check_client = [&](std::uint32_t client) {
    discover.xid = client;
    discover.mac = {0x02,
                    0x42,
                    static_cast<std::uint8_t>(client >> 24),
                    static_cast<std::uint8_t>(client >> 16),
                    static_cast<std::uint8_t>(client >> 8),
                    static_cast<std::uint8_t>(client)};
    frame = eth_frame(discover.mac, ipv4_udp(0, 0xffffffff, 68, 67, bootp_payload(discover)));
    f.data = frame;
    f.original_length = static_cast<std::uint32_t>(frame.size());
    return linter.check(f).size();
  };
  std::uint32_t client = 0;
  for (; client <= LastRequestTable::kMaxClients; ++client) EXPECT_EQ(check_client(client), 0u);
  // Frames are built before counting: only the linter's own allocations are counted.
  std::vector<Bytes> frames;
  for (std::uint32_t i = 0; i < 2 * LastRequestTable::kMaxClients; ++i) {
    check_client(client + i);  // remembered (also builds `frame`)
    frames.push_back(frame);
  }
  const std::size_t before = g_allocations;
  for (const Bytes& b : frames) {
    f.data = b;
    f.original_length = static_cast<std::uint32_t>(b.size());
    EXPECT_TRUE(linter.check(f).empty());
  }
  EXPECT_EQ(g_allocations - before, 0u);

  // The last request is still the one a reply is checked against: a proxy offer to the
  // last client that does not echo its UUID (97) is found.
  Bootp offer;
  offer.op = 2;
  offer.xid = discover.xid;
  offer.mac = discover.mac;
  offer.siaddr = ip4(192, 168, 77, 2);
  offer.file = "ipxe.efi";
  offer.options = {opt(53, {2}), opt(54, {192, 168, 77, 2}), opt(60, "PXEClient")};
  const Bytes reply = eth_frame(
      {2, 0, 0, 0, 0, 2}, ipv4_udp(ip4(192, 168, 77, 2), 0xffffffff, 67, 68, bootp_payload(offer)));
  f.data = reply;
  f.original_length = static_cast<std::uint32_t>(reply.size());
  bool uuid_not_echoed = false;
  for (const LintFinding& finding : linter.check(f))
    uuid_not_echoed |= finding.code == "uuid-not-echoed";
  EXPECT_TRUE(uuid_not_echoed);
}

}  // namespace
}  // namespace pxescope
