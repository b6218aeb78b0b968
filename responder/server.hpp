// The live responder: one or several interfaces (served_interface.hpp, one each), one epoll
// loop (AF_PACKET DHCP sockets, TFTP and HTTP sockets, signalfd, netlink, timers). Opens its
// sockets, then drops root.
#pragma once

#include "responder/config.hpp"
#include "responder/reload.hpp"

namespace pxescope::responder {

// Runs until SIGTERM/SIGINT. SIGHUP reads the configuration again through `reload` (see
// reload.hpp). The interface is followed through netlink: re-created or re-addressed, it is
// served again; gone for too long, the server exits. Returns the process exit code (0 clean
// stop, 1 failure with one clear line on stderr).
int run_server(const ResponderConfig& cfg, const ConfigSource& reload = {});

}  // namespace pxescope::responder
