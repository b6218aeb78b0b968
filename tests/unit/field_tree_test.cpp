#include <gtest/gtest.h>

#include "analyzer/field_tree.hpp"

#include <string>

#include "analyzer/fields/field_registry.hpp"

using namespace pxescope;

TEST(FieldTree, BuildsParentChildLinksAndReusesNodes) {
  FieldTree t;
  for (int round = 0; round < 2; ++round) {
    t.clear();
    NodeId root = t.add(kNoNode, "dhcp", 42, 300);
    NodeId a = t.add(root, "dhcp.type", 42, 1);
    t.set_uint(a, 1);
    NodeId b = t.add(root, "dhcp.hw.mac_addr", 70, 6);
    t.set_string(b, "52:54:00:7b:ba:20");
    t.warn(b, Severity::Warn, "odd");
    EXPECT_EQ(t.size(), 3u);
    EXPECT_EQ(t.first_root(), root);
    EXPECT_EQ(t[root].first_child, a);
    EXPECT_EQ(t[a].next_sibling, b);
    EXPECT_EQ(t[b].parent, root);
    EXPECT_EQ(t.find("dhcp.hw.mac_addr"), b);
    EXPECT_EQ(t.find("dhcp.hw.mac_addr", root), b);
    EXPECT_EQ(t.find("nope"), kNoNode);
    EXPECT_EQ(t.count_warnings(), 1u);
    EXPECT_EQ(t.node_at_offset(72), b);
    EXPECT_EQ(t.node_at_offset(50), root);
    EXPECT_EQ(t[b].str_value, "52:54:00:7b:ba:20");
  }
}

// Each node carries its registration (Wireshark's hf_ index), looked up when the node is
// added: views read it instead of looking the name up per node. A pool slot that held another
// name in the previous packet, or a name the registry lacks, must not keep a stale one.
TEST(FieldTree, EachNodeCarriesItsRegistration) {
  FieldTree t;
  const auto registration = [](std::string_view name) {
    const fields::RegisteredField* f = fields::find_field(name);
    return f ? &f->info : nullptr;
  };
  ASSERT_NE(registration("udp.srcport"), nullptr);
  ASSERT_NE(registration("ip.src"), nullptr);
  ASSERT_EQ(registration("pxescope.not.a.field"), nullptr);
  const std::string_view by_round[][2] = {{"udp.srcport", "ip.src"},
                                          {"ip.src", "pxescope.not.a.field"},
                                          {"pxescope.not.a.field", "udp.srcport"},
                                          {"udp.srcport", "ip.src"}};
  for (const auto& names : by_round) {
    t.clear();
    const NodeId a = t.add(kNoNode, names[0], 0, 2);
    const NodeId b = t.add(a, names[1], 0, 4);
    EXPECT_EQ(t[a].info, registration(names[0])) << names[0];
    EXPECT_EQ(t[b].info, registration(names[1])) << names[1];
  }
  // A name in other storage (not the same literal) finds the same registration.
  const std::string copy = "udp.srcport";
  t.clear();
  EXPECT_EQ(t[t.add(kNoNode, copy, 0, 2)].info, registration("udp.srcport"));
}
