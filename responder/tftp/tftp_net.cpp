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

int open_ipv6_any(int type, uint16_t port, const std::string& iface, std::string& error) {
  const int fd = socket(AF_INET6, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    const int saved = errno;
    if (saved != EAFNOSUPPORT)
      error = std::string("cannot create an IPv6 socket: ") + std::strerror(saved);
    errno = saved;
    return -1;
  }
  const int on = 1;
  setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  if (!iface.empty() && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, iface.c_str(),
                                   static_cast<socklen_t>(iface.size())) != 0) {
    error = "cannot bind to interface " + iface + " over IPv6: " + std::strerror(errno) +
            (errno == EPERM ? " (needs root or CAP_NET_RAW)" : "");
    close(fd);
    return -1;
  }
  if (type == SOCK_STREAM) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_port = htons(port);
  address.sin6_addr = in6addr_any;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    const int saved = errno;  // the caller words it for its service (bind_error_text)
    close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

bool watch_bound_socket(int epoll_fd, int fd, uint64_t tag, uint16_t& bound_port,
                        std::string& error) {
  sockaddr_in6 address{};  // large enough for both families; the port is at the same place
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  bound_port = address.sin6_family == AF_INET6
                   ? ntohs(address.sin6_port)
                   : ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
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
