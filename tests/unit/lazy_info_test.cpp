// The Info column is made only when a view shows it (FieldTree::set_info_wanted): -V and
// --json turn it off. On every frame of every capture, a tree dissected without it has the
// same nodes, texts, JSON and protocol column as one dissected with it, and no Info text.
#include <gtest/gtest.h>

#include "analyzer/capture_reader.hpp"
#include "analyzer/packet_dissector.hpp"
#include "analyzer/render.hpp"
#include "unit/packet_test_support.hpp"

using namespace pxescope;
using namespace pxescope::testing;

TEST(LazyInfo, TreesWithoutTheInfoColumnAreTheSame) {
  std::size_t frames = 0, with_info = 0;
  for (const auto& path : all_project_captures()) {
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path.string())) << reader.error();
    // Two dissectors: each follows TFTP/TCP state of its own, as two `analyze` runs would.
    PacketDissector shown_dissector, hidden_dissector;
    FieldTree shown, hidden;
    hidden.set_info_wanted(false);
    Frame frame;
    std::string shown_json, hidden_json, shown_text, hidden_text;
    while (reader.next(frame)) {
      const DissectResult a = shown_dissector.dissect(frame, shown);
      const DissectResult b = hidden_dissector.dissect(frame, hidden);
      SCOPED_TRACE(path.filename().string() + " frame " + std::to_string(frame.index));
      EXPECT_EQ(a.protocol, b.protocol);
      EXPECT_EQ(a.not_decoded_reason, b.not_decoded_reason);
      EXPECT_EQ(shown.protocol_column(), hidden.protocol_column());
      EXPECT_TRUE(hidden.info_column().empty()) << hidden.info_column();
      shown_json.clear();
      hidden_json.clear();
      append_fields_json(shown, shown_json);
      append_fields_json(hidden, hidden_json);
      EXPECT_EQ(shown_json, hidden_json);
      shown_text.clear();
      hidden_text.clear();
      append_tree_text(shown, shown_text);
      append_tree_text(hidden, hidden_text);
      EXPECT_EQ(shown_text, hidden_text);
      ++frames;
      with_info += !shown.info_column().empty();
    }
  }
  EXPECT_GT(frames, 1000u);
  EXPECT_EQ(with_info, frames);  // every frame has an Info text when it is wanted
}
