#include "responder/tftp/tftp_net.hpp"

#include "responder/net/port_owner.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pxescope::tftp {

uint64_t peer_key(const sockaddr_in& peer) {
  return (uint64_t{ntohl(peer.sin_addr.s_addr)} << 16) | ntohs(peer.sin_port);
}

std::string ip_text(const sockaddr_in& peer) {
  char ip[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip);
  return ip;
}

std::string endpoint_text(const sockaddr_in& peer) {
  return ip_text(peer) + ":" + std::to_string(ntohs(peer.sin_port));
}

int interface_mtu(const std::string& name) {
  if (name.empty() || name.size() >= IFNAMSIZ) return 0;
  const int probe = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (probe < 0) return 0;
  ifreq request{};
  std::memcpy(request.ifr_name, name.data(), name.size());
  const int mtu = ioctl(probe, SIOCGIFMTU, &request) == 0 ? request.ifr_mtu : 0;
  close(probe);
  return mtu;
}

bool watch_bound_socket(int epoll_fd, int fd, uint64_t tag, uint16_t& bound_port,
                        std::string& error) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  bound_port = ntohs(address.sin_port);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = tag;
  if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0) {
    error = std::string("epoll_ctl failed: ") + std::strerror(errno);
    return false;
  }
  return true;
}

std::string bind_error_text(int error, const std::string& ip, uint16_t port,
                            const std::string& iface) {
  const std::string where = ip + ":" + std::to_string(port);
  if (error == EACCES) {
    return "cannot bind TFTP on UDP " + where +
           ": permission denied; run as root or grant the binary CAP_NET_BIND_SERVICE "
           "(setcap cap_net_bind_service,cap_net_raw+ep <binary>)";
  }
  if (error == EADDRINUSE) {
    // Names the process that holds it (found through /proc), and what to do.
    return "cannot bind TFTP: " + responder::port_in_use_message(port, iface);
  }
  if (error == EADDRNOTAVAIL) {
    return "cannot bind TFTP on UDP " + where + ": no interface has address " + ip;
  }
  return "cannot bind TFTP on UDP " + where + ": " + std::strerror(error);
}

}  // namespace pxescope::tftp
