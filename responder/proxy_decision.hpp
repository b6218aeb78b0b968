// The proxy-DHCP decisions, pure: (request, where it came from, config, server identity)
// -> a reply to send or a reason to stay silent. No I/O and no clock, so the same code
// answers the wire, `respond --replay` and the unit tests.
#pragma once

#include <cstdint>
#include <string_view>

#include "responder/config.hpp"
#include "responder/dhcp_request.hpp"
#include "responder/reply.hpp"

namespace pxescope::responder {

enum class Verdict : std::uint8_t {
  Reply,
  NotPxe,         // option 60 is not PXEClient/HTTPClient (proxy mode answers only PXE)
  NotListed,      // --only does not name this MAC
  NotForUs,       // a REQUEST to another server, a reply type, ...
  NoBootFile,     // nothing configured for this architecture / boot item
  LocalBoot,      // the chosen menu item is "boot from local disk"
  Unsupported,    // a message type we do not answer (INFORM, ...)
  PoolExhausted,  // full DHCP: no free address in the range
  Released,       // full DHCP: RELEASE/DECLINE handled, nothing to send
  NotHolder,      // full DHCP: RELEASE/DECLINE from a client that does not hold the address
  Probing,        // full DHCP: the address is being checked (ARP) before it is offered
  Ignored,        // a dhcp-host ...,ignore or dhcp-ignore line matches the client
};
std::string_view verdict_text(Verdict v);

// Tags (bit i = cfg.tag_names[i]) a request earns from the config's dhcp-userclass,
// dhcp-vendorclass and dhcp-match lines, as dnsmasq sets them.
std::uint32_t request_tags(const DhcpRequest& req, const ResponderConfig& cfg);

// Every condition holds: "tag:T" set and "tag:!T" not set in `tags`.
bool tags_match(const std::vector<TagCondition>& conds, std::uint32_t tags);

// Client architecture: option 93, else the PXEClient:Arch:NNNNN vendor class, else 0.
std::uint16_t client_arch(const DhcpRequest& req);

// The boot file for a client (dhcp-boot rules, then pxe-service items); false when none.
struct BootChoice {
  std::string_view file;  // into the config (or `storage`)
  std::string storage;    // pxe-service files with the ".N" suffix built
  std::string_view server_name;
  std::uint32_t server_ip = 0;  // 0: this server
  bool from_tagged_rule = false;
  bool on_own_http = false;  // `file` is a path on pxescope's HTTP service (see BootRule)
  bool gives_url() const;    // the client gets a URL (HTTP clients need one)
};
bool choose_boot_file(const DhcpRequest& req, std::uint32_t tags, std::uint16_t arch,
                      const ResponderConfig& cfg, BootChoice& out);

// The boot file field for a choice: the file itself, or for an on_own_http choice
// "http://<server_ip>[:port]<path>" (reusing `out`'s capacity).
void write_boot_file(std::string& out, const BootChoice& choice, const ResponderConfig& cfg,
                     std::uint32_t server_ip);

// Proxy answer to a DISCOVER on 67 (OFFER) or a REQUEST on 4011 / to us on 67 (ACK).
// `reply` is reused between calls (its strings keep their capacity).
Verdict decide_proxy(const DhcpRequest& req, const Ingress& in, const ResponderConfig& cfg,
                     const ServerIdentity& server, Reply& reply);

// Fills the PXE part (60, 97, 43 / file) of an OFFER for a PXE client; used by proxy and
// by full-DHCP mode. Returns NoBootFile when nothing is configured for the client.
Verdict fill_pxe_offer(const DhcpRequest& req, const ResponderConfig& cfg,
                       const ServerIdentity& server, Reply& reply);

bool mac_allowed(const ResponderConfig& cfg, const MacAddress& mac);

}  // namespace pxescope::responder
