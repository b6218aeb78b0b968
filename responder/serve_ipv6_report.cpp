#include "responder/serve_ipv6_report.hpp"

namespace pxescope::responder {

std::string ipv6_serving_line(const Ipv6Listener& tftp, const Ipv6Listener& http,
                              const std::string& iface) {
  std::string line;
  const auto add = [&](const std::string& name, const Ipv6Listener& server) {
    std::string part;
    if (server.listens) {
      part = name + "=[::]:" + std::to_string(server.port) + "%" + iface;
    } else if (!server.note.empty()) {
      part = name + "=off (" + server.note + ")";
    }
    if (part.empty()) return;
    line += (line.empty() ? "" : " ") + part;
  };
  add("tftp", tftp);
  add("http", http);
  return line;
}

}  // namespace pxescope::responder
