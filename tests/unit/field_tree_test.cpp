#include <gtest/gtest.h>

#include "analyzer/field_tree.hpp"

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
