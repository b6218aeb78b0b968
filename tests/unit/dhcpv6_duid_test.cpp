// The one DUID table (analyzer/dhcpv6/dhcpv6_duid.hpp): the dissector shows exactly its rows'
// fields, the registry registers them, the story's and the responder's MAC comes from it, and
// the responder's own DUIDs are built by it.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "analyzer/dhcpv6/dhcpv6_dissector.hpp"
#include "analyzer/dhcpv6/dhcpv6_duid.hpp"
#include "analyzer/fields/field_registry.hpp"
#include "responder/dhcp6/dhcp6_request.hpp"

using namespace pxescope;
using namespace pxescope::dhcpv6;
using Bytes = std::vector<std::uint8_t>;

namespace {

const std::array<std::uint8_t, 6> kMac{0x52, 0x54, 0, 0xc0, 0xff, 0xee};

// A Solicit whose only option is a Client Identifier holding `duid`.
Bytes solicit_with_client_id(const Bytes& duid) {
  Bytes m(8 + duid.size());
  const std::uint8_t header[] = {1,
                                 0x12,
                                 0x34,
                                 0x56,
                                 0,
                                 1,
                                 static_cast<std::uint8_t>(duid.size() >> 8),
                                 static_cast<std::uint8_t>(duid.size())};
  std::copy(std::begin(header), std::end(header), m.begin());
  std::copy(duid.begin(), duid.end(), m.begin() + 8);
  return m;
}

// A DUID of `row`'s type with its fixed fields and, when a field takes the rest, 6 more bytes.
Bytes sample_duid(const DuidLayout& row) {
  Bytes d(row.min_size() + (row.fixed_size() ? 0 : 6), 0x11);
  d[0] = static_cast<std::uint8_t>(row.type >> 8);
  d[1] = static_cast<std::uint8_t>(row.type);
  return d;
}

}  // namespace

TEST(Dhcpv6Duid, TheTableHasTsharksFourTypes) {
  std::vector<std::string> names;
  for (const dhcp::ValueName& n : duid_type_names()) names.emplace_back(n.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{
                "link-layer address plus time", "assigned by vendor based on Enterprise number",
                "link-layer address", "Universally Unique Identifier (UUID)"}));
  ASSERT_NE(find_duid_layout(1), nullptr);
  EXPECT_EQ(find_duid_layout(1)->min_size(), 8u);  // type, hardware type, time
  EXPECT_EQ(find_duid_layout(2)->min_size(), 6u);  // type, enterprise number
  EXPECT_EQ(find_duid_layout(3)->min_size(), 4u);  // type, hardware type
  EXPECT_EQ(find_duid_layout(4)->min_size(), 18u);
  EXPECT_TRUE(find_duid_layout(4)->fixed_size());
  EXPECT_FALSE(find_duid_layout(1)->fixed_size());
  EXPECT_EQ(find_duid_layout(0), nullptr);
  EXPECT_EQ(find_duid_layout(5), nullptr);
}

// The dissector walks the row: each field at its offset and size, in the row's order.
TEST(Dhcpv6Duid, TheDissectorShowsExactlyTheFieldsOfTheRow) {
  for (const DuidLayout& row : duid_layouts()) {
    SCOPED_TRACE(row.name);
    const Bytes duid = sample_duid(row);
    const Bytes message = solicit_with_client_id(duid);
    FieldTree tree;
    ASSERT_NE(dissect_dhcpv6(message, 0, tree), kNoNode);
    EXPECT_EQ(tree.count_warnings(Severity::Warn), 0u);
    const NodeId bytes = tree.find("dhcpv6.duid.bytes");
    ASSERT_NE(bytes, kNoNode);
    std::vector<std::string> shown;
    std::vector<std::uint32_t> offsets;
    tree.for_each_child(bytes, [&](NodeId id) {
      shown.emplace_back(tree[id].name);
      offsets.push_back(tree[id].offset);
    });
    std::vector<std::string> expected{"dhcpv6.duid.type"};
    std::vector<std::uint32_t> expected_offsets{8};
    std::uint32_t at = 10;
    for (const DuidField& f : row.fields) {
      if (f.part == DuidPart::None) break;
      expected.emplace_back(f.field);
      expected_offsets.push_back(at);
      at += f.size;
    }
    EXPECT_EQ(shown, expected);
    EXPECT_EQ(offsets, expected_offsets);
  }
}

