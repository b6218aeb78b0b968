#include "responder/dhcp6_check.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "analyzer/dhcpv6/dhcpv6_dissector.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "responder/config.hpp"
#include "responder/net/endpoint.hpp"

namespace pxescope::responder {
namespace {

constexpr std::uint8_t kSolicit = 1, kAdvertise = 2, kReply = 7;
constexpr std::uint16_t kClientId = 1, kServerId = 2, kIaNa = 3, kIaAddr = 5, kOptionRequest = 6,
                        kElapsedTime = 8, kDnsServers = 23, kBootfileUrl = 59;
constexpr std::uint16_t kClientPort = 546, kServerPort = 547;

void put16(std::vector<std::uint8_t>& out, std::uint16_t value) {
  out.push_back(static_cast<std::uint8_t>(value >> 8));
  out.push_back(static_cast<std::uint8_t>(value));
}

std::string hex_bytes(std::span<const std::uint8_t> bytes) {
  std::string text;
  char pair[4];
  for (const std::uint8_t byte : bytes) {
    std::snprintf(pair, sizeof pair, text.empty() ? "%02x" : ":%02x", byte);
    text += pair;
  }
  return text;
}

// The option nodes (type, offset, length) directly under `parent` in the dissector's tree.
template <typename F>
void for_each_option(const FieldTree& tree, NodeId parent, F&& f) {
  tree.for_each_child(parent, [&](NodeId child) {
    if (tree[child].name == "dhcpv6.option.type") f(child);
  });
}

}  // namespace

std::vector<std::uint8_t> check_solicit(const MacAddress& mac, std::uint32_t xid) {
  std::vector<std::uint8_t> message{kSolicit, static_cast<std::uint8_t>(xid >> 16),
                                    static_cast<std::uint8_t>(xid >> 8),
                                    static_cast<std::uint8_t>(xid)};
  std::vector<std::uint8_t> value{0, 3, 0, 1};  // DUID-LL, Ethernet
  value.insert(value.end(), mac.begin(), mac.end());
  dhcpv6::append_option(message, kClientId, value);
  dhcpv6::append_option(message, kElapsedTime, std::vector<std::uint8_t>{0, 0});
  // IA_NA: IAID from the MAC's last bytes, T1 = T2 = 0 (the server's choice), no address hint.
  value.assign({mac[2], mac[3], mac[4], mac[5], 0, 0, 0, 0, 0, 0, 0, 0});
  dhcpv6::append_option(message, kIaNa, value);
  value.clear();
  put16(value, kDnsServers);
  put16(value, kBootfileUrl);
  dhcpv6::append_option(message, kOptionRequest, value);
  return message;
}

std::optional<OtherDhcp6Server> other_dhcp6_server(std::span<const std::uint8_t> payload,
                                                   std::uint32_t xid, const std::string& from) {
  if (payload.size() < 4 || (payload[0] != kAdvertise && payload[0] != kReply)) return {};
  if (((std::uint32_t{payload[1]} << 16) | (payload[2] << 8) | payload[3]) != xid) return {};
  FieldTree tree;
  const NodeId root = dissect_dhcpv6(payload, 0, tree);
  // A malformed answer still comes from a server on the link: what the dissector could read counts.
  if (root == kNoNode) return {};
  OtherDhcp6Server server;
  server.address = from;
  // The option nodes span code + length + value: the value starts 4 bytes in.
  const auto value_of = [&](NodeId option) {
    return payload.subspan(tree[option].offset + 4, tree[option].length - 4);
  };
  for_each_option(tree, root, [&](NodeId option) {
    switch (tree[option].uint_value) {
      case kServerId:
        server.duid = hex_bytes(value_of(option));
        break;
      case kBootfileUrl:
        server.boot_url = true;
        break;
      case kIaNa:
        for_each_option(tree, option, [&](NodeId inner) {
          const auto address = value_of(inner);
          if (tree[inner].uint_value != kIaAddr || address.size() < 16) return;
          char text[INET6_ADDRSTRLEN] = {};
          inet_ntop(AF_INET6, address.data(), text, sizeof text);
          if (server.offered.empty()) server.offered = text;
        });
        break;
      default:
        break;
    }
  });
  if (server.duid.empty()) return {};  // RFC 8415 §16.3: an Advertise without one is discarded
  return server;
}

bool run_dhcp6_check(const std::string& iface, unsigned ifindex, const MacAddress& mac,
                     unsigned seconds, std::vector<OtherDhcp6Server>& servers, std::string& error) {
  const int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::string("dhcp6-check: cannot open an IPv6 socket: ") + std::strerror(errno);
    return false;
  }
  const int on = 1, hops = 1;
  setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, iface.c_str(), static_cast<socklen_t>(iface.size()));
  setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof ifindex);
  setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops);
  sockaddr_in6 local{};
  local.sin6_family = AF_INET6;
  local.sin6_port = htons(kClientPort);
  bool bound = bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0;
  if (!bound && errno == EADDRINUSE) {
    // The host's own DHCPv6 client holds 546: ask from another port (servers that answer the
    // Solicit's source port, as dnsmasq and Kea do, are still heard).
    local.sin6_port = 0;
    bound = bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0;
  }
  if (!bound) {
    error = "dhcp6-check: cannot bind UDP on " + iface + ": " + std::strerror(errno) +
            (errno == EACCES ? " (needs root or CAP_NET_BIND_SERVICE)" : "");
    close(fd);
    return false;
  }
  const std::uint32_t xid =
      static_cast<std::uint32_t>(std::chrono::steady_clock::now().time_since_epoch().count()) &
      0xffffff;
  const auto solicit = check_solicit(mac, xid);
  sockaddr_in6 servers_group{};
  servers_group.sin6_family = AF_INET6;
  servers_group.sin6_port = htons(kServerPort);
  servers_group.sin6_scope_id = ifindex;
  inet_pton(AF_INET6, "ff02::1:2", &servers_group.sin6_addr);
  if (sendto(fd, solicit.data(), solicit.size(), 0, reinterpret_cast<sockaddr*>(&servers_group),
             sizeof servers_group) < 0) {
    error = "dhcp6-check: cannot send a Solicit on " + iface + ": " + std::strerror(errno) +
            (errno == EADDRNOTAVAIL ? " (the interface has no IPv6 link-local address yet)" : "");
    close(fd);
    return false;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::uint8_t buffer[1500];
  for (int bounded = 0; bounded < 1000; ++bounded) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd wait{fd, POLLIN, 0};
    if (poll(&wait, 1, static_cast<int>(left.count())) <= 0) continue;
    Endpoint from;
    socklen_t length = Endpoint::capacity();
    const ssize_t got = recvfrom(fd, buffer, sizeof buffer, MSG_DONTWAIT, from.address(), &length);
    if (got <= 0) continue;
    if (auto server =
            other_dhcp6_server({buffer, static_cast<std::size_t>(got)}, xid, host_text(from))) {
      servers.push_back(std::move(*server));
    }
  }
  close(fd);
  return true;
}

