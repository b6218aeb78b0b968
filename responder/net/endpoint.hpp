// A UDP or TCP peer of either address family, as the kernel hands it over (recvmsg, accept4),
// with the text the logs show and the keys of the per-client tables. The TFTP and HTTP servers
// listen on IPv4 and IPv6 alike; everything they say or count about a client goes through this.
//   "192.0.2.10:2070"   "[fd00:77::100]:2070"   "[fe80::1%eth0]:2070" (link-local: the scope)
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace pxescope::responder {

struct Endpoint {
  union {
    sockaddr any;
    sockaddr_in v4;
    sockaddr_in6 v6;
  } storage{};

  static Endpoint from_v4(const sockaddr_in& address);
  static Endpoint from_v6(const sockaddr_in6& address);

  bool is_v6() const { return storage.any.sa_family == AF_INET6; }
  std::uint16_t port() const;  // host order
  sockaddr* address() { return &storage.any; }
  const sockaddr* address() const { return &storage.any; }
  // What recvmsg/accept4 may fill; what sendto must be told for the family.
  static constexpr socklen_t capacity() { return sizeof(sockaddr_in6); }
  socklen_t size() const { return is_v6() ? sizeof(sockaddr_in6) : sizeof(sockaddr_in); }
};

// A client host (no port), for the per-client caps: IPv4 as ::ffff:a.b.c.d, so one table holds
// both families; a link-local address keeps its scope (fe80::1 on two links is two hosts).
struct HostKey {
  std::array<std::uint8_t, 16> bytes{};
  std::uint32_t scope = 0;
  bool operator==(const HostKey&) const = default;
};
// A client's transfer ID (host and port), for "is this RRQ a retransmission".
struct EndpointKey {
  HostKey host;
  std::uint16_t port = 0;
  bool operator==(const EndpointKey&) const = default;
};
struct HostKeyHash {
  std::size_t operator()(const HostKey& key) const;
};
struct EndpointKeyHash {
  std::size_t operator()(const EndpointKey& key) const;
};

HostKey host_key(const Endpoint& peer);
EndpointKey endpoint_key(const Endpoint& peer);
bool same_endpoint(const Endpoint& a, const Endpoint& b);

std::string host_text(const Endpoint& peer);      // "192.0.2.10", "fe80::1%eth0"
std::string endpoint_text(const Endpoint& peer);  // "192.0.2.10:2070", "[fe80::1%eth0]:2070"

}  // namespace pxescope::responder
