// The DHCP side of one interface, opened together: the raw socket that hears and answers,
// and the guards on UDP 67/4011. Opened at start-up and again when the interface is
// re-created (a new index: the old sockets hear nothing any more).
#pragma once

#include <memory>
#include <string>

#include "responder/net/raw_socket.hpp"

namespace pxescope::responder {

struct DhcpSockets {
  RawDhcpSocket raw;
  PortGuard guard67, guard4011;
  int ifindex = 0;
};

// Null with `error` set when the raw socket or a guard cannot be opened: the guards are
// exclusive, so a port in use names the process that holds it. `watch_only` (a dry run)
// turns a port in use into `warning` instead: it may watch beside the real server.
std::unique_ptr<DhcpSockets> open_dhcp_sockets(const std::string& name, const InterfaceInfo& iface,
                                               bool watch_only, std::string& error,
                                               std::string& warning);

}  // namespace pxescope::responder
