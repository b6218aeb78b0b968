// The DHCPv6 log lines, in the IPv4 lines' style (text or --json through EventLog):
//   dhcp6 request=Solicit xid=0x123456 from=[fe80::1]:546 mac=... arch=7 arch_name=efi-x64
//         reply=Advertise address=fd00::1a5 url=tftp://[fd00::2]/ipxe.efi to=[fe80::1]:546
//   dhcp6-ignored request=Solicit ... reason=not a network boot client (...)
//   dhcp6-malformed from=[fe80::1]:546 reason=relay messages nested too deep
// Malformed lines are rate-limited like the IPv4 ones: a sender picks how many it sends.
#pragma once

#include <string>
#include <string_view>

#include "responder/dhcp6/dhcp6_engine.hpp"
#include "responder/event_log.hpp"
#include "responder/log_rate_limit.hpp"

namespace pxescope::responder {

class Dhcp6Log {
 public:
  Dhcp6Log(EventLog& log, bool quiet) : log_(log), quiet_(quiet) {}

  // After Dhcp6Engine::handle: `from`/`to` as "[addr%scope]:port"; `sent` false with a reply
  // means --dry-run (or a failed send).
  void request(const Dhcp6Engine& engine, Outcome6 outcome, std::string_view from,
               std::string_view to, bool sent, bool dry_run);
  // Whether request() would write (or count) a line for `outcome`: --quiet-dhcp keeps only
  // the malformed ones.
  bool wants(Outcome6 outcome) const { return outcome == Outcome6::Malformed || !quiet_; }
  // Every request handled, for the counts systemd's STATUS= shows (quiet or not).
  void count(Outcome6 outcome) {
    log_.count_dhcp6(outcome == Outcome6::Malformed, outcome == Outcome6::Reply);
  }
  // The summary line of a malformed-line window that is over (`force`: any, at shutdown).
  void summarize(bool force = false);
  bool has_suppressed() const { return malformed_.has_suppressed(); }

 private:
  EventLog& log_;
  bool quiet_;
  LogRateLimit malformed_{EventLog::kMalformedBurst, EventLog::kMalformedWindow};
  std::string last_from_;
};

}  // namespace pxescope::responder
