// The lease file format: one "IP MAC EXPIRES" line per change, appended (EXPIRES 0: the
// address was freed). Replaying the lines in order gives the table; the last line for an
// address wins. A compaction writes a snapshot block:
//
//   # snapshot N        N lines follow; at "# end" they REPLACE everything read before,
//   IP MAC EXPIRES ...   so a snapshot cut short by a crash (no "# end", or not N lines)
//   # end                changes nothing.
//
// Files written before the journal (plain "IP MAC EXPIRES" lines) load unchanged.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "responder/dhcp_request.hpp"

namespace pxescope::responder {

struct LeaseRecord {
  std::uint32_t ip = 0;
  MacAddress mac{};
  std::int64_t expires = 0;  // 0: freed
  bool operator==(const LeaseRecord&) const = default;
};

std::string format_lease_record(const LeaseRecord& record);
// "# snapshot N", the bound (expires != 0) records, "# end".
std::string format_lease_snapshot(const std::map<std::uint32_t, LeaseRecord>& latest);

struct LeaseLog {
  std::map<std::uint32_t, LeaseRecord> latest;  // per address, freed ones included
  std::vector<std::string> problems;            // "FILE:LINE: ..." per corrupt line
  std::size_t lines = 0;                        // lines read (decides the next compaction)
};

// Replays a lease file; corrupt lines are skipped and reported with `name`:LINE.
LeaseLog replay_lease_log(std::istream& in, const std::string& name);

}  // namespace pxescope::responder
