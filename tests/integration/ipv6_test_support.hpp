// IPv6 on the throw-away namespaces of the integration tests: known addresses without duplicate
// address detection (usable at once), and a host's raw ICMPv6 socket that solicits routers and
// sees only Router Advertisements (for enable-ra, and for its absence).
#pragma once

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "tests/integration/tftp_test_support.hpp"

namespace tftp_test {

// IPv6 on in `ns` and on `link`, with `addresses` ("fe80::1/64", "fd00:80::1/64") added nodad.
inline bool enable_ipv6(const Namespace& ns, const std::string& link,
                        const std::vector<std::string>& addresses) {
  if (run("ip netns exec " + ns.name() + " sysctl -qw net.ipv6.conf.all.disable_ipv6=0 " +
              "net.ipv6.conf." + link + ".disable_ipv6=0",
          10)
          .exit_code != 0)
    return false;
  for (const std::string& address : addresses)
    if (run("ip -n " + ns.name() + " addr add " + address + " dev " + link + " nodad", 10)
            .exit_code != 0)
      return false;
  return true;
}

// A host on `link` in `ns` listening for Router Advertisements.
class RouterSolicitor {
 public:
  bool open(Namespace& ns, const HomeNamespace& home, const std::string& link) {
    if (!ns.enter()) return false;
    fd_ = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
    index_ = if_nametoindex(link.c_str());
    home.go_back();
    if (fd_ < 0) return false;
    icmp6_filter filter;
    ICMP6_FILTER_SETBLOCKALL(&filter);
    ICMP6_FILTER_SETPASS(ND_ROUTER_ADVERT, &filter);
    setsockopt(fd_, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter);
    const int hops = 255;  // RFC 4861: routers ignore a Solicitation with any other
    setsockopt(fd_, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops);
    setsockopt(fd_, IPPROTO_IPV6, IPV6_MULTICAST_IF, &index_, sizeof index_);
    return true;
  }
  ~RouterSolicitor() {
    if (fd_ >= 0) close(fd_);
  }
  // A Router Solicitation to ff02::2; true when it was sent.
  bool solicit() const {
    const std::uint8_t rs[8] = {ND_ROUTER_SOLICIT, 0, 0, 0, 0, 0, 0, 0};
    sockaddr_in6 routers{};
    routers.sin6_family = AF_INET6;
    routers.sin6_scope_id = index_;
    inet_pton(AF_INET6, "ff02::2", &routers.sin6_addr);
    return sendto(fd_, rs, sizeof rs, 0, reinterpret_cast<sockaddr*>(&routers), sizeof routers) ==
           static_cast<ssize_t>(sizeof rs);
  }
  // The next advertisement within `timeout_ms` (empty when none came).
  std::vector<std::uint8_t> receive(int timeout_ms = 5000) const {
    pollfd wait{fd_, POLLIN, 0};
    if (poll(&wait, 1, timeout_ms) <= 0) return {};
    std::vector<std::uint8_t> buffer(1500);
    const ssize_t got = recv(fd_, buffer.data(), buffer.size(), 0);
    buffer.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    return buffer;
  }

 private:
  int fd_ = -1;
  unsigned index_ = 0;
};

}  // namespace tftp_test
