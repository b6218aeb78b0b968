// Full-DHCP address pool: which MAC holds which address until when. Persisted by the
// lease journal (lease_journal.hpp): take_changes() hands it what changed since last time.
// An address held by one MAC (offered and not yet expired, or bound) is never given to
// another; never-used addresses are preferred over expired ones.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "responder/dhcp_request.hpp"
#include "responder/lease_log.hpp"

namespace pxescope::responder {

class LeaseTable {
 public:
  LeaseTable() = default;
  LeaseTable(std::uint32_t first, std::uint32_t last);

  // The address to offer `mac` (its current one, else `requested` when free, else the
  // first free). 0 when the pool is exhausted. Holds it for `hold_seconds`.
  std::uint32_t offer(const MacAddress& mac, std::uint32_t requested, std::int64_t now,
                      std::uint32_t hold_seconds = 60);
  // Binds `ip` to `mac` until now + lease_seconds; false when `ip` is outside the pool or
  // held by another MAC.
  bool bind(const MacAddress& mac, std::uint32_t ip, std::int64_t now, std::uint32_t lease_seconds);
  // Forgets a not-yet-bound offer (the client chose another server).
  void drop_offer(const MacAddress& mac);
  // RELEASE and DECLINE count only from the client that holds the lease (RFC 2131 4.3.3,
  // 4.3.4): anyone else could free or block another client's address. False otherwise.
  // RELEASE: frees the address.
  bool release(const MacAddress& mac, std::uint32_t ip);
  // DECLINE: the address is in use by someone else; keep it out of the pool for a while.
  bool decline(const MacAddress& mac, std::uint32_t ip, std::int64_t now);
  // Another station uses `ip` (it answered the ARP check): not offered for `seconds`.
  void mark_in_use(std::uint32_t ip, std::int64_t now, std::uint32_t seconds);

  bool contains(std::uint32_t ip) const { return ip >= first_ && ip <= last_ && last_ != 0; }
  // The bound address of `mac`, 0 if none.
  std::uint32_t bound_address(const MacAddress& mac, std::int64_t now) const;

  // The bound leases whose persisted state changed since the last call (a freed one has
  // expires 0). Cheap when nothing changed: call it after every frame.
  std::vector<LeaseRecord> take_changes();
  // Every bound lease, as the journal's starting point.
  std::map<std::uint32_t, LeaseRecord> bound_records() const;

  // The replayed lease file; addresses outside the pool are ignored, expired leases only
  // mark their address as used.
  void restore(const std::map<std::uint32_t, LeaseRecord>& latest, std::int64_t now);

 private:
  enum class State : std::uint8_t { Free, Offered, Bound, Declined };
  struct Slot {
    State state = State::Free;
    bool ever_used = false;
    MacAddress mac{};
    std::int64_t expires = 0;
    bool touched = false;        // in touched_, waiting for take_changes()
    std::int64_t persisted = 0;  // expires of the last record handed out, 0: not bound
    MacAddress persisted_mac{};
  };
  void touch(std::uint32_t index);
  bool held_by_other(const Slot& s, const MacAddress& mac, std::int64_t now) const;
  bool holds(const MacAddress& mac, std::uint32_t ip) const;
  std::uint32_t first_ = 0, last_ = 0;
  std::vector<Slot> slots_;
  std::map<MacAddress, std::uint32_t> by_mac_;  // -> slot index
  std::vector<std::uint32_t> touched_;          // slots mutated since take_changes()
};

}  // namespace pxescope::responder
