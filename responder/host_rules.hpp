// The decisions behind dhcp-host=, dhcp-mac=, dhcp-ignore= and tag-if=: pure functions of
// the request and the config, used by the proxy and full-DHCP decisions.
#pragma once

#include <cstdint>

#include "responder/config.hpp"
#include "responder/dhcp_request.hpp"

namespace pxescope::responder {

bool mac_matches(const MacAddress& mac, const MacAddress& pattern, const MacAddress& mask);

// The first dhcp-host line for this client (MAC and tag: conditions), or nullptr.
const HostRule* find_host(const DhcpRequest& req, const ResponderConfig& cfg, std::uint32_t tags);

// `tags` plus what dhcp-host set: and then tag-if= lines add, as dnsmasq orders them.
std::uint32_t add_host_and_tag_if_tags(const DhcpRequest& req, const ResponderConfig& cfg,
                                       std::uint32_t tags);

// A dhcp-host line with `ignore`, or a dhcp-ignore line whose tags all match.
bool ignored_by_config(const DhcpRequest& req, const ResponderConfig& cfg);

// Full DHCP: the dhcp-host address for this client, 0 when none.
std::uint32_t fixed_address(const DhcpRequest& req, const ResponderConfig& cfg);

}  // namespace pxescope::responder
