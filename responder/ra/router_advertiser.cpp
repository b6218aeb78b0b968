#include "responder/ra/router_advertiser.hpp"

#include <arpa/inet.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pxescope::responder {
namespace {

constexpr std::uint8_t kRouterSolicitation = 133, kRouterAdvertisement = 134;
constexpr std::uint8_t kOptionSourceLinkLayer = 1, kOptionPrefix = 3, kOptionMtu = 5;
constexpr int kInitialAdvertisements = 4;  // the first + MAX_INITIAL_RTR_ADVERTISEMENTS (3)
constexpr auto kMaxInitialInterval = std::chrono::seconds(16);
constexpr auto kMinInterval = std::chrono::seconds(200), kMaxInterval = std::chrono::seconds(600);
constexpr auto kMinDelayBetweenRas = std::chrono::seconds(3);
constexpr auto kMaxRaDelay = std::chrono::milliseconds(500);

void put32(std::vector<std::uint8_t>& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<std::uint8_t>(value >> shift));
}

}  // namespace

std::vector<std::uint8_t> router_advertisement(const RaSettings& settings) {
  const std::uint8_t flags =
      static_cast<std::uint8_t>((settings.managed ? 0x80 : 0) | (settings.other ? 0x40 : 0));
  // Type, code, checksum; hop limit 64, M/O, router lifetime 0 (never a default router);
  // reachable time and retransmission timer 0 (unspecified: the hosts keep theirs).
  std::vector<std::uint8_t> message{kRouterAdvertisement, 0, 0, 0, 64, flags, 0, 0};
  put32(message, 0);
  put32(message, 0);
  // Source link-layer address (8 bytes: type, length in units of 8, the MAC).
  message.insert(message.end(), {kOptionSourceLinkLayer, 1});
  message.insert(message.end(), settings.source_mac.begin(), settings.source_mac.end());
  if (settings.mtu != 0) {
    message.insert(message.end(), {kOptionMtu, 1, 0, 0});
    put32(message, settings.mtu);
  }
  // Prefix information (32 bytes): on-link (L), not for autoconfiguration (A=0): DHCPv6 (M).
  message.insert(message.end(), {kOptionPrefix, 4, settings.prefix_length, 0x80});
  put32(message, settings.valid_lifetime);
  put32(message, std::min(settings.preferred_lifetime, settings.valid_lifetime));
  put32(message, 0);  // reserved
  message.insert(message.end(), settings.prefix.begin(), settings.prefix.end());
  return message;
}

bool is_router_solicitation(std::span<const std::uint8_t> icmp, int hop_limit) {
  return icmp.size() >= 8 && icmp[0] == kRouterSolicitation && icmp[1] == 0 && hop_limit == 255;
}

RouterAdvertiser::~RouterAdvertiser() {
  if (fd_ >= 0) close(fd_);
}

bool RouterAdvertiser::open(const std::string& iface, unsigned ifindex, const RaSettings& settings,
                            std::string& error, Clock::time_point now) {
  fd_ = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6);
  if (fd_ < 0) {
    error = std::string("enable-ra: cannot open an ICMPv6 socket: ") + std::strerror(errno) +
            (errno == EPERM ? " (needs root or CAP_NET_RAW)" : "");
    return false;
  }
  ifindex_ = ifindex;
  // Only Solicitations reach us; everything we send leaves with hop limit 255 (RFC 4861: a
  // host drops an RA with any other), on this interface only, never looped back to us.
  icmp6_filter filter;
  ICMP6_FILTER_SETBLOCKALL(&filter);
  ICMP6_FILTER_SETPASS(kRouterSolicitation, &filter);
  setsockopt(fd_, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter);
  const int hops = 255, on = 1, off = 0;
  setsockopt(fd_, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops);
  setsockopt(fd_, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof hops);
  setsockopt(fd_, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &off, sizeof off);
  setsockopt(fd_, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on);
  setsockopt(fd_, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof ifindex);
  if (setsockopt(fd_, SOL_SOCKET, SO_BINDTODEVICE, iface.c_str(),
                 static_cast<socklen_t>(iface.size())) != 0) {
    error = "enable-ra: cannot bind to " + iface + ": " + std::strerror(errno);
    return false;
  }
  ipv6_mreq all_routers{};
  inet_pton(AF_INET6, "ff02::2", &all_routers.ipv6mr_multiaddr);
  all_routers.ipv6mr_interface = ifindex;
  if (setsockopt(fd_, IPPROTO_IPV6, IPV6_JOIN_GROUP, &all_routers, sizeof all_routers) != 0) {
    error = "enable-ra: cannot join ff02::2 on " + iface + ": " + std::strerror(errno) +
            " (is IPv6 on there? sysctl net.ipv6.conf." + iface + ".disable_ipv6=0)";
    return false;
  }
  message_ = router_advertisement(settings);
  next_ = now;
  return true;
}

void RouterAdvertiser::handle_ready(Clock::time_point now) {
  std::uint8_t buffer[1500];
  for (int bounded = 0; bounded < 64; ++bounded) {
    iovec vector{buffer, sizeof buffer};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
    sockaddr_in6 from{};
    msghdr message{};
    message.msg_name = &from;
    message.msg_namelen = sizeof from;
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    const ssize_t got = recvmsg(fd_, &message, MSG_DONTWAIT);
    if (got < 0) return;
    int hop_limit = -1;
    for (cmsghdr* header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header))
      if (header->cmsg_level == IPPROTO_IPV6 && header->cmsg_type == IPV6_HOPLIMIT)
        std::memcpy(&hop_limit, CMSG_DATA(header), sizeof hop_limit);
    if (!is_router_solicitation({buffer, static_cast<std::size_t>(got)}, hop_limit)) continue;
    ++solicitations_;
    // Answered to all nodes after a short random delay, rate-limited (RFC 4861 §6.2.6).
    const auto delay = std::chrono::milliseconds(random_() % (kMaxRaDelay.count() + 1));
    const auto earliest = std::max(now + delay, last_sent_ + kMinDelayBetweenRas);
    next_ = std::min(next_, earliest);
  }
}

void RouterAdvertiser::handle_timeouts(Clock::time_point now) {
  if (now >= next_) send_now(now);
}

void RouterAdvertiser::send_now(Clock::time_point now) {
  sockaddr_in6 all_nodes{};
  all_nodes.sin6_family = AF_INET6;
  all_nodes.sin6_scope_id = ifindex_;
  inet_pton(AF_INET6, "ff02::1", &all_nodes.sin6_addr);
  // A failed send (no link-local address yet, link down) is retried at the next deadline.
  if (sendto(fd_, message_.data(), message_.size(), MSG_DONTWAIT,
             reinterpret_cast<sockaddr*>(&all_nodes), sizeof all_nodes) >= 0) {
    ++sent_;
  }
  last_sent_ = now;
  const auto span = kMaxInterval - kMinInterval;
  const auto interval =
      sent_ < kInitialAdvertisements
          ? std::chrono::duration_cast<Clock::duration>(kMaxInitialInterval)
          : std::chrono::duration_cast<Clock::duration>(
                kMinInterval + std::chrono::seconds(random_() % (span.count() + 1)));
  next_ = now + interval;
}

}  // namespace pxescope::responder
