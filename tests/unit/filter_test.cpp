// The display filter's syntax and semantics on hand-built trees (tshark agreement on real
// captures is filter_tshark_test.cpp): Wireshark 4's operators and quantifiers, typed values,
// slices, sets, regexes, frame.* fields, errors, and no allocation once warm.
#include <gtest/gtest.h>

#include "analyzer/field_tree.hpp"
#include "analyzer/filter/display_filter.hpp"
#include "analyzer/filter/filter_value.hpp"
#include "unit/allocation_counter.hpp"

using namespace pxescope;
using pxescope::filter::DisplayFilter;
using pxescope::filter::FrameContext;

namespace {

NodeId add_uint(FieldTree& t, NodeId parent, std::string_view name, std::uint64_t v) {
  const NodeId id = t.add(parent, name, 0, 0);
  t.set_uint(id, v);
  return id;
}
NodeId add_string(FieldTree& t, NodeId parent, std::string_view name, std::string_view v) {
  const NodeId id = t.add(parent, name, 0, 0);
  t.set_string(id, v);
  return id;
}

// A hand-built tree shaped like the dissector's output for a PXE DISCOVER, with the frame
// bytes the protocol nodes point into.
struct Discover {
  FieldTree tree;
  std::vector<std::uint8_t> bytes = std::vector<std::uint8_t>(60, 0);
  FrameContext frame;
  Discover() {
    for (std::size_t i = 0; i < 6; ++i) bytes[i] = 0xff;
    const std::uint8_t src[] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    std::copy(std::begin(src), std::end(src), bytes.begin() + 6);
    bytes[12] = 0x08;
    const char text[] = "PXEClient";
    std::copy(text, text + 9, bytes.begin() + 50);
    NodeId eth = tree.add(kNoNode, "eth", 0, 14);
    add_string(tree, eth, "eth.dst", "ff:ff:ff:ff:ff:ff");
    add_string(tree, eth, "eth.src", "52:54:00:12:34:56");
    NodeId ip = tree.add(kNoNode, "ip", 14, 20);
    add_string(tree, ip, "ip.src", "0.0.0.0");
    add_string(tree, ip, "ip.dst", "192.168.77.255");
    NodeId udp = tree.add(kNoNode, "udp", 34, 8);
    add_uint(tree, udp, "udp.srcport", 68);
    add_uint(tree, udp, "udp.dstport", 67);
    NodeId dhcp = tree.add(kNoNode, "dhcp", 42, 18);
    add_string(tree, dhcp, "dhcp.hw.mac_addr", "52:54:00:12:34:56");
    NodeId flags = tree.add(dhcp, "dhcp.flags.bc", 0, 0);
    tree.set_bool(flags, true);
    for (std::uint64_t type : {53, 93, 60, 255}) add_uint(tree, dhcp, "dhcp.option.type", type);
    NodeId type = add_uint(tree, dhcp, "dhcp.option.dhcp", 1);
    tree.set_text(type, "DHCP: Discover (1)");
    add_uint(tree, dhcp, "dhcp.option.client_system_architecture", 7);
    add_string(tree, dhcp, "dhcp.option.vendor_class_id", "PXEClient:Arch:00007:UNDI:003016");
    frame.number = 12;
    frame.len = 342;
    frame.cap_len = 60;
    frame.time_ns = 1795824000'500000000;  // 2026-11-28 00:00:00.5 UTC
    frame.relative_ns = 1'250000000;
    frame.delta_ns = 2000000;
    frame.data = bytes;
  }
};

bool eval(std::string_view text, const Discover& d) {
  std::string error;
  auto f = DisplayFilter::parse(text, error);
  EXPECT_TRUE(f.has_value()) << text << ": " << error;
  return f && f->matches(d.tree, d.frame);
}

std::string parse_error(std::string_view text) {
  std::string error;
  auto f = DisplayFilter::parse(text, error);
  EXPECT_FALSE(f.has_value()) << text;
  return error;
}

}  // namespace

TEST(DisplayFilter, EmptyMatchesEverything) {
  Discover d;
  std::string error;
  auto f = DisplayFilter::parse("   ", error);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->matches_everything());
  EXPECT_TRUE(f->matches(d.tree));
}

