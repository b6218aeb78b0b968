// Which interfaces one responder serves, and which dhcp-range each one serves (pure: the
// host's interfaces come in as a list, so every rule is unit-tested without a network).
//
// The rule, safer than dnsmasq's (which serves every interface when none is named):
//   * interface= / --iface named: exactly those (never lo);
//   * except-interface= alone: every non-loopback interface with an IPv4 address but those,
//     and only the ones a dhcp-range fits; with no dhcp-range at all it is refused (it
//     would answer PXE clients on every network of the host);
//   * nothing named: the interface each dhcp-range fits (none fits: refused).
// A range goes to the interface named by its interface:NAME prefix, else to the served
// interface whose subnet holds it. A full-DHCP range that fits no served interface is
// refused; a proxy range that fits none is a network behind a relay (its set: tags apply to
// requests whose giaddr lies in it) — or, when one interface and one range are all there
// is, that interface's (with a warning, as before). Two ranges on one interface are refused.
// An interface without a range is served in proxy mode.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "responder/config.hpp"

namespace pxescope::responder {

// One interface of the host as getifaddrs(3) lists it (first IPv4 address).
struct HostInterface {
  std::string name;
  std::uint32_t ip = 0, netmask = 0;
  bool loopback = false;
};

struct PlannedInterface {
  std::string name;
  int range = -1;  // index into effective_ranges(cfg); -1: proxy, no range
};

struct InterfacePlan {
  std::vector<PlannedInterface> served;  // in the order named (or of the host's list)
  std::vector<int> relayed;              // proxy ranges behind relays
  std::vector<std::string> notes;        // "WARNING: ..." / what was left out and why
  std::string error;                     // non-empty: refuse to start, this one line
};

InterfacePlan plan_interfaces(const ResponderConfig& cfg, std::span<const HostInterface> host);

// The configuration one served interface runs with: `cfg` with its name, its range in the
// single-range fields (none: proxy) and that range's set: tags, and the relayed networks.
ResponderConfig config_for_interface(const ResponderConfig& cfg, const InterfacePlan& plan,
                                     std::size_t index);

// The host's interfaces with an IPv4 address (getifaddrs), for plan_interfaces().
std::vector<HostInterface> host_interfaces();

}  // namespace pxescope::responder
