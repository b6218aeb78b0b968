// Dissects every frame of a capture in order, for the tests that compare the trees or the
// summaries with tshark frame by frame.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>

#include "analyzer/capture_reader.hpp"
#include "analyzer/packet_dissector.hpp"

namespace pxescope::testing {

// Calls `f(frame, tree)` for every frame of `path`, each just dissected.
template <typename F>
void dissect_each(const std::filesystem::path& path, F&& f) {
  CaptureReader reader;
  ASSERT_TRUE(reader.open_file(path.string())) << reader.error();
  PacketDissector dissector;
  FieldTree tree;
  Frame frame;
  while (reader.next(frame)) {
    dissector.dissect(frame, tree);
    f(frame, tree);
  }
}

}  // namespace pxescope::testing
