// Before serving full DHCPv6: is another DHCPv6 server already on this link? The same rule as
// IPv4's --dhcp-check (dhcp_check.hpp): send one Solicit (with an IA_NA, as a client that wants
// an address) from the interface's link-local address to All_DHCP_Relay_Agents_and_Servers
// (ff02::1:2) and collect the Advertise/Reply messages other servers send back for `seconds`.
// A server that answers refuses the start of full DHCPv6 mode (two servers handing out
// addresses on one link is an outage), naming its address and DUID; --force makes it a warning.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "responder/dhcp_request.hpp"

namespace pxescope::responder {

struct OtherDhcp6Server {
  std::string address;    // the Advertise's IPv6 source ("fe80::1%eth0")
  std::string duid;       // its Server Identifier (option 2), hex "00:01:00:01:..."
  std::string offered;    // the IA_NA address it offered ("" when none: stateless or NoAddrsAvail)
  bool boot_url = false;  // it sent option 59 (bootfile-url): it network-boots clients too
};

// The check's Solicit: DUID-LL of `mac` (option 1), elapsed time 0 (8), an IA_NA (3), and an
// option request for DNS servers and the boot file URL (6: 23, 59). Encoded with the analyzer's
// DHCPv6 option writer.
std::vector<std::uint8_t> check_solicit(const MacAddress& mac, std::uint32_t xid);

// An Advertise or Reply to the Solicit with `xid`, read through the analyzer's DHCPv6 dissector;
// nothing for anything else (another transaction, a request, no Server Identifier). An answer
// malformed after its Server Identifier still names a server on the link: it counts.
std::optional<OtherDhcp6Server> other_dhcp6_server(std::span<const std::uint8_t> payload,
                                                   std::uint32_t xid, const std::string& from);

// Sends the Solicit on `iface` (index `ifindex`) from UDP port 546 and listens `seconds`. False
// with `error` (one line) when it could not send: port 546 taken, no IPv6 link-local address.
bool run_dhcp6_check(const std::string& iface, unsigned ifindex, const MacAddress& mac,
                     unsigned seconds, std::vector<OtherDhcp6Server>& servers, std::string& error);

// The one line for the first server found: the refusal ("another DHCPv6 server answers on eth0:
// fe80::1%eth0 (DUID 00:01:...) offered fd00::123; ...") or with `force` the warning.
std::string dhcp6_check_line(const std::vector<OtherDhcp6Server>& servers, const std::string& iface,
                             bool force);

struct ResponderConfig;
// The check as `respond` runs it before full DHCPv6 mode serves (--dhcp-check SECONDS, --force):
// 0 to go on, else the exit code after the one line on stderr.
int check_for_other_dhcp6_servers(const ResponderConfig& cfg, const std::string& iface,
                                  unsigned ifindex, const MacAddress& mac);

}  // namespace pxescope::responder
