// Range header resolution (responder/http/http_range.hpp): the three single-range forms,
// clamping, the unsatisfiable cases (416) and what is ignored (answered whole).
#include "responder/http/http_range.hpp"

#include <gtest/gtest.h>

using namespace pxescope::responder::http;
using Kind = ByteRange::Kind;

namespace {

void expect_range(const char* header, std::uint64_t size, Kind kind, std::uint64_t first,
                  std::uint64_t length) {
  const ByteRange r = resolve_range(header, size);
  EXPECT_EQ(r.kind, kind) << header << " of " << size;
  EXPECT_EQ(r.first, first) << header << " of " << size;
  EXPECT_EQ(r.length, length) << header << " of " << size;
}

}  // namespace

TEST(HttpRange, FirstToLast) {
  expect_range("bytes=0-99", 1000, Kind::kPartial, 0, 100);
  expect_range("bytes=500-500", 1000, Kind::kPartial, 500, 1);
  expect_range(" Bytes = 10 - 19 ", 1000, Kind::kPartial, 10, 10);
  expect_range("bytes=900-5000", 1000, Kind::kPartial, 900, 100);  // clamped to the end
}

TEST(HttpRange, OpenEndedAndSuffix) {
  expect_range("bytes=990-", 1000, Kind::kPartial, 990, 10);
  expect_range("bytes=-10", 1000, Kind::kPartial, 990, 10);
  expect_range("bytes=-5000", 1000, Kind::kPartial, 0, 1000);  // more than the file: all of it
}

TEST(HttpRange, Unsatisfiable) {
  expect_range("bytes=1000-", 1000, Kind::kUnsatisfiable, 0, 0);
  expect_range("bytes=1000-2000", 1000, Kind::kUnsatisfiable, 0, 0);
  expect_range("bytes=-0", 1000, Kind::kUnsatisfiable, 0, 0);
  expect_range("bytes=0-", 0, Kind::kUnsatisfiable, 0, 0);
  expect_range("bytes=-1", 0, Kind::kUnsatisfiable, 0, 0);
  expect_range("bytes=99999999999999999999999-", 1000, Kind::kUnsatisfiable, 0, 0);
}

TEST(HttpRange, IgnoredHeadersServeTheWholeFile) {
  for (const char* header : {"", "items=0-1", "bytes=5-1", "bytes=a-b", "bytes=0-1,5-9",
                             "bytes=", "bytes=-", "bytes 0-1", "bytes=1-2-3"})
    expect_range(header, 1000, Kind::kWhole, 0, 1000);
}
