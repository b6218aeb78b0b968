// DHCP option titles ("Option: (53) DHCP Message Type") are the registry's default line of
// dhcp.option.type, made when a view asks: the dissector stores a title only when it says
// more than that (a value shown in the title, an RFC 3396 continuation).
#include <gtest/gtest.h>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/field_text.hpp"
#include "unit/dissect_each.hpp"
#include "unit/packet_test_support.hpp"

using namespace pxescope;
using namespace pxescope::testing;

TEST(OptionTitle, DenseLabelsAreTheOptionTables) {
  for (unsigned code = 0; code <= 255; ++code) {
    const auto c = static_cast<std::uint8_t>(code);
    EXPECT_EQ(dhcp::kDhcpOptionLabels[code].value, code);
    EXPECT_EQ(dhcp::kDhcpOptionLabels[code].name, dhcp::option_label(dhcp::OptionSpace::Dhcp, c));
  }
}

TEST(OptionTitle, TitlesAreMadeByTheViewsUnlessTheySayMore) {
  std::size_t lazy = 0, stored = 0;
  std::string scratch;
  for (const auto& path : all_project_captures()) {
    dissect_each(path, [&](const Frame& frame, const FieldTree& tree) {
      for (std::size_t i = 0; i < tree.size(); ++i) {
        const FieldNode& n = tree[static_cast<NodeId>(i)];
        if (n.name != "dhcp.option.type" || n.kind != ValueKind::UInt) continue;
        const auto code = static_cast<std::uint8_t>(n.uint_value);
        std::string title = "Option: (" + std::to_string(code) + ") ";
        title += dhcp::option_label(dhcp::OptionSpace::Dhcp, code);
        const std::string_view text = node_text(n, scratch);
        SCOPED_TRACE(path.filename().string() + " frame " + std::to_string(frame.index));
        EXPECT_TRUE(text.starts_with(title)) << text;
        if (n.has_text) {
          ++stored;
          EXPECT_NE(text, title) << "a plain title is stored: leave it to the views";
        } else {
          ++lazy;
          EXPECT_EQ(text, title);
        }
      }
    });
  }
  EXPECT_GT(lazy, 1000u);
  EXPECT_LT(stored, lazy);  // 53, 54, 60, End... carry a value or say more
}
