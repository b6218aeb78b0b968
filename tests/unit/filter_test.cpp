#include <gtest/gtest.h>

#include "analyzer/field_tree.hpp"
#include "analyzer/filter/display_filter.hpp"

using namespace pxescope;
using pxescope::filter::DisplayFilter;

namespace {

// A hand-built tree shaped like the dissector's output for a PXE DISCOVER.
FieldTree discover_tree() {
  FieldTree t;
  NodeId dhcp = t.add(kNoNode, "dhcp", 42, 300);
  NodeId mac = t.add(dhcp, "dhcp.hw.mac_addr", 70, 6);
  t.set_string(mac, "52:54:00:12:34:56");
  NodeId type = t.add(dhcp, "dhcp.option.dhcp", 282, 1);
  t.set_uint(type, 1);
  t.set_text(type, "DHCP: Discover (1)");
  NodeId arch = t.add(dhcp, "dhcp.option.client_system_architecture", 300, 2);
  t.set_uint(arch, 7);
  NodeId vc = t.add(dhcp, "dhcp.option.vendor_class_id", 310, 32);
  t.set_string(vc, "PXEClient:Arch:00007:UNDI:003016");
  return t;
}

bool eval(std::string_view text, const FieldTree& t) {
  std::string error;
  auto f = DisplayFilter::parse(text, error);
  EXPECT_TRUE(f.has_value()) << text << ": " << error;
  return f && f->matches(t);
}

std::string parse_error(std::string_view text) {
  std::string error;
  auto f = DisplayFilter::parse(text, error);
  EXPECT_FALSE(f.has_value()) << text;
  return error;
}

}  // namespace

TEST(DisplayFilter, EmptyMatchesEverything) {
  FieldTree t = discover_tree();
  std::string error;
  auto f = DisplayFilter::parse("   ", error);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->matches_everything());
  EXPECT_TRUE(f->matches(t));
}

TEST(DisplayFilter, NumbersAndStrings) {
  FieldTree t = discover_tree();
  EXPECT_TRUE(eval("dhcp.option.client_system_architecture == 7", t));
  EXPECT_TRUE(eval("dhcp.option.client_system_architecture == 0x7", t));
  EXPECT_FALSE(eval("dhcp.option.client_system_architecture == 9", t));
  EXPECT_TRUE(eval("dhcp.option.client_system_architecture >= 7", t));
  EXPECT_FALSE(eval("dhcp.option.client_system_architecture < 7", t));
  EXPECT_TRUE(eval("dhcp.hw.mac_addr contains 52:54", t));
  EXPECT_TRUE(eval("dhcp.hw.mac_addr == 52:54:00:12:34:56", t));
  EXPECT_TRUE(eval("dhcp.hw.mac_addr == \"52:54:00:12:34:56\"", t));
  EXPECT_TRUE(eval("dhcp.option.vendor_class_id contains pxeclient", t));
  EXPECT_FALSE(eval("dhcp.hw.mac_addr contains aa:bb", t));
  // An enum field compares with its value name too.
  EXPECT_TRUE(eval("dhcp.option.dhcp == discover", t));
  EXPECT_FALSE(eval("dhcp.option.dhcp == offer", t));
}

TEST(DisplayFilter, LogicAndPresence) {
  FieldTree t = discover_tree();
  EXPECT_TRUE(eval("dhcp", t));
  EXPECT_FALSE(eval("tftp", t));
  EXPECT_TRUE(eval("dhcp && !tftp", t));
  EXPECT_TRUE(eval("tftp || dhcp.option.dhcp == 1", t));
  EXPECT_FALSE(eval("tftp or (dhcp and not dhcp.option.dhcp == 1)", t));
  EXPECT_TRUE(eval("dhcp.option.dhcp != 2", t));
  EXPECT_FALSE(eval("dhcp.option.dhcp != 1", t));
  // "!=" on an absent field is false, like Wireshark.
  EXPECT_FALSE(eval("tftp.opcode != 1", t));
}

TEST(DisplayFilter, ErrorsSayWhereAndWhat) {
  EXPECT_EQ(parse_error("dhcp.option.dhcp =="), "column 20: expected a value after '=='");
  EXPECT_EQ(parse_error("dhcp.option.dhcp = 1"), "column 18: '=' is not an operator: use '=='");
  EXPECT_EQ(parse_error("(dhcp"), "column 6: missing ')'");
  EXPECT_EQ(parse_error("dhcp &&"),
            "column 8: expected a field name or '(' at the end of the filter");
  EXPECT_EQ(parse_error("a == \"x"), "column 8: unterminated string: add the closing '\"'");
  EXPECT_EQ(parse_error("a > x"), "column 6: '>' needs a number, not 'x'");
  EXPECT_NE(parse_error("dhcp dhcp").find("unexpected 'dhcp'"), std::string::npos);
}
