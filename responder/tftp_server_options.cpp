#include "responder/tftp_server_options.hpp"

namespace pxescope::responder {

tftp::TftpServer::Options tftp_server_options(const ResponderConfig& cfg) {
  tftp::TftpServer::Options options;
  options.root = cfg.tftp_root;
  options.iface = cfg.interface;
  options.max_transfers = cfg.tftp_max;
  options.max_per_client = cfg.tftp_max_per_client;
  return options;
}

}  // namespace pxescope::responder
