#include "responder/ra/ra_start.hpp"

#include <algorithm>
#include <cstring>

#include "responder/config.hpp"

namespace pxescope::responder {

RaSettings ra_settings_for(const Dhcp6Config& dhcp6, const Interface6& iface) {
  RaSettings settings;
  settings.managed = dhcp6.full;
  settings.other = true;
  settings.source_mac = iface.mac;
  settings.prefix_length = dhcp6.prefix_length;
  // The range's network; constructor: (or no range) the interface's own /64.
  const bool from_range = dhcp6.constructor.empty() &&
                          std::any_of(dhcp6.range_start.begin(), dhcp6.range_start.begin() + 8,
                                      [](std::uint8_t b) { return b != 0; });
  const Ipv6Address& source = from_range ? dhcp6.range_start : iface.global;
  const unsigned bits = std::min<unsigned>(dhcp6.prefix_length, 128);
  for (unsigned bit = 0; bit < bits; ++bit)
    if (source[bit / 8] & (0x80 >> (bit % 8))) settings.prefix[bit / 8] |= (0x80 >> (bit % 8));
  settings.valid_lifetime = std::max<std::uint32_t>(dhcp6.lease_seconds, 7200);
  settings.preferred_lifetime = settings.valid_lifetime;
  return settings;
}

std::unique_ptr<RouterAdvertiser> start_router_advertiser(const ResponderConfig& cfg,
                                                          std::string& error) {
  error.clear();
  if (!cfg.dhcp6.enable_ra || cfg.dry_run) return nullptr;  // never sent unless asked
  Interface6 iface;
  if (!query_interface6(cfg.interface, iface, error)) return nullptr;
  if (!cfg.dhcp6.full && cfg.dhcp6.constructor.empty() && !iface.has_global &&
      std::all_of(cfg.dhcp6.range_start.begin(), cfg.dhcp6.range_start.begin() + 8,
                  [](std::uint8_t b) { return b == 0; })) {
    error =
        "enable-ra: no prefix to advertise: add an IPv6 dhcp-range (fd00::100,fd00::1ff) or a "
        "global IPv6 address on " +
        cfg.interface;
    return nullptr;
  }
  auto advertiser = std::make_unique<RouterAdvertiser>();
  if (!advertiser->open(cfg.interface, static_cast<unsigned>(iface.index),
                        ra_settings_for(cfg.dhcp6, iface), error))
    return nullptr;
  return advertiser;
}

}  // namespace pxescope::responder