TEST(DisplayFilter, NumbersInEverySpelling) {
  Discover d;
  EXPECT_TRUE(eval("dhcp.option.client_system_architecture == 7", d));
  EXPECT_TRUE(eval("dhcp.option.client_system_architecture == 0x7", d));
  EXPECT_TRUE(eval("dhcp.option.client_system_architecture == 07", d));
  EXPECT_TRUE(eval("dhcp.option.client_system_architecture == 0b111", d));
  EXPECT_FALSE(eval("dhcp.option.client_system_architecture == 9", d));
  EXPECT_TRUE(eval("dhcp.option.client_system_architecture >= 7", d));
  EXPECT_TRUE(eval("dhcp.option.client_system_architecture ge 7 and udp.srcport lt 100", d));
  EXPECT_FALSE(eval("dhcp.option.client_system_architecture < 7", d));
  EXPECT_TRUE(eval("dhcp.flags.bc == True && dhcp.flags.bc == 1 && !(dhcp.flags.bc == 0)", d));
  // An enum field compares with its value's name too, without case.
  EXPECT_TRUE(eval("dhcp.option.dhcp == Discover", d));
  EXPECT_TRUE(eval("dhcp.option.dhcp == \"discover\"", d));
  EXPECT_FALSE(eval("dhcp.option.dhcp == offer", d));
}

TEST(DisplayFilter, StringsAreCaseSensitiveLikeWireshark) {
  Discover d;
  EXPECT_TRUE(eval("dhcp.option.vendor_class_id contains \"PXEClient\"", d));
  EXPECT_FALSE(eval("dhcp.option.vendor_class_id contains \"pxeclient\"", d));
  EXPECT_TRUE(eval("dhcp.option.vendor_class_id == \"PXEClient:Arch:00007:UNDI:003016\"", d));
  EXPECT_TRUE(eval("dhcp.option.vendor_class_id matches \"^PXEClient:Arch:0000[07]\"", d));
  EXPECT_FALSE(eval("dhcp.option.vendor_class_id ~ \"^pxeclient\"", d));
  EXPECT_TRUE(eval("dhcp.option.vendor_class_id ~ \"(?i)^pxeclient\"", d));
  // Escapes in string literals: \x41 is 'A', \" a quote, r"..." keeps backslashes.
  EXPECT_TRUE(eval("dhcp.option.vendor_class_id contains \"\\x41rch\"", d));
  EXPECT_TRUE(eval("dhcp.option.vendor_class_id matches r\"Arch:\\d{5}\"", d));
  EXPECT_TRUE(
      eval("dhcp.option.vendor_class_id > \"PXE\" && dhcp.option.vendor_class_id < \"Q\"", d));
}

TEST(DisplayFilter, MacAndIpValuesAreTyped) {
  Discover d;
  for (const char* mac : {"52:54:00:12:34:56", "52-54-00-12-34-56", "5254.0012.3456",
                          "52:54:00:12:34:56", "52:54:00:12:34:56"})
    EXPECT_TRUE(eval(std::string("dhcp.hw.mac_addr == ") + mac, d)) << mac;
  EXPECT_TRUE(eval("eth.src == 52:54:00:12:34:56", d));
  EXPECT_TRUE(eval("eth.src == 52:54:00:12:34:56 && eth.src == 52:54:00:12:34:56", d));
  EXPECT_TRUE(eval("eth.addr == ff:ff:ff:ff:ff:ff", d));  // src or dst
  EXPECT_TRUE(eval("eth.src contains 00:12", d));
  EXPECT_TRUE(eval("ip.dst == 192.168.77.0/24", d));
  EXPECT_FALSE(eval("ip.dst == 192.168.78.0/24", d));
  EXPECT_TRUE(eval("ip.addr == 0.0.0.0", d));
  EXPECT_TRUE(eval("ip.dst > 192.168.77.1", d));
  EXPECT_TRUE(eval("ip.addr in {10.0.0.0/8, 192.168.0.0/16}", d));
}

TEST(DisplayFilter, QuantifiersOfFieldsThatOccurSeveralTimes) {
  Discover d;
  // udp.port reads udp.srcport (68) and udp.dstport (67).
  EXPECT_TRUE(eval("udp.port == 67", d));   // any equal
  EXPECT_FALSE(eval("udp.port != 67", d));  // all not equal = !(udp.port == 67)
  EXPECT_TRUE(eval("udp.port != 69", d));
  EXPECT_FALSE(eval("udp.port === 67", d));  // all equal
  EXPECT_TRUE(eval("udp.port !== 67", d));   // any not equal
  EXPECT_TRUE(eval("udp.port all_ne 69 and udp.port any_eq 68", d));
  EXPECT_TRUE(eval("dhcp.option.type == 60 && dhcp.option.type != 43", d));
  EXPECT_FALSE(eval("dhcp.option.type all_eq 53", d));
  // Any test on an absent field is false, even != and !==.
  EXPECT_FALSE(eval("tftp.opcode != 1", d));
  EXPECT_FALSE(eval("tftp.opcode !== 1", d));
  EXPECT_FALSE(eval("tftp.opcode === 1", d));
  EXPECT_TRUE(eval("!(tftp.opcode == 1)", d));
}

