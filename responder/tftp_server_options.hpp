// What the built-in TFTP server runs with, taken from the responder's configuration (the
// tftp-* lines and flags). One place, so run_server() stays a caller.
#pragma once

#include "responder/config.hpp"
#include "responder/tftp/tftp_server.hpp"

namespace pxescope::responder {

tftp::TftpServer::Options tftp_server_options(const ResponderConfig& cfg);

}  // namespace pxescope::responder
