#include "responder/tftp_server_options.hpp"

namespace pxescope::responder {

tftp::TftpServer::Options tftp_server_options(const ResponderConfig& cfg) {
  tftp::TftpServer::Options options;
  options.root = cfg.tftp_root;
  options.routes = cfg.tftp_routes;
  if (!cfg.tftp_root_origin.empty()) options.root_origin = cfg.tftp_root_origin;
  options.iface = cfg.interface;
  options.ipv6 = true;  // the interface's IPv6 addresses too, link-local included
  options.max_transfers = cfg.tftp_max;
  options.max_per_client = cfg.tftp_max_per_client;
  options.no_blocksize = cfg.tftp_no_blocksize;
  options.lowercase = cfg.tftp_lowercase;
  options.unique_root = cfg.tftp_unique_root || cfg.tftp_unique_root_mac;
  options.unique_root_mac = cfg.tftp_unique_root_mac;
  options.secure = cfg.tftp_secure;
  options.port_min = cfg.tftp_port_min;
  options.port_max = cfg.tftp_port_max;
  options.single_port = cfg.tftp_single_port;
  return options;
}

}  // namespace pxescope::responder
