// Telling systemd how the responder is doing (Type=notify, sd_notify(3)): READY=1 once the
// sockets are open, STATUS= with the interface and what was served, RELOADING=1 ... READY=1
// around a SIGHUP reload, STOPPING=1, and WATCHDOG=1 from the event loop at half of
// WATCHDOG_USEC, so a loop that no longer turns is killed and restarted (WatchdogSec=).
// Not under systemd (no NOTIFY_SOCKET) every call costs a getenv at construction only.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "responder/event_log.hpp"

namespace pxescope::responder {

// The STATUS= text: "serving eth0 10.0.0.1 (proxy): 12 replies, 3 ignored, 0 malformed; TFTP 2
// sent, 0 failed; HTTP 5 requests" (what `systemctl status` shows under the unit); while the
// interface is gone or has no address (`answering` false): "NOT answering: eth0 is gone or has no
// IPv4 address: 12 replies, ...". With DHCPv6 on (`dhcp6_mode` "stateless" or "full", "" off) its
// requests follow the DHCP ones: "...; DHCPv6 (full) 4 replies, 1 ignored, 0 malformed; TFTP ...".
std::string service_status(std::string_view iface, std::string_view address, bool full_dhcp,
                           bool answering, const EventCounts& counts,
                           std::string_view dhcp6_mode = {});

class ServiceNotifier {
 public:
  using Clock = std::chrono::steady_clock;
  // How often STATUS= is refreshed at most (it is sent only when the text changed).
  static constexpr std::chrono::seconds kStatusEvery{5};

  ServiceNotifier();  // reads NOTIFY_SOCKET and WATCHDOG_USEC/WATCHDOG_PID
  bool active() const { return active_; }
  Clock::duration watchdog_interval() const { return watchdog_; }

  void ready(std::string_view status);
  void reloading();
  void stopping(std::string_view status);
  // STATUS= at once when it changed (the interface went or came back), not at the next refresh.
  void status(const std::string& text) {
    if (active_) send_status(text);
  }
  // Once per loop wake-up: WATCHDOG=1 when half the interval has passed since the last one,
  // and STATUS=`status()` at most every kStatusEvery when it changed.
  template <typename StatusText>
  void tick(Clock::time_point now, StatusText status) {
    if (!active_) return;
    if (watchdog_ != Clock::duration::zero() && now >= next_ping_) ping(now);
    if (now >= next_status_) {
      next_status_ = now + kStatusEvery;
      send_status(status());
    }
  }
  // When the loop must wake up next for the watchdog (max(): no watchdog).
  Clock::time_point next_deadline() const {
    return active_ && watchdog_ != Clock::duration::zero() ? next_ping_ : Clock::time_point::max();
  }

 private:
  void ping(Clock::time_point now);
  void send_status(const std::string& status);
  void send(const std::string& state);

  bool active_ = false;
  Clock::duration watchdog_{};
  Clock::time_point next_ping_{};
  Clock::time_point next_status_{};
  std::string last_status_;
};

}  // namespace pxescope::responder
