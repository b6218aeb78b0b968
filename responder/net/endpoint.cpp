#include "responder/net/endpoint.hpp"

#include <arpa/inet.h>
#include <net/if.h>

#include <cstring>
#include <functional>
#include <string_view>

namespace pxescope::responder {

Endpoint Endpoint::from_v4(const sockaddr_in& address) {
  Endpoint endpoint;
  endpoint.storage.v4 = address;
  return endpoint;
}

Endpoint Endpoint::from_v6(const sockaddr_in6& address) {
  Endpoint endpoint;
  endpoint.storage.v6 = address;
  return endpoint;
}

std::uint16_t Endpoint::port() const {
  return ntohs(is_v6() ? storage.v6.sin6_port : storage.v4.sin_port);
}

HostKey host_key(const Endpoint& peer) {
  HostKey key;
  if (peer.is_v6()) {
    std::memcpy(key.bytes.data(), &peer.storage.v6.sin6_addr, 16);
    // Only link-local addresses are ambiguous without their link.
    if (IN6_IS_ADDR_LINKLOCAL(&peer.storage.v6.sin6_addr))
      key.scope = peer.storage.v6.sin6_scope_id;
  } else {
    key.bytes[10] = key.bytes[11] = 0xff;
    std::memcpy(key.bytes.data() + 12, &peer.storage.v4.sin_addr, 4);
  }
  return key;
}

EndpointKey endpoint_key(const Endpoint& peer) {
  return {host_key(peer), peer.port()};
}

bool same_endpoint(const Endpoint& a, const Endpoint& b) {
  return a.is_v6() == b.is_v6() && endpoint_key(a) == endpoint_key(b);
}

std::size_t HostKeyHash::operator()(const HostKey& key) const {
  const std::string_view bytes(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size());
  return std::hash<std::string_view>{}(bytes) ^ (std::size_t{key.scope} << 1);
}

std::size_t EndpointKeyHash::operator()(const EndpointKey& key) const {
  return HostKeyHash{}(key.host) * 31 + key.port;
}

std::string host_text(const Endpoint& peer) {
  char text[INET6_ADDRSTRLEN] = {};
  if (!peer.is_v6()) {
    inet_ntop(AF_INET, &peer.storage.v4.sin_addr, text, sizeof text);
    return text;
  }
  inet_ntop(AF_INET6, &peer.storage.v6.sin6_addr, text, sizeof text);
  std::string host = text;
  // A link-local address means nothing without its link: say which one, as `ping fe80::1%eth0`.
  if (IN6_IS_ADDR_LINKLOCAL(&peer.storage.v6.sin6_addr) && peer.storage.v6.sin6_scope_id != 0) {
    char name[IF_NAMESIZE] = {};
    host += '%';
    host += if_indextoname(peer.storage.v6.sin6_scope_id, name)
                ? std::string(name)
                : std::to_string(peer.storage.v6.sin6_scope_id);
  }
  return host;
}

std::string endpoint_text(const Endpoint& peer) {
  const std::string port = std::to_string(peer.port());
  return peer.is_v6() ? "[" + host_text(peer) + "]:" + port : host_text(peer) + ":" + port;
}

}  // namespace pxescope::responder
