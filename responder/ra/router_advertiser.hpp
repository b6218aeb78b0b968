// Router Advertisements for full DHCPv6 mode (RFC 4861 §6.2), only when asked (`enable-ra`):
// the M/O flags that send hosts to DHCPv6 and the prefix of the IPv6 range as on-link, sent on
// the served interface to ff02::1, periodically and in answer to Router Solicitations. Modelled
// on radvd and dnsmasq's enable-ra, with one deliberate difference: the router lifetime is 0,
// so pxescope never becomes anyone's default router (it is a boot server, not a router; a host
// that routed through it would lose the network). The prefix has L=1, A=0: addresses come from
// DHCPv6 (M), not from SLAAC.
//
// Timing (RFC 4861 §6.2.4, §10): the first advertisement at once, then up to 3 more at most
// 16 s apart, then every 200-600 s; a Solicitation is answered within 0.5 s but never sooner
// than 3 s after the previous advertisement (MIN_DELAY_BETWEEN_RAS).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "responder/dhcp_request.hpp"

namespace pxescope::responder {

struct RaSettings {
  bool managed = true;  // M: addresses from DHCPv6
  bool other = true;    // O: other configuration (DNS, boot file URL) from DHCPv6
  std::array<std::uint8_t, 16> prefix{};
  std::uint8_t prefix_length = 64;
  std::uint32_t valid_lifetime = 86400;  // seconds (dnsmasq's default for enable-ra)
  std::uint32_t preferred_lifetime = 14400;
  MacAddress source_mac{};  // the interface's: the source link-layer address option
  std::uint32_t mtu = 0;    // 0: no MTU option
};

// The ICMPv6 message (type 134), checksum 0 (the kernel fills it on a raw ICMPv6 socket).
std::vector<std::uint8_t> router_advertisement(const RaSettings& settings);

// A Router Solicitation (type 133, code 0) received with hop limit 255 (it came from the link,
// RFC 4861 §6.1.1)?
bool is_router_solicitation(std::span<const std::uint8_t> icmp, int hop_limit);

class RouterAdvertiser {
 public:
  using Clock = std::chrono::steady_clock;

  RouterAdvertiser() = default;
  ~RouterAdvertiser();
  RouterAdvertiser(const RouterAdvertiser&) = delete;
  RouterAdvertiser& operator=(const RouterAdvertiser&) = delete;

  // Opens the raw ICMPv6 socket on `iface` (CAP_NET_RAW) and schedules the first advertisement.
  // False + one line in `error`.
  bool open(const std::string& iface, unsigned ifindex, const RaSettings& settings,
            std::string& error, Clock::time_point now = Clock::now());
  int fd() const { return fd_; }
  // Reads the Solicitations queued on fd(); each brings the next advertisement closer.
  void handle_ready(Clock::time_point now);
  Clock::time_point next_deadline() const { return next_; }
  // Sends the advertisement when it is due and schedules the next one.
  void handle_timeouts(Clock::time_point now);
  std::uint64_t sent() const { return sent_; }
  std::uint64_t solicitations() const { return solicitations_; }

 private:
  void send_now(Clock::time_point now);

  int fd_ = -1;
  unsigned ifindex_ = 0;
  std::vector<std::uint8_t> message_;
  Clock::time_point next_ = Clock::time_point::max();
  Clock::time_point last_sent_{};
  std::uint64_t sent_ = 0, solicitations_ = 0;
  std::minstd_rand random_{std::random_device{}()};
};

}  // namespace pxescope::responder
