// Apply as Filter: the text made for a field (analyzer/filter/field_filter_text) parses, and
// on real captures keeps exactly the frames `tshark -Y` keeps with the same text. Also the
// six ways Wireshark joins it with the bar's filter.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "analyzer/capture_reader.hpp"
#include "analyzer/fields/field_registry.hpp"
#include "analyzer/filter/display_filter.hpp"
#include "analyzer/filter/field_filter_text.hpp"
#include "analyzer/packet_dissector.hpp"
#include "unit/cli_test_support.hpp"
#include "unit/tshark_frames.hpp"

namespace {

using pxescope::FieldNode;
using pxescope::FieldTree;
using pxescope::ValueKind;
using pxescope::filter::combine_filter;
using pxescope::filter::DisplayFilter;
using pxescope::filter::filter_for_node;
using pxescope::filter::FilterCombine;

const std::string kUefi = PXESCOPE_SOURCE_DIR "/captures/stories/uefi-wrong-arch.pcap";
const std::string kHttp = PXESCOPE_SOURCE_DIR "/captures/stories/http-booted.pcap";

// The frame's tree, dissected in order from the start (as the GUI's pass has it).
FieldTree tree_of(const std::string& path, std::uint64_t number) {
  pxescope::CaptureReader reader;
  EXPECT_TRUE(reader.open_file(path)) << reader.error();
  pxescope::PacketDissector dissector;
  FieldTree tree;
  pxescope::Frame frame;
  while (reader.next(frame)) {
    dissector.dissect(frame, tree);
    if (frame.index == number) return tree;
  }
  ADD_FAILURE() << path << " has no frame " << number;
  return tree;
}

std::set<std::uint64_t> our_frames(const std::string& path, const std::string& text) {
  std::string error;
  const auto filter = DisplayFilter::parse(text, error);
  EXPECT_TRUE(filter.has_value()) << text << ": " << error;
  std::set<std::uint64_t> out;
  if (!filter) return out;
  pxescope::CaptureReader reader;
  reader.open_file(path);
  pxescope::PacketDissector dissector;
  pxescope::filter::FrameClock clock;
  FieldTree tree;
  pxescope::Frame frame;
  while (reader.next(frame)) {
    const auto context = clock.next(frame);
    dissector.dissect(frame, tree);
    if (filter->matches(tree, context)) out.insert(frame.index);
  }
  return out;
}

FieldNode node(std::string_view name, ValueKind kind) {
  FieldNode n;
  n.name = name;
  n.kind = kind;
  return n;
}

}  // namespace

TEST(ApplyFilterText, ValuesAreSpelledAsTheFilterReadsThem) {
  FieldNode mac = node("dhcp.hw.mac_addr", ValueKind::String);
  mac.str_value = "52:54:00:7b:40:1a";
  EXPECT_EQ(filter_for_node(mac), "dhcp.hw.mac_addr == 52:54:00:7b:40:1a");
  FieldNode file = node("tftp.source_file", ValueKind::String);
  file.str_value = "a \"b\"\\c";
  EXPECT_EQ(filter_for_node(file), "tftp.source_file == \"a \\\"b\\\"\\\\c\"");
  FieldNode port = node("udp.srcport", ValueKind::UInt);
  port.uint_value = 68;
  EXPECT_EQ(filter_for_node(port), "udp.srcport == 68");
  FieldNode bc = node("dhcp.flags.bc", ValueKind::Bool);
  bc.uint_value = 1;
  EXPECT_EQ(filter_for_node(bc), "dhcp.flags.bc == 1");
  // A layer or a label: present or not.
  EXPECT_EQ(filter_for_node(node("dhcp", ValueKind::None)), "dhcp");
  // Nothing a filter can name: no filter (the menu entries are disabled).
  EXPECT_EQ(filter_for_node(node("dhcp.no_such_field", ValueKind::UInt)), "");
}

TEST(ApplyFilterText, CombinesAsWireshark) {
  const std::string sel = "udp.port == 69";
  EXPECT_EQ(combine_filter("dhcp", sel, FilterCombine::Selected), sel);
  EXPECT_EQ(combine_filter("dhcp", sel, FilterCombine::NotSelected), "!(udp.port == 69)");
  EXPECT_EQ(combine_filter("dhcp", sel, FilterCombine::AndSelected), "(dhcp) && (udp.port == 69)");
  EXPECT_EQ(combine_filter("dhcp ", sel, FilterCombine::OrSelected), "(dhcp) || (udp.port == 69)");
  EXPECT_EQ(combine_filter("dhcp", sel, FilterCombine::AndNotSelected),
            "(dhcp) && (!(udp.port == 69))");
  EXPECT_EQ(combine_filter("dhcp", sel, FilterCombine::OrNotSelected),
            "(dhcp) || (!(udp.port == 69))");
  // An empty bar: the and/or forms are the plain ones.
  EXPECT_EQ(combine_filter("  ", sel, FilterCombine::AndSelected), sel);
  EXPECT_EQ(combine_filter("", sel, FilterCombine::OrNotSelected), "!(udp.port == 69)");
  for (const auto how :
       {FilterCombine::Selected, FilterCombine::NotSelected, FilterCombine::AndSelected,
        FilterCombine::OrSelected, FilterCombine::AndNotSelected, FilterCombine::OrNotSelected}) {
    std::string error;
    EXPECT_TRUE(DisplayFilter::parse(combine_filter("dhcp || tftp", sel, how), error)) << error;
  }
}

// Every field a user right-clicks in a boot: the filter keeps the frames tshark keeps.
TEST(ApplyFilterText, SameFramesAsTsharkY) {
  if (!pxescope::test::have_tshark()) GTEST_SKIP() << "tshark is not installed";
  struct Case {
    const std::string& file;
    std::uint64_t frame;
    const char* field;
  };
  const Case cases[] = {
      {kUefi, 2, "dhcp.hw.mac_addr"},
      {kUefi, 2, "dhcp.option.vendor_class_id"},
      {kUefi, 2, "dhcp.option.client_system_architecture"},
      {kUefi, 2, "dhcp.option.dhcp"},
      {kUefi, 2, "ip.src"},
      {kUefi, 2, "dhcp"},
      {kUefi, 12, "udp.srcport"},
      {kUefi, 12, "dhcp.file"},
      {kUefi, 12, "ip.dst"},
      {kUefi, 16, "tftp.source_file"},
      {kUefi, 16, "tftp.type"},
      {kUefi, 15, "tftp.error.code"},
      {kUefi, 9, "arp.opcode"},
      {kHttp, 20, "http.request.uri"},
      {kHttp, 20, "tcp.stream"},
  };
  int compared = 0;
  for (const Case& c : cases) {
    const FieldTree tree = tree_of(c.file, c.frame);
    const auto id = tree.find(c.field);
    ASSERT_NE(id, pxescope::kNoNode) << c.field << " in frame " << c.frame;
    const std::string text = filter_for_node(tree[id]);
    ASSERT_FALSE(text.empty()) << c.field;
    const auto ours = our_frames(c.file, text);
    EXPECT_TRUE(ours.contains(c.frame)) << text << " must keep the frame it came from";
    EXPECT_EQ(ours, pxescope::test::tshark_frames(c.file, text)) << text;
    // And its negation, as Apply ▸ Not Selected writes it.
    const std::string negated = combine_filter("", text, FilterCombine::NotSelected);
    EXPECT_EQ(our_frames(c.file, negated), pxescope::test::tshark_frames(c.file, negated))
        << negated;
    ++compared;
  }
  EXPECT_EQ(compared, static_cast<int>(std::size(cases)));
}
