#include "responder/net/dhcp_sockets.hpp"

namespace pxescope::responder {

std::unique_ptr<DhcpSockets> open_dhcp_sockets(const std::string& name, const InterfaceInfo& iface,
                                               bool watch_only, std::string& error,
                                               std::string& warning) {
  auto sockets = std::make_unique<DhcpSockets>();
  if (!sockets->raw.open(iface, error)) return nullptr;
  sockets->ifindex = iface.index;
  std::string guard_error;
  if (!sockets->guard67.open(name, 67, guard_error) ||
      !sockets->guard4011.open(name, 4011, guard_error)) {
    if (!watch_only || guard_error.find("permission") != std::string::npos) {
      error = guard_error;
      return nullptr;
    }
    warning = guard_error;
  }
  return sockets;
}

}  // namespace pxescope::responder
