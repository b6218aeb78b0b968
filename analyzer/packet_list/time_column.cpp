#include "analyzer/packet_list/time_column.hpp"

#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <iterator>

namespace pxescope {
namespace {

// Seconds with six decimals; a negative span (frames out of time order) keeps its sign.
std::string seconds(std::int64_t ns) {
  const bool negative = ns < 0;
  const std::uint64_t magnitude =
      negative ? 0ull - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  const std::uint64_t us = (magnitude + 500) / 1000;  // rounded to the microsecond
  char out[40];
  std::snprintf(out, sizeof out, "%s%" PRIu64 ".%06" PRIu64, negative ? "-" : "", us / 1000000,
                us % 1000000);
  return out;
}

std::string date(std::int64_t ns, bool utc) {
  std::int64_t sec = ns / 1000000000;
  std::int64_t frac = ns % 1000000000;
  if (frac < 0) {  // before 1970: floor, so the fraction stays positive
    frac += 1000000000;
    --sec;
  }
  const auto t = static_cast<std::time_t>(sec);
  std::tm parts{};
  if (!(utc ? gmtime_r(&t, &parts) : localtime_r(&t, &parts))) return seconds(ns);
  char day[32];
  std::strftime(day, sizeof day, "%Y-%m-%d %H:%M:%S", &parts);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%06" PRId64, day, frac / 1000);
  return out;
}

}  // namespace

bool TimeReferences::toggle(std::uint64_t frame, std::int64_t time_ns) {
  if (refs_.erase(frame) != 0) return false;
  refs_.emplace(frame, time_ns);
  return true;
}

bool TimeReferences::governing(std::uint64_t frame, std::int64_t& time_ns) const {
  auto it = refs_.upper_bound(frame);
  if (it == refs_.begin()) return false;
  time_ns = std::prev(it)->second;
  return true;
}

std::string time_column(TimeFormat format, const TimeReferences& refs, const TimeCell& cell) {
  if (refs.contains(cell.frame)) return "*REF*";
  switch (format) {
    case TimeFormat::SinceStart: {
      std::int64_t origin = cell.first_ns;
      refs.governing(cell.frame, origin);
      return seconds(cell.time_ns - origin);
    }
    case TimeFormat::SincePrevious:
      return seconds(cell.previous_ns < 0 ? 0 : cell.time_ns - cell.previous_ns);
    case TimeFormat::Absolute:
      return date(cell.time_ns, false);
    case TimeFormat::Utc:
      return date(cell.time_ns, true);
  }
  return {};
}

}  // namespace pxescope
