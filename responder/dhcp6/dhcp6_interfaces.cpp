#include "responder/dhcp6/dhcp6_interfaces.hpp"

#include <algorithm>
#include <cstring>

namespace pxescope::responder {
namespace {

bool has_prefix(const Dhcp6Range& r) {
  return std::any_of(r.range_start.begin(), r.range_start.begin() + 8,
                     [](std::uint8_t b) { return b != 0; });
}

// How well a range fits the interface: by name first, then by its /64, then any (no prefix).
int fit(const Dhcp6Range& r, const std::string& name, const Interface6& iface) {
  if (!r.constructor.empty()) return r.constructor == name ? 3 : 0;
  if (has_prefix(r))
    return iface.has_global && std::memcmp(r.range_start.data(), iface.global.data(), 8) == 0 ? 2
                                                                                              : 0;
  return 1;
}

}  // namespace

bool choose_dhcp6_range(ResponderConfig& cfg, const Interface6& iface, bool several,
                        std::string& note) {
  note.clear();
  Dhcp6Config& d = cfg.dhcp6;
  if (d.range_origin.empty()) return true;  // no IPv6 range: stateless wherever it is asked
  std::vector<const Dhcp6Range*> ranges = {&d};
  for (const Dhcp6Range& r : d.more_ranges) ranges.push_back(&r);
  const Dhcp6Range* best = nullptr;
  int best_fit = 0;
  for (const Dhcp6Range* r : ranges)
    if (const int f = fit(*r, cfg.interface, iface); f > best_fit) best = r, best_fit = f;
  d.lease_file_per_interface = several;
  if (best != nullptr) {
    if (best != &d) {
      const Dhcp6Range chosen = *best;  // a copy: `best` points into more_ranges or d
      static_cast<Dhcp6Range&>(d) = chosen;
    }
    return true;
  }
  if (!several) return true;  // the first range: resolve_dhcp6_range() says it does not fit
  note = "DHCPv6: no IPv6 dhcp-range is for " + cfg.interface +
         (iface.has_global ? " (its /64: " + format_ipv6(iface.global) + ")"
                           : " (it has no global IPv6 address)") +
         ": no DHCPv6 and no Router Advertisements there (add a range on its /64, or one with "
         "constructor:" +
         cfg.interface + ")";
  d.enabled = false;
  d.enable_ra = false;
  return false;
}

std::string dhcp6_range_served_twice(const std::vector<const ResponderConfig*>& views) {
  for (std::size_t i = 0; i < views.size(); ++i)
    for (std::size_t j = i + 1; j < views.size(); ++j) {
      const Dhcp6Config& a = views[i]->dhcp6;
      const Dhcp6Config& b = views[j]->dhcp6;
      if (a.answers() && b.answers() && a.full && b.full && a.range_origin == b.range_origin)
        return "DHCPv6: the range at " + a.range_origin + " fits both " + views[i]->interface +
               " and " + views[j]->interface +
               " (the same /64 on two interfaces): two servers would hand out one pool; give "
               "each interface its own range (constructor:IFACE)";
    }
  return {};
}

}  // namespace pxescope::responder