TEST(DisplayFilter, LogicAndPresence) {
  Discover d;
  EXPECT_TRUE(eval("dhcp", d));
  EXPECT_TRUE(eval("dhcp.option.vendor_class_id", d));
  EXPECT_FALSE(eval("tftp", d));
  EXPECT_TRUE(eval("dhcp && !tftp", d));
  EXPECT_TRUE(eval("!dhcp && udp || dhcp", d));  // && binds tighter than ||
  EXPECT_TRUE(eval("tftp || dhcp.option.dhcp == 1", d));
  EXPECT_FALSE(eval("tftp or (dhcp and not dhcp.option.dhcp == 1)", d));
  EXPECT_TRUE(eval("dhcp xor tftp", d));
  EXPECT_FALSE(eval("dhcp ^^ udp", d));
  EXPECT_TRUE(eval("frame", d));
}

TEST(DisplayFilter, SetsAndRanges) {
  Discover d;
  EXPECT_TRUE(eval("udp.dstport in {67 68 4011}", d));    // Wireshark 3.x: blanks
  EXPECT_TRUE(eval("udp.dstport in {67, 68, 4011}", d));  // 4.x: commas
  EXPECT_FALSE(eval("udp.dstport in {69, 4011}", d));
  EXPECT_TRUE(eval("dhcp.option.client_system_architecture in {0, 6..9}", d));
  EXPECT_FALSE(eval("dhcp.option.client_system_architecture in {8..10}", d));
  EXPECT_TRUE(eval("dhcp.option.dhcp in {Offer, Discover}", d));
  EXPECT_TRUE(eval("frame.number in {1..5, 10..20}", d));
  EXPECT_TRUE(eval("dhcp.option.client_system_architecture not in {0, 6}", d));
  EXPECT_FALSE(eval("dhcp.option.client_system_architecture not in {7}", d));
}

TEST(DisplayFilter, Slices) {
  Discover d;
  EXPECT_TRUE(eval("dhcp.hw.mac_addr[0:3] == 52:54:00", d));
  EXPECT_TRUE(eval("eth.src[1-2] == 54:00", d));
  EXPECT_TRUE(eval("eth.src[-1] == 56", d));
  EXPECT_TRUE(eval("eth.src[2] == 00", d));
  EXPECT_TRUE(eval("eth.src[3:] == 12:34:56", d));
  EXPECT_TRUE(eval("eth.src[:2] == 52:54", d));
  EXPECT_TRUE(eval("eth.src[0:2,5] == 52:54:56", d));
  EXPECT_FALSE(eval("eth.src[4:4] == 34:56:00:00", d));  // past the end: no such slice
  EXPECT_TRUE(eval("ip.dst[0] == 0xc0 and ip.dst[3] == ff", d));
  EXPECT_TRUE(eval("dhcp.option.vendor_class_id[0:9] == \"PXEClient\"", d));
  // Protocols: == and slices see the layer's own bytes, contains searches to the frame's end.
  EXPECT_TRUE(eval("eth[0:6] == ff:ff:ff:ff:ff:ff", d));
  EXPECT_TRUE(eval("frame[12:1] == 08", d));
  EXPECT_TRUE(eval("udp contains \"PXEClient\"", d));
  EXPECT_TRUE(eval("frame matches \"PXE.lient\"", d));
  EXPECT_FALSE(eval("eth[14:1] == 00", d));
}

TEST(DisplayFilter, FrameFieldsComeFromTheFrame) {
  Discover d;
  EXPECT_TRUE(eval("frame.number == 12 && frame.number > 10", d));
  EXPECT_TRUE(eval("frame.len == 342 && frame.cap_len < 100", d));
  EXPECT_TRUE(eval("frame.time_relative > 1.2 && frame.time_relative <= 1.25", d));
  EXPECT_TRUE(eval("frame.time_delta == 0.002", d));
  EXPECT_TRUE(eval("frame.time_epoch > 1795824000.4", d));
  EXPECT_TRUE(eval("frame.time >= \"2026-11-28 00:00:00\"", d));
  EXPECT_TRUE(eval("frame.time < \"Nov 28, 2026 00:00:00.6\"", d));
  EXPECT_FALSE(eval("frame.time < \"2026-11-28T00:00:00.4Z\"", d));
  // Without a frame (the old one-argument matches), frame.* fields are absent.
  std::string error;
  auto f = DisplayFilter::parse("frame.number > 0", error);
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->matches(d.tree));
  EXPECT_TRUE(f->matches(d.tree, d.frame));
}