std::string dhcp6_check_line(const std::vector<OtherDhcp6Server>& servers, const std::string& iface,
                             bool force) {
  if (servers.empty()) return "";
  const OtherDhcp6Server& first = servers.front();
  std::string line =
      "another DHCPv6 server answers on " + iface + ": " + first.address + " (DUID " + first.duid +
      ")" + (first.offered.empty() ? " answered without an address" : " offered " + first.offered);
  if (servers.size() > 1) line += " (and " + std::to_string(servers.size() - 1) + " more)";
  return line + (force ? "; starting anyway (--force)"
                       : "; stop it, serve its clients beside it (stateless: no dhcp-range=::...), "
                         "or pass --force if you are sure");
}

int check_for_other_dhcp6_servers(const ResponderConfig& cfg, const std::string& iface,
                                  unsigned ifindex, const MacAddress& mac) {
  std::vector<OtherDhcp6Server> servers;
  std::string error;
  if (!run_dhcp6_check(iface, ifindex, mac, cfg.dhcp_check_seconds, servers, error)) {
    std::fprintf(stderr, "pxescope respond: %s\n", error.c_str());
    return 1;
  }
  const std::string line = dhcp6_check_line(servers, iface, cfg.force);
  if (line.empty()) return 0;
  std::fprintf(stderr, "pxescope respond: %s%s\n", cfg.force ? "WARNING: " : "", line.c_str());
  return cfg.force ? 0 : 1;
}

}  // namespace pxescope::responder