TEST(Dhcpv6Duid, AShortDuidIsWarnedAboutAndAnUnknownTypeIsNamedSo) {
  for (const DuidLayout& row : duid_layouts()) {
    SCOPED_TRACE(row.name);
    Bytes duid = sample_duid(row);
    duid.resize(row.min_size() - 1);
    FieldTree tree;
    dissect_dhcpv6(solicit_with_client_id(duid), 0, tree);
    EXPECT_EQ(tree.count_warnings(Severity::Warn), 1u);
  }
  FieldTree tree;
  dissect_dhcpv6(solicit_with_client_id({0, 9, 1, 2, 3}), 0, tree);
  std::string scratch;
  EXPECT_EQ(node_text(tree[tree.find("dhcpv6.duid.type")], scratch), "DUID Type: Unknown (9)");
  EXPECT_EQ(tree.count_warnings(Severity::Warn), 0u);
}

TEST(Dhcpv6Duid, EveryFieldOfTheTableIsRegisteredWithItsType) {
  for (const DuidLayout& row : duid_layouts())
    for (const DuidField& f : row.fields) {
      if (f.part == DuidPart::None) break;
      const fields::RegisteredField* r = fields::find_field(f.field);
      ASSERT_NE(r, nullptr) << f.field;
      EXPECT_EQ(r->protocol, "dhcpv6");
      EXPECT_EQ(r->info.type, f.is_number() ? fields::FieldType::UInt : fields::FieldType::Bytes)
          << f.field;
    }
  EXPECT_EQ(fields::find_field("dhcpv6.duidllt.time")->info.description,
            "DUID Time (seconds since 2000-01-01)");
}

TEST(Dhcpv6Duid, TheMacOfAnEthernetLltOrLl) {
  const Bytes llt = {0, 1, 0, 1, 0x2a, 0x3b, 0x4c, 0x5d, 0x52, 0x54, 0, 0xc0, 0xff, 0xee};
  const Bytes ll = {0, 3, 0, 1, 0x52, 0x54, 0, 0xc0, 0xff, 0xee};
  EXPECT_EQ(duid_ethernet_mac(llt), kMac);
  EXPECT_EQ(duid_ethernet_mac(ll), kMac);
  const Bytes en = {0, 2, 0, 0, 0x01, 0x57, 0x52, 0x54, 0, 0xc0, 0xff, 0xee};
  const Bytes token_ring = {0, 3, 0, 6, 0x52, 0x54, 0, 0xc0, 0xff, 0xee};
  const Bytes ll_too_long = {0, 3, 0, 1, 0x52, 0x54, 0, 0xc0, 0xff, 0xee, 0};
  Bytes uuid(18, 0x52);
  uuid[0] = 0, uuid[1] = 4;
  for (const Bytes& d : {en, token_ring, ll_too_long, uuid, Bytes{0, 1}, Bytes{}})
    EXPECT_FALSE(duid_ethernet_mac(d));
}

TEST(Dhcpv6Duid, TheResponderBuildsItsDuidsFromTheTable) {
  EXPECT_EQ(duid_ll(kMac), (Bytes{0, 3, 0, 1, 0x52, 0x54, 0, 0xc0, 0xff, 0xee}));
  // 2000-01-01 00:00:00 UTC + 0x01020304 s
  EXPECT_EQ(duid_llt(kMac, 946684800 + 0x01020304),
            (Bytes{0, 1, 0, 1, 1, 2, 3, 4, 0x52, 0x54, 0, 0xc0, 0xff, 0xee}));
  EXPECT_EQ(duid_ethernet_mac(duid_ll(kMac)), kMac);
  EXPECT_EQ(duid_ethernet_mac(duid_llt(kMac, 0)), kMac);
}

// The responder keys a client by the MAC of its DUID, found through the same table.
TEST(Dhcpv6Duid, TheRespondersClientMacComesFromTheTable) {
  responder::Dhcp6Request request;
  const Bytes llt = duid_llt(kMac, 946684800 + 5);
  request.client_id = llt;
  std::array<std::uint8_t, 6> mac{};
  ASSERT_TRUE(request.mac(mac));
  EXPECT_EQ(mac, kMac);
  const Bytes en = {0, 2, 0, 0, 0x01, 0x57, 1, 2, 3, 4};
  request.client_id = en;
  EXPECT_FALSE(request.mac(mac));
}
