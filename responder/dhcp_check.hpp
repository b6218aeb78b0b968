// Before serving: is another DHCP or proxyDHCP server already on this network? Sends one
// PXE DISCOVER (vendor class PXEClient) from the server's interface and collects what other
// servers answer for `--dhcp-check SECONDS`. A full DHCP server beside ours refuses the
// start (unless --force): two servers handing out addresses on one network is an outage.
// Another server giving PXE boot information is a warning in either mode: two answers to
// one client are the commonest cause of "it boots one time and not the next".
#pragma once

#include <string>
#include <vector>

#include "responder/net/raw_socket.hpp"
#include "responder/other_server.hpp"

namespace pxescope::responder {

// Sends the DISCOVER on `raw` (source 0.0.0.0:68 and chaddr = the interface's MAC, as a
// client; switches with DHCP snooping let that through) and returns one entry per other
// server heard within `seconds` (their answers to us or to anyone else). False with `error`
// when the DISCOVER could not be sent.
bool run_dhcp_check(RawDhcpSocket& raw, const InterfaceInfo& iface, unsigned seconds,
                    std::vector<OtherServerReply>& servers, std::string& error);

struct DhcpCheckVerdict {
  std::string refusal;                // non-empty: do not start (full DHCP, no --force)
  std::vector<std::string> warnings;  // one line each
  std::vector<std::string> notes;     // expected servers (a proxy's DHCP server), for the log
};

// What the servers found mean for a server in `full_dhcp` or proxy mode (pure).
DhcpCheckVerdict judge_dhcp_check(const std::vector<OtherServerReply>& servers,
                                  const std::string& iface, bool full_dhcp, bool force);

}  // namespace pxescope::responder
