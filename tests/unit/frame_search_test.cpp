// Find Packet's test for one frame (analyzer/packet_list/frame_search.hpp): display filter,
// string in the list's text, string in the bytes, hex bytes, and the errors for bad input.
#include <gtest/gtest.h>

#include "analyzer/packet_list/frame_search.hpp"

using namespace pxescope;

namespace {

std::vector<std::uint8_t> bytes_of(std::string_view s) {
  return {s.begin(), s.end()};
}

}  // namespace

TEST(FrameSearch, HexBytesInAnySpelling) {
  std::vector<std::uint8_t> out;
  std::string error;
  for (const char* text : {"de:ad:be:ef", "de ad be ef", "DEADBEEF", "de-ad-be-ef", "dead.beef"}) {
    ASSERT_TRUE(parse_hex_bytes(text, out, error)) << text << ": " << error;
    EXPECT_EQ(out, (std::vector<std::uint8_t>{0xde, 0xad, 0xbe, 0xef})) << text;
  }
  EXPECT_FALSE(parse_hex_bytes("de:zz", out, error));
  EXPECT_EQ(error, "hex bytes: 'zz' is not a byte (write them as de:ad:be:ef)");
  EXPECT_FALSE(parse_hex_bytes("de:a", out, error));
  EXPECT_NE(error.find("'a'"), std::string::npos) << error;
  EXPECT_FALSE(parse_hex_bytes(" : ", out, error));
  EXPECT_NE(error.find("nothing to find"), std::string::npos) << error;
}

TEST(FrameSearch, HexBytesMatchExactBytesOnly) {
  std::string error;
  auto s = FrameSearch::parse(SearchKind::HexBytes, "63:82:53:63", error);
  ASSERT_TRUE(s) << error;
  const std::vector<std::uint8_t> frame = {0x00, 0x63, 0x82, 0x53, 0x63, 0x35};
  EXPECT_TRUE(s->matches(frame, nullptr, nullptr, {}));
  const std::vector<std::uint8_t> other = {0x63, 0x82, 0x53, 0x64};
  EXPECT_FALSE(s->matches(other, nullptr, nullptr, {}));
  EXPECT_FALSE(s->needs_tree());
}

TEST(FrameSearch, StringsMatchInAnyCase) {
  std::string error;
  auto in_bytes = FrameSearch::parse(SearchKind::ByteString, "pxeclient", error);
  ASSERT_TRUE(in_bytes);
  EXPECT_TRUE(in_bytes->matches(bytes_of("..PXEClient:Arch"), nullptr, nullptr, {}));
  EXPECT_FALSE(in_bytes->matches(bytes_of("PXEClien"), nullptr, nullptr, {}));
  auto in_list = FrameSearch::parse(SearchKind::ListText, "Boot File", error);
  ASSERT_TRUE(in_list);
  EXPECT_TRUE(in_list->needs_list_text());
  EXPECT_TRUE(in_list->matches({}, nullptr, nullptr, "DHCP Offer, boot file undionly.kpxe"));
  // The list's text only, not the bytes.
  EXPECT_FALSE(in_list->matches(bytes_of("boot file"), nullptr, nullptr, "DHCP Offer"));
  EXPECT_FALSE(FrameSearch::parse(SearchKind::ListText, "", error));
}

TEST(FrameSearch, DisplayFilterOnTheTree) {
  std::string error;
  EXPECT_FALSE(FrameSearch::parse(SearchKind::DisplayFilter, "dhcp.option.foo == 1", error));
  EXPECT_NE(error.find("dhcp.option.foo is not a known field"), std::string::npos) << error;
  EXPECT_FALSE(FrameSearch::parse(SearchKind::DisplayFilter, "  ", error));
  auto s = FrameSearch::parse(SearchKind::DisplayFilter, "udp.port == 69", error);
  ASSERT_TRUE(s) << error;
  EXPECT_TRUE(s->needs_tree());
  FieldTree tree;
  const NodeId udp = tree.add(kNoNode, "udp", 0, 8);
  const NodeId port = tree.add(udp, "udp.dstport", 2, 2);
  tree.set_uint(port, 69);
  EXPECT_TRUE(s->matches({}, &tree, nullptr, {}));
  tree.set_uint(port, 67);
  EXPECT_FALSE(s->matches({}, &tree, nullptr, {}));
  EXPECT_FALSE(s->matches({}, nullptr, nullptr, {}));
}
