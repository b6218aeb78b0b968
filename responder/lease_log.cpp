#include "responder/lease_log.hpp"

#include <cstdlib>
#include <optional>
#include <sstream>

namespace pxescope::responder {
namespace {

constexpr std::string_view kSnapshotBegin = "# snapshot ";
constexpr std::string_view kSnapshotEnd = "# end";

std::optional<LeaseRecord> parse_record(const std::string& line) {
  std::istringstream fields(line);
  std::string ip_text, mac_text, rest;
  long long expires = 0;
  LeaseRecord record;
  if (!(fields >> ip_text >> mac_text >> expires) || (fields >> rest) || expires < 0 ||
      !parse_ipv4(ip_text, record.ip) || !parse_mac(mac_text, record.mac))
    return std::nullopt;
  record.expires = expires;
  return record;
}

}  // namespace

std::string format_lease_record(const LeaseRecord& record) {
  return format_ipv4(record.ip) + " " + format_mac(record.mac) + " " +
         std::to_string(record.expires) + "\n";
}

std::string format_lease_snapshot(const std::map<std::uint32_t, LeaseRecord>& latest) {
  std::string body;
  std::size_t count = 0;
  for (const auto& [ip, record] : latest) {
    if (record.expires == 0) continue;
    body += format_lease_record(record);
    ++count;
  }
  return std::string(kSnapshotBegin) + std::to_string(count) + "\n" + body +
         std::string(kSnapshotEnd) + "\n";
}

LeaseLog replay_lease_log(std::istream& in, const std::string& name) {
  LeaseLog log;
  // Inside a snapshot block: its records, and how many the header announced.
  std::optional<std::map<std::uint32_t, LeaseRecord>> snapshot;
  std::size_t announced = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++log.lines;
    if (line.empty()) continue;
    if (line.starts_with(kSnapshotBegin)) {
      snapshot.emplace();  // a newer header restarts (an older block was cut short)
      announced = std::strtoull(line.c_str() + kSnapshotBegin.size(), nullptr, 10);
      continue;
    }
    if (line == kSnapshotEnd) {
      if (snapshot && snapshot->size() == announced) log.latest = std::move(*snapshot);
      snapshot.reset();
      continue;
    }
    const std::optional<LeaseRecord> record = parse_record(line);
    if (!record) {
      log.problems.push_back(name + ":" + std::to_string(log.lines) + ": '" + line.substr(0, 60) +
                             "' is not 'IP MAC EXPIRES'; line skipped (fix or delete it)");
      continue;
    }
    (snapshot ? *snapshot : log.latest)[record->ip] = *record;
  }
  return log;
}

}  // namespace pxescope::responder
