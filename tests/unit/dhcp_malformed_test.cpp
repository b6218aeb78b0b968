// Malformed BOOTP/DHCP: each problem becomes a warning on the field it concerns, and
// decoding goes on. Plus a bounded pseudo-random mutation sweep: every node stays inside
// the payload (run under ASan/UBSan in CI).
#include <gtest/gtest.h>

#include <random>

#include "unit/dhcp_test_util.hpp"

using namespace dhcp_test;
using pxescope::Severity;

namespace {

void expect_nodes_in_bounds(const FieldTree& t, std::size_t payload_size) {
  for (NodeId i = 0; i < t.size(); ++i) {
    EXPECT_GE(t[i].offset, kBase) << t[i].name;
    EXPECT_LE(t[i].offset + t[i].length, kBase + payload_size) << t[i].name;
  }
}

}  // namespace

TEST(DhcpMalformed, OptionLengthPastTheEnd) {
  Bytes p = bootp();
  opt(p, 53, {1});
  p.push_back(12);  // Host Name claiming 20 bytes, only 3 follow
  p.push_back(20);
  p.insert(p.end(), {'a', 'b', 'c'});
  FieldTree t;
  dissect(p, t);
  const NodeId o = option(t, 12);
  ASSERT_NE(o, kNoNode);
  EXPECT_TRUE(has_warning(t, o, "option length 20 runs past the end of the packet (3 bytes left)"));
  EXPECT_EQ(t[t.find("dhcp.option.hostname")].str_value, "abc");  // decoded as far as it goes
  EXPECT_EQ(t[o].length, 5u);
  EXPECT_TRUE(has_warning(t, t.first_root(), "End option (255) missing"));
  expect_nodes_in_bounds(t, p.size());
}

TEST(DhcpMalformed, MissingEnd) {
  Bytes p = bootp();
  opt(p, 53, {1});
  FieldTree t;
  dissect(p, t);
  EXPECT_TRUE(has_warning(t, t.first_root(), "End option (255) missing"));
  EXPECT_EQ(t[t.find("dhcp.option.dhcp")].uint_value, 1u);
}

TEST(DhcpMalformed, JunkAfterEnd) {
  Bytes p = bootp();
  opt(p, 53, {1});
  end(p);
  p.insert(p.end(), {0, 0, 0x41, 0x42});
  FieldTree t;
  dissect(p, t);
  const NodeId junk = t.find("dhcp.option.trailing_data");
  ASSERT_NE(junk, kNoNode);
  EXPECT_TRUE(has_warning(t, junk, "junk after the End option"));
  EXPECT_EQ(t[junk].offset, kBase + 244);
  EXPECT_EQ(t[junk].length, 4u);

  Bytes q = bootp();
  opt(q, 53, {1});
  end(q);
  q.insert(q.end(), 10, 0);  // zero padding after End is normal
  dissect(q, t);
  EXPECT_NE(t.find("dhcp.option.padding"), kNoNode);
  EXPECT_EQ(t.count_warnings(Severity::Note), 0u);
}

TEST(DhcpMalformed, TypedOptionOfTheWrongLength) {
  Bytes p = bootp();
  opt(p, 53, {1, 2});            // u8 with 2 bytes
  opt(p, 1, {255, 255, 0});      // ipv4 with 3 bytes
  opt(p, 3, {10, 0, 0, 1, 10});  // ipv4 list, not a multiple of 4
  opt(p, 57, {});                // u16 with 0 bytes
  opt(p, 94, {1, 3});            // record of 3 with 2
  opt(p, 97, {0, 1, 2, 3});      // GUID of the wrong length
  end(p);
  FieldTree t;
  dissect(p, t);
  EXPECT_TRUE(has_warning(t, option(t, 53), "DHCP Message Type must be 1 byte, got 2 bytes"));
  EXPECT_EQ(t[t.find("dhcp.option.dhcp")].uint_value, 1u);  // first byte still decoded
  EXPECT_TRUE(has_warning(t, option(t, 1), "Subnet Mask must be 4 bytes, got 3 bytes"));
  EXPECT_TRUE(has_warning(t, option(t, 3), "list of 4-byte items, got 5 bytes"));
  EXPECT_EQ(all(t, "dhcp.option.router").size(), 1u);
  EXPECT_TRUE(has_warning(t, option(t, 57), "must be 2 bytes, got 0 bytes"));
  EXPECT_TRUE(has_warning(t, option(t, 94), "Client Network Device Interface must be 3 bytes"));
  EXPECT_TRUE(has_warning(t, option(t, 97), "must be 17 bytes"));
  expect_nodes_in_bounds(t, p.size());
}

