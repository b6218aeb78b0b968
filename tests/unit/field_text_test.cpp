// Lazy node texts: a node whose line was not stored shows the registry's default line,
// "Description: value" (value names, hex), the same in node_text (-V, the GUI) and in JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analyzer/field_tree.hpp"
#include "analyzer/render.hpp"
#include "unit/node_text_support.hpp"

using namespace pxescope;
using pxescope::testing::json_text;
using pxescope::testing::text;

TEST(FieldText, DefaultLineIsDescriptionAndValue) {
  FieldTree t;
  const NodeId port = t.add(kNoNode, "udp.srcport", 0, 2);
  t.set_uint(port, 68);
  const NodeId mac = t.add(kNoNode, "eth.src", 0, 6);
  t.set_string(mac, "52:54:00:7b:be:06");
  const NodeId offset = t.add(kNoNode, "dhcp.option.time_offset", 0, 4);
  t.set_int(offset, -3600);
  EXPECT_EQ(text(t, port), "Source Port: 68");
  EXPECT_EQ(text(t, mac), "Source: 52:54:00:7b:be:06");
  EXPECT_EQ(text(t, offset), "Time Offset: -3600");
  for (NodeId id : {port, mac, offset}) EXPECT_EQ(json_text(t, id), text(t, id));
}

TEST(FieldText, ValueNamesAndHexFollowTheRegistration) {
  FieldTree t;
  const NodeId ipv4 = t.add(kNoNode, "eth.type", 12, 2);
  t.set_uint(ipv4, 0x0800);
  const NodeId unknown = t.add(kNoNode, "vlan.etype", 16, 2);
  t.set_uint(unknown, 0x1234);
  const NodeId pkttype = t.add(kNoNode, "sll.pkttype", 0, 2);
  t.set_uint(pkttype, 1);
  const NodeId checksum = t.add(kNoNode, "ip.checksum", 24, 2);
  t.set_uint(checksum, 0xab);
  const NodeId xid = t.add(kNoNode, "dhcp.id", 4, 4);
  t.set_uint(xid, 0x9935c4c7);
  EXPECT_EQ(text(t, ipv4), "Type: IPv4 (0x0800)");
  EXPECT_EQ(text(t, unknown), "Type: Unknown (0x1234)");
  EXPECT_EQ(text(t, pkttype), "Packet type: Broadcast (1)");
  EXPECT_EQ(text(t, checksum), "Header Checksum: 0x00ab");
  EXPECT_EQ(text(t, xid), "Transaction ID: 0x9935c4c7");
  for (NodeId id : {ipv4, unknown, pkttype, checksum, xid})
    EXPECT_EQ(json_text(t, id), text(t, id));
}

TEST(FieldText, StoredTextWinsAndUnregisteredNamesShowTheName) {
  FieldTree t;
  const NodeId stored = t.add(kNoNode, "udp.dstport", 2, 2);
  t.set_uint(stored, 67);
  t.set_text(stored, "Destination Port: bootps (67)");
  const NodeId unregistered = t.add(kNoNode, "x.made_up", 0, 1);
  t.set_bool(unregistered, true);
  const NodeId container = t.add(kNoNode, "x.\"quoted\"", 0, 1);
  EXPECT_EQ(text(t, stored), "Destination Port: bootps (67)");
  EXPECT_EQ(text(t, unregistered), "x.made_up: True");
  EXPECT_EQ(text(t, container), "x.\"quoted\"");
  // An unregistered name is escaped in JSON, in its "name" and in its text.
  std::string out;
  append_node_json(t, container, out);
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["name"], "x.\"quoted\"");
  EXPECT_EQ(j["text"], "x.\"quoted\"");
  for (NodeId id : {stored, unregistered}) EXPECT_EQ(json_text(t, id), text(t, id));
}

TEST(FieldText, ClearedNodesForgetTheirStoredText) {
  FieldTree t;
  NodeId id = t.add(kNoNode, "udp.length", 4, 2);
  t.set_uint(id, 300);
  t.set_text(id, "special");
  t.clear();
  id = t.add(kNoNode, "udp.length", 4, 2);  // the same pooled node, reused
  t.set_uint(id, 308);
  EXPECT_EQ(text(t, id), "Length: 308");
}
