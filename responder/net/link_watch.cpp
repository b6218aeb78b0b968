#include "responder/net/link_watch.hpp"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pxescope::responder {
namespace {

bool concerns_links_or_addresses(std::uint16_t type) {
  switch (type) {
    case RTM_NEWLINK:
    case RTM_DELLINK:
    case RTM_NEWADDR:
    case RTM_DELADDR:
      return true;
    default:
      return false;
  }
}

}  // namespace

LinkWatch::~LinkWatch() {
  if (fd_ >= 0) ::close(fd_);
}

bool LinkWatch::open(std::string& error) {
  fd_ = ::socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd_ < 0) {
    error = std::string("cannot open a netlink socket to follow the interface: ") +
            std::strerror(errno);
    return false;
  }
  sockaddr_nl addr{};
  addr.nl_family = AF_NETLINK;
  addr.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR;
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    error = std::string("cannot subscribe to interface changes (netlink): ") + std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    return false;
  }
  return true;
}

bool LinkWatch::drain() {
  alignas(nlmsghdr) char buf[8192];
  bool relevant = false;
  // Bounded: a flood of notifications is read in slices, the loop comes back for the rest.
  for (int reads = 0; reads < 64; ++reads) {
    const ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == ENOBUFS) relevant = true;  // notifications were lost: look again
      break;
    }
    if (n == 0) break;
    auto left = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left))
      relevant = relevant || concerns_links_or_addresses(h->nlmsg_type);
  }
  return relevant;
}

InterfaceChange classify_interface_change(const InterfaceInfo& bound, bool exists,
                                          const InterfaceInfo& now) {
  if (!exists) return InterfaceChange::Gone;
  if (now.ip == 0) return InterfaceChange::AddressLost;
  if (now.index != bound.index) return InterfaceChange::Recreated;
  if (now.ip != bound.ip || now.netmask != bound.netmask) return InterfaceChange::AddressChanged;
  return InterfaceChange::None;
}

std::string_view interface_change_name(InterfaceChange change) {
  switch (change) {
    case InterfaceChange::None:
      return "unchanged";
    case InterfaceChange::Gone:
      return "gone";
    case InterfaceChange::AddressLost:
      return "no IPv4 address";
    case InterfaceChange::Recreated:
      return "re-created";
    case InterfaceChange::AddressChanged:
      return "address changed";
  }
  return "?";
}

}  // namespace pxescope::responder