TEST(DhcpMalformed, BadMagicCookie) {
  Bytes p = bootp();
  p[239] = 0x64;
  opt(p, 53, {1});
  end(p);
  FieldTree t;
  dissect(p, t);
  const NodeId c = t.find("dhcp.cookie");
  ASSERT_NE(c, kNoNode);
  EXPECT_EQ(t[c].str_value, "99.130.83.100");
  EXPECT_TRUE(has_warning(t, c, "bad magic cookie 99.130.83.100"));
  EXPECT_EQ(t[c].warnings[0].severity, Severity::Error);
  EXPECT_NE(t.find("dhcp.option.dhcp"), kNoNode);  // options decoded anyway
}

TEST(DhcpMalformed, TruncatedPayloadAtEveryLength) {
  Bytes full = bootp();
  opt(full, 53, {1});
  opt(full, 60, "PXEClient:Arch:00000:UNDI:002001");
  end(full);
  FieldTree t;
  for (std::size_t n = 0; n <= full.size(); ++n) {
    SCOPED_TRACE(n);
    Bytes p(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    const NodeId root = dissect(p, t);
    ASSERT_NE(root, kNoNode);
    EXPECT_EQ(t[root].length, n);
    if (n < 236) {
      EXPECT_TRUE(has_warning(t, root, "truncated BOOTP header"));
      EXPECT_EQ(t[root].warnings[0].severity, Severity::Error);
      if (n > 108) {
        EXPECT_TRUE(has_warning(t, t.find("dhcp.file"), "cut short"));
      }
    } else if (n == 236) {
      EXPECT_TRUE(has_warning(t, root, "plain BOOTP"));
    } else if (n < 240) {
      EXPECT_TRUE(has_warning(t, t.find("dhcp.cookie"), "truncated magic cookie"));
    } else if (n < full.size()) {
      EXPECT_TRUE(any_warning(t, "missing") || any_warning(t, "runs past") ||
                  any_warning(t, "no room"));
    }
    expect_nodes_in_bounds(t, n);
  }
  // Header fields present so far are still decoded.
  Bytes head(full.begin(), full.begin() + 9);
  dissect(head, t);
  EXPECT_EQ(t[t.find("dhcp.id")].uint_value, 0xdeadbeefu);
  EXPECT_EQ(t.find("dhcp.secs"), kNoNode);
}

TEST(DhcpMalformed, HardwareAddressLengthOver16) {
  Bytes p = bootp();
  p[2] = 20;
  opt(p, 53, {1});
  end(p);
  FieldTree t;
  dissect(p, t);
  EXPECT_TRUE(has_warning(t, t.find("dhcp.hw.len"), "over 16"));
  const NodeId a = t.find("dhcp.hw.addr");
  ASSERT_NE(a, kNoNode);
  EXPECT_EQ(t[a].length, 16u);
  EXPECT_EQ(t.find("dhcp.hw.addr_padding"), kNoNode);
}

TEST(DhcpMalformed, SubOptionLengthPastOptionEnd) {
  Bytes p = bootp(2);
  opt(p, 60, "PXEClient");
  opt(p, 43, {9, 30, 0x80, 0x00, 3, 'a'});
  end(p);
  FieldTree t;
  dissect(p, t);
  const NodeId sub = t.find("dhcp.option.vendor.pxeclient.suboption");
  ASSERT_NE(sub, kNoNode);
  EXPECT_TRUE(has_warning(t, sub, "sub-option length 30 runs past the end of the option"));
  EXPECT_TRUE(any_warning(t, "boot menu description runs past"));
  EXPECT_TRUE(has_warning(t, option(t, 43), "should end with End (255)"));
  expect_nodes_in_bounds(t, p.size());
}

TEST(DhcpMalformed, OptionCodeWithoutLengthByte) {
  Bytes p = bootp();
  opt(p, 53, {1});
  p.push_back(61);
  FieldTree t;
  dissect(p, t);
  EXPECT_TRUE(has_warning(t, option(t, 61), "no room left for its length byte"));
}

TEST(DhcpMalformed, VendorClassNotFollowingThePattern) {
  Bytes p = bootp();
  opt(p, 60, "PXEClient:Arch:x7:UNDI");
  end(p);
  FieldTree t;
  dissect(p, t);
  EXPECT_TRUE(has_warning(t, t.find("dhcp.option.vendor_class_id"), "Arch field is not 5"));
}

TEST(DhcpMalformed, OverloadedFieldWithoutEnd) {
  Bytes p = bootp(2);
  const std::uint8_t in_file[] = {67, 2, 'a', 'b'};
  std::copy(std::begin(in_file), std::end(in_file), p.begin() + 108);
  std::fill(p.begin() + 112, p.begin() + 236, 0x01);  // junk, no End
  opt(p, 52, {1});
  end(p);
  FieldTree t;
  dissect(p, t);
  EXPECT_TRUE(has_warning(t, t.find("dhcp.file"), "no End option"));
  expect_nodes_in_bounds(t, p.size());
}

TEST(DhcpMalformed, RandomMutationsStayInBounds) {
  Bytes base = bootp();
  opt(base, 53, {1});
  opt(base, 52, {3});
  opt(base, 60, "PXEClient:Arch:00007:UNDI:003016");
  opt(base, 43, {6, 1, 3, 8, 7, 0x80, 0, 1, 10, 0, 0, 1, 9, 5, 0x80, 0, 2, 'h', 'i', 255});
  opt(base, 93, {0, 7});
  opt(base, 97, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
  opt(base, 175, {0xb1, 5, 1, 0x1a, 0xf4, 0x10, 0x00, 0xff});
  opt(base, 82, {1, 2, 'x', 'y'});
  opt(base, 43, {10, 2, 5, 'P', 255});
  opt(base, 119, {3, 'a', 'b', 'c', 0, 1, 'x', 0xc0, 0});
  opt(base, 121, {24, 10, 1, 2, 10, 0, 0, 1});
  opt(base, 77, {4, 'i', 'P', 'X', 'E'});
  end(base);
  std::mt19937 rng(12345);  // fixed seed: reproducible
  FieldTree t;
  for (int round = 0; round < 20000; ++round) {
    Bytes p = base;
    const int flips = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < flips; ++k) p[rng() % p.size()] = static_cast<std::uint8_t>(rng());
    p.resize(rng() % (p.size() + 1));
    dissect(p, t);
    for (NodeId i = 0; i < t.size(); ++i)
      ASSERT_LE(t[i].offset + t[i].length, kBase + p.size())
          << "round " << round << " " << t[i].name;
  }
}

TEST(DhcpMalformed, LittleEndianSecondsReadAsTsharkDoes) {
  Bytes p = bootp();
  p[8] = 3;  // "03 00": 768 big-endian, 3 little-endian
  opt(p, 53, {1});
  end(p);
  FieldTree t;
  dissect(p, t);
  const NodeId s = t.find("dhcp.secs");
  EXPECT_EQ(t[s].uint_value, 3u);
  EXPECT_TRUE(has_warning(t, s, "little-endian (big-endian would be 768)"));
  p[8] = 1, p[9] = 2;  // 258 either way round is plausible: big-endian
  dissect(p, t);
  EXPECT_EQ(t[t.find("dhcp.secs")].uint_value, 258u);
  EXPECT_TRUE(t[t.find("dhcp.secs")].warnings.empty());
}
