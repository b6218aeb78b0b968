// FrameFetcher(CaptureScanner&&): the reader of a scan that read its pcapng file to the end
// has seen every block, so it reads the last frame without walking the file again. A fresh
// reader walks every block it has not seen (to learn sections and interfaces): the GUI's
// reader did that on the GUI thread the first time it painted the last rows of a big file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "analyzer/capture_index.hpp"
#include "tests/repeated_pcapng.hpp"

using namespace pxescope;

TEST(FrameFetcherHandover, ReadsTheLastFrameWithoutWalkingTheFileAgain) {
  const std::string out =
      ::testing::TempDir() + "pxescope_handover_" + std::to_string(getpid()) + ".pcapng";
  const auto truth = test::write_repeated_pcapng(out, 400);
  ASSERT_EQ(truth.size(), 400u);
  CaptureScanner scanner;
  ASSERT_TRUE(scanner.open(out)) << scanner.error();
  const std::vector<std::int64_t> offsets = test::scan_offsets(scanner);
  Frame f;
  ASSERT_EQ(offsets.size(), truth.size());
  FrameFetcher handed(std::move(scanner));
  FrameFetcher fresh;  // what a viewer had before: it has seen the first frame only
  ASSERT_TRUE(fresh.open(out)) << fresh.error();
  ASSERT_TRUE(fresh.read(offsets[0], 1, f));

  // Blank every block between the second frame and the last: only a walk meets them.
  ASSERT_TRUE(test::blank_bytes(out, offsets[1], offsets.back()));
  ASSERT_TRUE(handed.read(offsets.back(), offsets.size(), f)) << handed.error();
  EXPECT_EQ(std::vector<std::uint8_t>(f.data.begin(), f.data.end()), truth.back());
  EXPECT_EQ(f.index, offsets.size());
  EXPECT_FALSE(fresh.read(offsets.back(), offsets.size(), f));  // it walked into the blanks
  std::remove(out.c_str());
}
