// Transfer IDs (RFC 1350 section 4) on the server's unconnected transfer sockets: a packet from
// another address or port is answered with ERROR 5 and the transfer goes on, and ICMP errors
// (IP_RECVERR, IPV6_RECVERR) are told apart: only a port unreachable for the client's own
// address ends it.
#pragma once

#include <span>

#include "responder/net/endpoint.hpp"

namespace pxescope::tftp {

using responder::Endpoint;
using responder::same_endpoint;

// Asks the kernel to queue ICMP errors on the transfer socket of `family` (AF_INET, AF_INET6).
void receive_icmp_errors(int fd, int family);

// Answers a packet from an unknown TID with ERROR 5, built in `scratch`.
void answer_unknown_tid(int fd, const Endpoint& stranger, std::span<uint8_t> scratch);

// Empties the socket's ICMP error queue; true when one of the errors is a port unreachable for
// `client` (the client has gone), false for errors about others (a stranger we answered).
bool client_refused(int fd, const Endpoint& client);

}  // namespace pxescope::tftp
