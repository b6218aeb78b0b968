// Full-mode DHCPv6 leases: one address per (client DUID, IAID) from the configured range,
// offered (held briefly for the client's Request), committed, renewed, released. Pure: the
// caller passes the clock; the text form is the lease file (dnsmasq's IPv6 lease lines,
// "EXPIRES IAID ADDRESS * DUID", after one "duid SERVER-DUID" line, so the server's DUID
// survives a restart with its leases).
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "responder/dhcp6/dhcp6_request.hpp"

namespace pxescope::responder {

struct Lease6 {
  std::vector<std::uint8_t> duid;
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
  std::size_t size() const { return by_client_.size(); }

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
  using Key = std::string;  // DUID bytes + 4 IAID bytes
  static Key key_of(std::span<const std::uint8_t> duid, std::uint32_t iaid);
  bool taken(const Ipv6Address& a, const Key& by, std::int64_t now) const;
  bool pick(const Key& key, const Ipv6Address* hint, std::int64_t now, Ipv6Address& out) const;
  Lease6& hold(const Key& key, std::span<const std::uint8_t> duid, std::uint32_t iaid,
               const Ipv6Address& a);

  Ipv6Address start_{}, end_{};
  std::map<Key, Lease6> by_client_;
  std::map<Ipv6Address, Key> by_address_;
  bool changed_ = false;
};

// Hex with colons ("00:01:00:01:...") and back; false on bad text.
std::string duid_text(std::span<const std::uint8_t> duid);
bool parse_duid_text(std::string_view text, std::vector<std::uint8_t>& out);

}  // namespace pxescope::responder
