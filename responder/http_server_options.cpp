#include "responder/http_server_options.hpp"

namespace pxescope::responder {

std::string http_root_of(const ResponderConfig& cfg) {
  return cfg.http_root.empty() ? cfg.tftp_root : cfg.http_root;
}

http::HttpServer::Options http_server_options(const ResponderConfig& cfg,
                                              std::uint32_t interface_ip) {
  http::HttpServer::Options options;
  options.root = http_root_of(cfg);
  options.routes = cfg.http_routes;
  options.bind_ip = cfg.http_address.empty() ? format_ipv4(interface_ip) : cfg.http_address;
  // Without http-address=: the interface's IPv6 addresses too (link-local included), which
  // follow readdressing by themselves ([::] bound to the interface).
  options.ipv6 = cfg.http_address.empty();
  options.iface = cfg.interface;
  options.port = cfg.http_port;
  options.max_connections = cfg.http_max;
  options.max_per_client = cfg.http_max_per_client;
  options.limits.header_timeout = std::chrono::seconds(cfg.http_header_timeout_s);
  options.limits.idle_timeout = std::chrono::seconds(cfg.http_idle_timeout_s);
  return options;
}

}  // namespace pxescope::responder
