// The DHCPv6 decisions, pure: (request, config, server identity, leases, clock) -> a reply
// or a reason to stay silent, as the IPv4 engine's (proxy_decision.hpp, full_dhcp.hpp).
// Two modes:
//   stateless (no IPv6 address range; beside the LAN's own DHCPv6 server): only network
//     boot clients are answered, with option 59 and no address; Confirm and Rebind, which
//     the address-giving server owns, never;
//   full (dhcp-range=START,END): IA_NA addresses from the range, plus option 59 for boot
//     clients.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "responder/config.hpp"
#include "responder/dhcp6/dhcp6_leases.hpp"
#include "responder/dhcp6/dhcp6_reply.hpp"
#include "responder/dhcp6/dhcp6_request.hpp"

namespace pxescope::responder {

enum class Verdict6 : std::uint8_t {
  Reply,
  NotBootClient,  // stateless mode: an ordinary host (no 59 asked, no 61, no PXE class)
  NotListed,      // --only does not name this client's MAC (or its MAC is unknown)
  NotForUs,       // another server's id, or a message the address-giving server owns
  NoBootFile,     // stateless mode: nothing configured for this client
  Ignored,        // dhcp-host ...,ignore / dhcp-ignore
  Unsupported,    // a message type not answered here
};
std::string_view verdict6_text(Verdict6 v);

// Tags the request earns: the IPv6 dhcp-match lines, then the IPv4 lines that read what
// both versions carry (user/vendor class text, architecture, MAC), dhcp-host and tag-if.
std::uint32_t request_tags6(const Dhcp6Request& req, const ResponderConfig& cfg);

// The boot file URL for a client: a matching option6:bootfile-url line ("[::]" replaced),
// else the IPv4 boot rules (dhcp-boot, --arch-boot-file, tags) as tftp://[server]/FILE or
// http://[server][:port]/PATH. Empty when nothing is configured for it.
void choose_boot_url6(const Dhcp6Request& req, std::uint32_t tags, const ResponderConfig& cfg,
                      const Dhcp6Identity& server, std::string& url);

// `leases`: full mode's table (nullptr: stateless). `reply` is reused between calls.
Verdict6 decide_dhcp6(const Dhcp6Request& req, const ResponderConfig& cfg,
                      const Dhcp6Identity& server, Lease6Table* leases, std::int64_t now,
                      Dhcp6Reply& reply);

}  // namespace pxescope::responder
