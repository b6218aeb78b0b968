// Full DHCP mode (a network with no DHCP server): DISCOVER/OFFER/REQUEST/ACK/NAK/RELEASE/
// DECLINE over a LeaseTable, with the PXE part of the proxy offer added for PXE clients.
// Pure apart from the table it updates; the caller persists the table when told to.
#pragma once

#include <cstdint>

#include "responder/lease_table.hpp"
#include "responder/proxy_decision.hpp"

namespace pxescope::responder {

// A lease offer to a client that would ask port 4011 for its file (EDK2, iPXE EFI) names the
// file itself instead, as dnsmasq's dhcp-boot does: no 4011 round trip.
void name_file_in_lease_offer(const ServerIdentity& server, Reply& reply);

// `leases_changed` is set when a binding was made or freed (persist the table).
Verdict decide_full(const DhcpRequest& req, const Ingress& in, const ResponderConfig& cfg,
                    const ServerIdentity& server, LeaseTable& leases, std::int64_t now,
                    Reply& reply, bool& leases_changed);

}  // namespace pxescope::responder
