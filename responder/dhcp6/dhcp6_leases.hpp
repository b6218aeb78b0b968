// Full-mode DHCPv6 leases: one address per (client DUID, IAID) from the configured range,
// offered (held briefly for the client's Request), committed, renewed, released. Pure: the
// caller passes the clock; the text form is the lease file (dnsmasq's IPv6 lease lines,
// "EXPIRES IAID ADDRESS * DUID", after one "duid SERVER-DUID" line, so the server's DUID
// survives a restart with its leases).
//
// Leases live in one slab of slots; two open-addressing indexes (responder/slot_index.hpp)
// find a slot by (DUID, IAID) and by address without building a key or allocating per
// lookup: a Solicit of a new client costs one allocation (its DUID's copy). What has expired
// (lapsed offers, leases, declines) is swept when a new client needs a slot and the table has
// doubled since the last sweep: it holds about twice the clients live at once at most, not
// every client ever seen (on a wide range, addresses never run out to bound it).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "responder/dhcp6/dhcp6_request.hpp"
#include "responder/slot_index.hpp"

namespace pxescope::responder {

struct Lease6 {
  std::vector<std::uint8_t> duid;  // empty: an address declined, held by no client
  std::uint32_t iaid = 0;
  Ipv6Address address{};
  std::int64_t expires = 0;  // wall-clock seconds
  bool committed = false;    // false: offered in an Advertise, held kOfferHoldSeconds
};

class Lease6Table {
 public:
  static constexpr std::int64_t kOfferHoldSeconds = 60;
  // How many addresses an allocation looks at before it says the range is full.
  static constexpr std::uint64_t kMaxScan = 65536;
  // No sweep below this many slots: a small table is cheap to keep whole.
  static constexpr std::size_t kMinSweep = 1024;

  void set_range(const Ipv6Address& start, const Ipv6Address& end);
  bool in_range(const Ipv6Address& a) const;

  // The client's address (its lease, its hint when free, else a free one), held as an
  // offer; false when the range has none free.
  bool offer(std::span<const std::uint8_t> duid, std::uint32_t iaid, const Ipv6Address* hint,
             std::int64_t now, Ipv6Address& out);
  // Request / Rapid Commit: the offered (or a new) address committed for `seconds`.
  bool commit(std::span<const std::uint8_t> duid, std::uint32_t iaid, const Ipv6Address* hint,
              std::int64_t now, std::uint32_t seconds, Ipv6Address& out);
  // Renew / Rebind: the client's committed lease extended; false when it holds none.
  bool extend(std::span<const std::uint8_t> duid, std::uint32_t iaid, std::int64_t now,
              std::uint32_t seconds, Ipv6Address& out);
  // Release: freed when this client holds `address`; false otherwise.
  bool release(std::span<const std::uint8_t> duid, std::uint32_t iaid);
  // Decline: the address is in use by someone else; kept from everyone for `seconds`.
  void decline(std::span<const std::uint8_t> duid, std::uint32_t iaid, std::int64_t now,
               std::uint32_t seconds);

  const Lease6* find(std::span<const std::uint8_t> duid, std::uint32_t iaid) const;
  std::size_t size() const { return slots_.size() - free_.size(); }  // held, declined included

  // Whether a change since the last take_changed() needs the file written again.
  bool take_changed() {
    const bool c = changed_;
    changed_ = false;
    return c;
  }

  // The lease file text (committed, unexpired leases) after "duid SERVER" when given.
  std::string to_text(std::span<const std::uint8_t> server_duid) const;
  // Reads a lease file's text; bad lines go to `problems` ("line N: ..."). The "duid"
  // line's value, when present, is put in `server_duid`.
  void load_text(std::string_view text, std::int64_t now, std::vector<std::uint8_t>& server_duid,
                 std::vector<std::string>& problems);

 private:
  static constexpr std::uint32_t kNone = SlotIndex::kNone;
  struct Slot {
    Lease6 lease;
    std::uint64_t client_hash = 0;  // FNV-1a of DUID + IAID: its index hash
  };
  // The slot of (duid, iaid) with that hash, or kNone.
  std::uint32_t client_slot(std::span<const std::uint8_t> duid, std::uint32_t iaid,
                            std::uint64_t hash) const;
  std::uint32_t address_slot(const Ipv6Address& a) const;
  bool taken(const Ipv6Address& a, std::uint32_t by, std::int64_t now) const;
  bool pick(std::uint32_t slot, std::uint64_t hash, const Ipv6Address* hint, std::int64_t now,
            Ipv6Address& out) const;
  // The client's slot (made when new) now holding `a`.
  std::uint32_t hold(std::uint32_t slot, std::span<const std::uint8_t> duid, std::uint32_t iaid,
                     std::uint64_t hash, const Ipv6Address& a, std::int64_t now);
  // Frees every slot whose time is over; the next sweep when the table has doubled.
  void sweep(std::int64_t now);
  // Points `a` at `slot`; a declined slot that held it is freed.
  void map_address(const Ipv6Address& a, std::uint32_t slot);
  void unmap_address(const Ipv6Address& a, std::uint32_t slot);  // when it points at `slot`
  std::uint32_t new_slot();
  void free_slot(std::uint32_t slot);

  Ipv6Address start_{}, end_{};
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::size_t sweep_at_ = kMinSweep;  // slots_.size() that triggers the next sweep
  SlotIndex by_client_, by_address_;
  bool changed_ = false;
};

// Hex with colons ("00:01:00:01:...") and back; false on bad text.
std::string duid_text(std::span<const std::uint8_t> duid);
bool parse_duid_text(std::string_view text, std::vector<std::uint8_t>& out);

}  // namespace pxescope::responder
