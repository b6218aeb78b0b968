// DHCPv6 on several interfaces (as DHCPv4): each served interface runs its own DHCPv6 service
// (its socket bound to it and joined to ff02::1:2 there, its own DUID, address and leases),
// with the IPv6 range written for it. Which range that is, decided here, before it opens:
//   the range whose constructor: names the interface, else the range on the interface's /64,
//   else a range with no prefix (stateless "::", ra-only); none: no DHCPv6 and no RAs there
//   (the note says so) when several interfaces are served. With one interface served and one
//   range, nothing changes (resolve_dhcp6_range() then says what does not fit).
// Without any IPv6 range (an option6: line or --dhcp6 alone) every interface is stateless.
#pragma once

#include <string>
#include <vector>

#include "responder/config.hpp"
#include "responder/dhcp6/dhcp6_service.hpp"

namespace pxescope::responder {

// Puts the range for `iface` (named cfg.interface) into cfg.dhcp6's range fields; `several`:
// more than one interface is served. False when DHCPv6 is off on this interface (`note`
// names why: no range is for it); true otherwise (`note` empty).
bool choose_dhcp6_range(ResponderConfig& cfg, const Interface6& iface, bool several,
                        std::string& note);

// Two interfaces must never hand out addresses from one range (two lease tables, one pool):
// "" when each full-mode range is served by one interface at most, else one line naming it.
// `views`: each served interface's configuration after choose_dhcp6_range().
std::string dhcp6_range_served_twice(const std::vector<const ResponderConfig*>& views);

}  // namespace pxescope::responder
