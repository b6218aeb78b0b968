// The packet list's Time column (analyzer/packet_list/time_column.hpp): the four formats of
// View ▸ Time Display Format and time references, as Wireshark writes them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "analyzer/packet_list/time_column.hpp"

using namespace pxescope;

namespace {

constexpr std::int64_t kSecond = 1000000000;
// 2024-05-01 10:11:12.123456789 UTC
constexpr std::int64_t kT0 = 1714558272 * kSecond + 123456789;

TimeCell cell(std::uint64_t frame, std::int64_t t, std::int64_t previous = -1) {
  return TimeCell{frame, t, kT0, previous};
}

}  // namespace

TEST(TimeColumn, SecondsSinceTheFirstFrameWithSixDecimals) {
  const TimeReferences none;
  EXPECT_EQ(time_column(TimeFormat::SinceStart, none, cell(1, kT0)), "0.000000");
  EXPECT_EQ(time_column(TimeFormat::SinceStart, none, cell(9, kT0 + 12 * kSecond + 345678000)),
            "12.345678");
  // Rounded to the microsecond, and frames earlier than the first keep their sign.
  EXPECT_EQ(time_column(TimeFormat::SinceStart, none, cell(2, kT0 + 1500)), "0.000002");
  EXPECT_EQ(time_column(TimeFormat::SinceStart, none, cell(3, kT0 - kSecond / 2)), "-0.500000");
}

TEST(TimeColumn, SincePreviousDisplayedFrame) {
  const TimeReferences none;
  EXPECT_EQ(time_column(TimeFormat::SincePrevious, none, cell(5, kT0 + 3 * kSecond, kT0 + kSecond)),
            "2.000000");
  // The first row shown has no previous one: 0, as Wireshark.
  EXPECT_EQ(time_column(TimeFormat::SincePrevious, none, cell(5, kT0 + 3 * kSecond)), "0.000000");
}

TEST(TimeColumn, AbsoluteLocalAndUtcDates) {
  const TimeReferences none;
  EXPECT_EQ(time_column(TimeFormat::Utc, none, cell(1, kT0)), "2024-05-01 10:11:12.123456");
  // A POSIX TZ string needs no zone database: two hours east of UTC.
  const char* saved = std::getenv("TZ");
  const std::string restore = saved ? saved : "";
  setenv("TZ", "XYZ-2", 1);
  tzset();
  EXPECT_EQ(time_column(TimeFormat::Absolute, none, cell(1, kT0)), "2024-05-01 12:11:12.123456");
  if (saved)
    setenv("TZ", restore.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
}

TEST(TimeColumn, ReferenceFrameShowsRefAndLaterFramesCountFromIt) {
  TimeReferences refs;
  EXPECT_TRUE(refs.toggle(4, kT0 + 10 * kSecond));
  EXPECT_EQ(time_column(TimeFormat::SinceStart, refs, cell(4, kT0 + 10 * kSecond)), "*REF*");
  EXPECT_EQ(time_column(TimeFormat::Utc, refs, cell(4, kT0 + 10 * kSecond)), "*REF*");
  EXPECT_EQ(time_column(TimeFormat::SinceStart, refs, cell(6, kT0 + 11 * kSecond)), "1.000000");
  // Frames before the reference still count from the first frame.
  EXPECT_EQ(time_column(TimeFormat::SinceStart, refs, cell(3, kT0 + 2 * kSecond)), "2.000000");
  // A second reference takes over after it; toggling removes it again.
  EXPECT_TRUE(refs.toggle(8, kT0 + 20 * kSecond));
  EXPECT_EQ(time_column(TimeFormat::SinceStart, refs, cell(9, kT0 + 25 * kSecond)), "5.000000");
  EXPECT_FALSE(refs.toggle(8, kT0 + 20 * kSecond));
  EXPECT_EQ(time_column(TimeFormat::SinceStart, refs, cell(9, kT0 + 25 * kSecond)), "15.000000");
  std::int64_t governing = 0;
  EXPECT_FALSE(refs.governing(3, governing));
  EXPECT_TRUE(refs.governing(100, governing));
  EXPECT_EQ(governing, kT0 + 10 * kSecond);
}
