// The HTTP server's options from the responder's configuration (http-* lines and flags).
#pragma once

#include <cstdint>

#include "responder/config.hpp"
#include "responder/http/http_server.hpp"

namespace pxescope::responder {

// `interface_ip`: the served interface's address, where HTTP listens unless http-address= says.
http::HttpServer::Options http_server_options(const ResponderConfig& cfg,
                                              std::uint32_t interface_ip);

// The HTTP root: http-root=, else the TFTP root ("" = routes only).
std::string http_root_of(const ResponderConfig& cfg);

}  // namespace pxescope::responder
