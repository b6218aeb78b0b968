// Full-mode DHCPv6 leases (responder/dhcp6/dhcp6_leases.*) on their open-addressing indexes
// (slot_index.*): offers, commits, releases and declines as before; a new client's search
// starts where the old string-keyed table started it (FNV-1a of DUID + IAID), so replies stay
// byte-identical; the lease file keeps dnsmasq's line format; the index survives churn.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <unordered_map>

#include "responder/dhcp6/dhcp6_config.hpp"
#include "responder/dhcp6/dhcp6_leases.hpp"
#include "responder/slot_index.hpp"

namespace pxescope::responder {
namespace {

Ipv6Address v6(const char* text) {
  Ipv6Address a{};
  EXPECT_TRUE(parse_ipv6(text, a)) << text;
  return a;
}

// A DUID-LL of a MAC ending in `n`.
std::vector<std::uint8_t> duid_of(std::uint32_t n) {
  return {0,
          3,
          0,
          1,
          0x52,
          0x54,
          static_cast<std::uint8_t>(n >> 24),
          static_cast<std::uint8_t>(n >> 16),
          static_cast<std::uint8_t>(n >> 8),
          static_cast<std::uint8_t>(n)};
}

Lease6Table table(const char* start = "fd00:62::1000", const char* end = "fd00:62::ffff") {
  Lease6Table t;
  t.set_range(v6(start), v6(end));
  return t;
}

TEST(Dhcp6LeaseTable, ANewClientsSearchStartsAtTheHashOfItsDuidAndIaid) {
  Lease6Table t = table();
  for (std::uint32_t n = 0; n < 50; ++n) {
    const auto duid = duid_of(n);
    const std::uint32_t iaid = 0x0a0b0c00 + n;
    // The old key: DUID bytes, then the IAID big-endian; FNV-1a over it.
    std::string key(duid.begin(), duid.end());
    for (int shift = 24; shift >= 0; shift -= 8) key += static_cast<char>(iaid >> shift);
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
    const std::uint64_t size = 0xffff - 0x1000 + 1;
    Ipv6Address out{};
    ASSERT_TRUE(t.offer(duid, iaid, nullptr, 100, out));
    const std::uint64_t low = (std::uint64_t{out[14]} << 8) | out[15];
    // The first free address from there (an earlier client may hold the first one).
    EXPECT_LE((low - 0x1000 + size - h % size) % size, n) << format_ipv6(out);
  }
}

TEST(Dhcp6LeaseTable, OfferCommitExtendReleaseKeepOneAddressPerClient) {
  Lease6Table t = table();
  const auto duid = duid_of(1);
  Ipv6Address offered{}, committed{}, extended{};
  ASSERT_TRUE(t.offer(duid, 7, nullptr, 100, offered));
  EXPECT_TRUE(t.in_range(offered));
  ASSERT_NE(t.find(duid, 7), nullptr);
  EXPECT_FALSE(t.find(duid, 7)->committed);
  EXPECT_EQ(t.find(duid, 7)->expires, 100 + Lease6Table::kOfferHoldSeconds);
  EXPECT_EQ(t.find(duid, 8), nullptr) << "another IAID is another lease";
  ASSERT_TRUE(t.commit(duid, 7, nullptr, 110, 3600, committed));
  EXPECT_EQ(committed, offered);
  EXPECT_TRUE(t.find(duid, 7)->committed);
  EXPECT_TRUE(t.take_changed());
  EXPECT_FALSE(t.take_changed());
  ASSERT_TRUE(t.extend(duid, 7, 200, 3600, extended));
  EXPECT_EQ(extended, offered);
  EXPECT_EQ(t.find(duid, 7)->expires, 3800);
  EXPECT_EQ(t.size(), 1u);
  EXPECT_TRUE(t.release(duid, 7));
  EXPECT_EQ(t.find(duid, 7), nullptr);
  EXPECT_FALSE(t.release(duid, 7));
  Ipv6Address again{};
  EXPECT_FALSE(t.extend(duid, 7, 300, 3600, again)) << "nothing to renew after a release";
  // The released address is free for another client asking for it.
  ASSERT_TRUE(t.offer(duid_of(2), 1, &offered, 300, again));
  EXPECT_EQ(again, offered);
  EXPECT_EQ(t.size(), 1u) << "the released slot was reused";
}

TEST(Dhcp6LeaseTable, TenThousandClientsGetDistinctAddressesAndAreFoundAgain) {
  Lease6Table t = table();
  std::set<Ipv6Address> given;
  std::vector<Ipv6Address> of(10000);
  for (std::uint32_t n = 0; n < 10000; ++n) {
    ASSERT_TRUE(t.offer(duid_of(n), 1, nullptr, 100, of[n])) << n;
    EXPECT_TRUE(t.in_range(of[n]));
    given.insert(of[n]);
  }
  EXPECT_EQ(given.size(), 10000u);
  EXPECT_EQ(t.size(), 10000u);
  for (std::uint32_t n = 0; n < 10000; n += 7) {
    Ipv6Address again{};
    ASSERT_TRUE(t.offer(duid_of(n), 1, nullptr, 120, again));  // a repeated Solicit
    EXPECT_EQ(again, of[n]);
    ASSERT_NE(t.find(duid_of(n), 1), nullptr);
    EXPECT_EQ(t.find(duid_of(n), 1)->address, of[n]);
  }
  EXPECT_EQ(t.size(), 10000u);
}

TEST(Dhcp6LeaseTable, AFullRangeSaysSoAndAnExpiredOfferIsTakenOver) {
  Lease6Table t = table("fd00:62::10", "fd00:62::11");
  Ipv6Address a{}, b{}, c{};
  ASSERT_TRUE(t.offer(duid_of(1), 1, nullptr, 100, a));
  ASSERT_TRUE(t.offer(duid_of(2), 1, nullptr, 100, b));
  EXPECT_NE(a, b);
  EXPECT_FALSE(t.offer(duid_of(3), 1, nullptr, 100, c)) << "both addresses are held";
  // Client 1's offer lapses: client 3 gets its address; client 1 then gets none.
  const std::int64_t later = 100 + Lease6Table::kOfferHoldSeconds + 1;
  ASSERT_TRUE(t.commit(duid_of(2), 1, nullptr, later - 2, 3600, b));
  ASSERT_TRUE(t.offer(duid_of(3), 1, nullptr, later, c));
  EXPECT_EQ(c, a);
  Ipv6Address d{};
  EXPECT_FALSE(t.offer(duid_of(1), 1, nullptr, later, d));
}

// Clients come and go (a boot farm, or Solicits with made-up DUIDs): their lapsed offers must
// not stay in the table for ever. On a /96 range addresses never run out, so only a sweep of
// what has expired keeps the table to about twice the clients live at one time.
TEST(Dhcp6LeaseTable, LapsedOffersOfClientsThatWentAwayAreForgotten) {
  Lease6Table t = table("fd00:62::1:0:0", "fd00:62::1:ffff:ffff");
  constexpr std::uint32_t kPerRound = 5000;
  std::int64_t now = 100;
  for (std::uint32_t round = 0; round < 8; ++round, now += Lease6Table::kOfferHoldSeconds + 1) {
    for (std::uint32_t n = 0; n < kPerRound; ++n) {
      Ipv6Address out{};
      ASSERT_TRUE(t.offer(duid_of(round * kPerRound + n), 1, nullptr, now, out));
    }
    EXPECT_LE(t.size(), 2 * kPerRound) << "round " << round << ": 40,000 clients seen in all";
  }
  const std::uint32_t last = 7 * kPerRound;
  for (std::uint32_t n = last; n < last + kPerRound; ++n)
    EXPECT_NE(t.find(duid_of(n), 1), nullptr) << "an offer still held is kept: " << n;
  // A committed lease outlives every sweep while it runs; an infinite one always.
  Ipv6Address kept{}, forever{}, out{};
  ASSERT_TRUE(t.commit(duid_of(900000), 1, nullptr, now, 3600, kept));
  ASSERT_TRUE(t.commit(duid_of(900001), 1, nullptr, now, 0xffffffffu, forever));
  for (std::uint32_t n = 0; n < 4 * kPerRound; ++n)
    ASSERT_TRUE(t.offer(duid_of(1000000 + n), 1, nullptr, now + 600, out));
  ASSERT_NE(t.find(duid_of(900000), 1), nullptr);
  EXPECT_EQ(t.find(duid_of(900000), 1)->address, kept);
  ASSERT_NE(t.find(duid_of(900001), 1), nullptr);
  EXPECT_EQ(t.find(duid_of(900001), 1)->address, forever);
  EXPECT_EQ(t.find(duid_of(last), 1), nullptr) << "a lapsed offer was swept";
}

// Offers, commits, renewals, releases and declines in random order while time passes and the
// sweeps run: a live (unexpired) lease is never lost nor shared, whatever was swept around it.
TEST(Dhcp6LeaseTable, SweepsNeverLoseOrShareALiveLease) {
  Lease6Table t = table("fd00:62::1000", "fd00:62::17ff");  // 2,048 addresses, 3,000 clients
  std::mt19937 random(62);
  std::int64_t now = 1000;
  // What each client was last given: its address and until when.
  std::unordered_map<std::uint32_t, std::pair<Ipv6Address, std::int64_t>> given;
  for (int step = 0; step < 60000; ++step) {
    if (random() % 50 == 0) now += random() % 40;
    const std::uint32_t client = random() % 3000;
    const auto duid = duid_of(client);
    Ipv6Address out{};
    bool got = false;
    switch (random() % 8) {
      case 0:
      case 1:
      case 2:
      case 3:
        got = t.offer(duid, 1, nullptr, now, out);
        break;
      case 4:
      case 5:
        got = t.commit(duid, 1, nullptr, now, 30 + random() % 200, out);
        break;
      case 6:
        got = t.extend(duid, 1, now, 100, out);
        break;
      default:
        if (random() % 2) {
          t.release(duid, 1);
        } else {
          t.decline(duid, 1, now, 20);
        }
        given.erase(client);
    }
    if (got) {
      const Lease6* lease = t.find(duid, 1);
      ASSERT_NE(lease, nullptr);
      ASSERT_EQ(lease->address, out);
      ASSERT_GT(lease->expires, now);
      given[client] = {out, lease->expires};
    }
    if (step % 5000 != 4999) continue;
    std::set<Ipv6Address> live;
    for (const auto& [c, what] : given) {
      if (what.second <= now) continue;
      const Lease6* lease = t.find(duid_of(c), 1);
      ASSERT_NE(lease, nullptr) << "client " << c << " lost its live lease";
      EXPECT_EQ(lease->address, what.first);
      EXPECT_TRUE(t.in_range(lease->address));
      EXPECT_TRUE(live.insert(lease->address).second) << "two live leases on one address";
    }
  }
}

TEST(Dhcp6LeaseTable, ADeclinedAddressIsHeldFromEveryoneUntilItsTime) {
  Lease6Table t = table("fd00:62::10", "fd00:62::10");  // one address
  Ipv6Address a{}, b{};
  ASSERT_TRUE(t.commit(duid_of(1), 1, nullptr, 100, 3600, a));
  t.decline(duid_of(1), 1, 200, 600);
  EXPECT_EQ(t.find(duid_of(1), 1), nullptr) << "the decliner holds nothing";
  EXPECT_FALSE(t.offer(duid_of(2), 1, &a, 300, b)) << "held by nobody until 800";
  EXPECT_FALSE(t.offer(duid_of(1), 1, nullptr, 300, b));
  ASSERT_TRUE(t.offer(duid_of(2), 1, nullptr, 801, b));
  EXPECT_EQ(b, a);
  EXPECT_EQ(t.size(), 1u) << "the declined hold was freed when taken over";
  EXPECT_EQ(t.to_text({}).find("* \n"), std::string::npos);
}

TEST(Dhcp6LeaseTable, TheLeaseFileKeepsDnsmasqsLinesAndReadsBack) {
  Lease6Table t = table();
  Ipv6Address a{}, b{};
  ASSERT_TRUE(t.commit(duid_of(1), 258, nullptr, 1000, 3600, a));
  ASSERT_TRUE(t.offer(duid_of(2), 1, nullptr, 1000, b));  // an offer is not written
  const std::vector<std::uint8_t> server = {0, 1, 0, 1, 1, 2, 3, 4, 2, 0x62, 0, 0, 0, 2};
  const std::string text = t.to_text(server);
  EXPECT_EQ(text, "duid 00:01:00:01:01:02:03:04:02:62:00:00:00:02\n4600 258 " + format_ipv6(a) +
                      " * 00:03:00:01:52:54:00:00:00:01\n");
  Lease6Table back = table();
  std::vector<std::uint8_t> server_back;
  std::vector<std::string> problems;
  back.load_text(text + "junk line\n", 2000, server_back, problems);
  EXPECT_EQ(server_back, server);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("line 3"), std::string::npos) << problems[0];
  ASSERT_NE(back.find(duid_of(1), 258), nullptr);
  EXPECT_EQ(back.find(duid_of(1), 258)->address, a);
  EXPECT_EQ(back.find(duid_of(1), 258)->expires, 4600);
  EXPECT_EQ(back.to_text(server), text);
  Ipv6Address taken{};
  EXPECT_TRUE(back.offer(duid_of(3), 1, &a, 2000, taken));
  EXPECT_NE(taken, a) << "a loaded lease's address is held";
}

// The index against a reference map through inserts and erases in random order (erasing
// shifts later entries of a probe run back: every key must stay reachable).
TEST(Dhcp6LeaseTable, TheIndexFindsEverySlotThroughChurn) {
  SlotIndex index;
  std::unordered_map<std::uint32_t, std::uint64_t> reference;  // slot -> hash
  std::mt19937 random(12);
  auto find = [&](std::uint64_t hash, std::uint32_t slot) {
    return index.find(hash, [&](std::uint32_t s) { return s == slot; });
  };
  for (std::uint32_t round = 0; round < 20000; ++round) {
    const std::uint32_t slot = random() % 3000;
    // Few distinct hashes: long probe runs and equal hashes for different slots.
    const std::uint64_t hash = random() % 500;
    if (const auto it = reference.find(slot); it != reference.end()) {
      const std::uint64_t its_hash = it->second;
      EXPECT_EQ(find(its_hash, slot), slot);
      EXPECT_TRUE(index.erase(its_hash, slot));
      reference.erase(it);
      EXPECT_EQ(find(its_hash, slot), SlotIndex::kNone);
    } else {
      index.insert(hash, slot);
      reference.emplace(slot, hash);
    }
  }
  EXPECT_EQ(index.size(), reference.size());
  for (const auto& [slot, hash] : reference) EXPECT_EQ(find(hash, slot), slot) << slot;
  EXPECT_FALSE(index.erase(12345, 99999));
}

}  // namespace
}  // namespace pxescope::responder