TEST(DisplayFilter, ErrorsSayWhereAndWhat) {
  EXPECT_EQ(parse_error("dhcp.option.foo == 1"), "column 1: dhcp.option.foo is not a known field");
  EXPECT_EQ(parse_error("dhcp && bogus"), "column 9: bogus is not a known field");
  EXPECT_EQ(parse_error("dhcp.option.dhcp =="), "column 20: expected a value after '=='");
  EXPECT_EQ(parse_error("dhcp.option.dhcp = 1"), "column 18: '=' is not an operator: use '=='");
  EXPECT_EQ(parse_error("(dhcp"), "column 6: missing ')'");
  EXPECT_EQ(parse_error("dhcp &&"),
            "column 8: expected a field name or '(' at the end of the filter");
  EXPECT_EQ(parse_error("dhcp.file == \"x"),
            "column 16: unterminated string: add the closing '\"'");
  EXPECT_EQ(parse_error("dhcp.option.dhcp > x"), "column 20: '>' needs a number, not 'x'");
  EXPECT_EQ(parse_error("eth.src == 1.2.3"),
            "column 12: '1.2.3' is not a MAC address of 6 bytes (e.g. 52:54:00:12:34:56) "
            "(eth.src is FT_ETHER)");
  EXPECT_EQ(parse_error("ip.src == 10.0.0.0/33"),
            "column 11: '10.0.0.0/33' is not an IPv4 address (e.g. 192.168.1.5 or "
            "192.168.1.0/24) (ip.src is FT_IPv4)");
  EXPECT_NE(parse_error("dhcp.file matches \"(\"").find("bad regular expression"),
            std::string::npos);
  EXPECT_NE(parse_error("udp.srcport contains 1").find("'contains' needs a string"),
            std::string::npos);
  EXPECT_NE(parse_error("udp.srcport[0] == 1").find("can be sliced"), std::string::npos);
  EXPECT_NE(parse_error("dhcp dhcp").find("unexpected 'dhcp'"), std::string::npos);
  EXPECT_NE(parse_error("dhcp & udp").find("use '&&'"), std::string::npos);
}

// The GUI filters 100k-frame captures: a warm filter must not allocate per frame.
TEST(DisplayFilter, NoAllocationOnceWarm) {
  Discover d;
  std::string error;
  std::vector<DisplayFilter> filters;
  for (const char* text :
       {"udp.port == 69 || dhcp.option.dhcp == 1", "dhcp.hw.mac_addr[0:3] == 52:54:00",
        "ip.addr == 192.168.77.0/24", "dhcp.option.vendor_class_id matches \"^PXEClient\"",
        "frame.number in {1..20} && udp contains \"PXE\"", "eth.src !== ff:ff:ff:ff:ff:ff"}) {
    auto f = DisplayFilter::parse(text, error);
    ASSERT_TRUE(f) << error;
    EXPECT_TRUE(f->matches(d.tree, d.frame)) << text;  // warms the thread's scratch
    filters.push_back(std::move(*f));
  }
  const std::size_t before = g_allocations.load();
  std::size_t kept = 0;
  for (int i = 0; i < 1000; ++i)
    for (const DisplayFilter& f : filters) kept += f.matches(d.tree, d.frame) ? 1 : 0;
  EXPECT_EQ(g_allocations.load() - before, 0u);
  EXPECT_EQ(kept, 1000u * filters.size());
}

// IPv6 literals (no IPv6 field is registered yet: the value layer on its own).
TEST(DisplayFilterValues, Ipv6WithAPrefix) {
  using namespace pxescope::filter::detail;
  Value v;
  std::string error;
  ASSERT_TRUE(parse_literal("fe80::5054:ff:fe7b:1e21/64", false, fields::FieldType::Ipv6,
                            Domain::Ipv6, "ipv6.src", v, error))
      << error;
  EXPECT_EQ(v.prefix_bits, 64);
  ASSERT_EQ(v.bytes.size(), 16u);
  EXPECT_EQ(static_cast<unsigned char>(v.bytes[0]), 0xfe);
  EXPECT_EQ(static_cast<unsigned char>(v.bytes[15]), 0x21);
  EXPECT_FALSE(parse_literal("fe80::/129", false, fields::FieldType::Ipv6, Domain::Ipv6, "ipv6.src",
                             v, error));
  EXPECT_NE(error.find("is not an IPv6 address"), std::string::npos) << error;
  EXPECT_FALSE(parse_literal("192.168.1.1", false, fields::FieldType::Ipv6, Domain::Ipv6,
                             "ipv6.src", v, error));
}
