// enable-ra in `respond`: the advertisement the config asks for, and the advertiser started on
// the served interface. M when full DHCPv6 hands out addresses (the range), O always (the boot
// file URL and DNS come from DHCPv6), the prefix of the range (constructor: the interface's
// /64), lifetimes from the range's lease time.
#pragma once

#include <memory>
#include <string>

#include "responder/dhcp6/dhcp6_config.hpp"
#include "responder/dhcp6/dhcp6_service.hpp"
#include "responder/ra/router_advertiser.hpp"

namespace pxescope::responder {

RaSettings ra_settings_for(const Dhcp6Config& dhcp6, const Interface6& iface);

// nullptr with `error` empty: not asked (no enable-ra, or a dry run); nullptr with `error`: the
// one line why it cannot start.
std::unique_ptr<RouterAdvertiser> start_router_advertiser(const ResponderConfig& cfg,
                                                          std::string& error);

}  // namespace pxescope::responder
