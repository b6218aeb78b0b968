#include "responder/service_notify.hpp"

#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <ctime>

namespace pxescope::responder {
namespace {

std::string monotonic_usec() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::to_string(static_cast<unsigned long long>(ts.tv_sec) * 1000000ull +
                        static_cast<unsigned long long>(ts.tv_nsec) / 1000);
}

}  // namespace

std::string service_status(std::string_view iface, std::string_view address, bool full_dhcp,
                           bool answering, const EventCounts& c, std::string_view dhcp6_mode) {
  std::string text = answering ? "serving " : "NOT answering: ";
  text += iface;
  if (answering) {
    text += ' ';
    text += address;
    text += full_dhcp ? " (full DHCP): " : " (proxy): ";
  } else {
    text += " is gone or has no IPv4 address: ";
  }
  text += std::to_string(c.replies) + " replies, " + std::to_string(c.ignored) + " ignored, " +
          std::to_string(c.malformed) + " malformed; ";
  if (!dhcp6_mode.empty())
    text += "DHCPv6 (" + std::string(dhcp6_mode) + ") " + std::to_string(c.dhcp6_replies) +
            " replies, " + std::to_string(c.dhcp6_ignored) + " ignored, " +
            std::to_string(c.dhcp6_malformed) + " malformed; ";
  text += "TFTP " + std::to_string(c.tftp_done) + " sent, " + std::to_string(c.tftp_failed) +
          " failed; HTTP " + std::to_string(c.http) + " requests";
  return text;
}

ServiceNotifier::ServiceNotifier() {
  active_ = std::getenv("NOTIFY_SOCKET") != nullptr;
  std::uint64_t usec = 0;
  // > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID (if set) is this process.
  if (active_ && ::sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
    watchdog_ = std::chrono::microseconds(usec);
}

void ServiceNotifier::send(const std::string& state) {
  if (active_) ::sd_notify(0, state.c_str());
}

void ServiceNotifier::ready(std::string_view status) {
  if (!active_) return;
  last_status_ = status;
  send("READY=1\nSTATUS=" + last_status_);
  const Clock::time_point now = Clock::now();
  next_status_ = now + kStatusEvery;
  if (watchdog_ != Clock::duration::zero()) ping(now);
}

void ServiceNotifier::reloading() {
  // MONOTONIC_USEC: systemd 253+ (Type=notify-reload) wants it with RELOADING=1; older ignore it.
  send("RELOADING=1\nMONOTONIC_USEC=" + monotonic_usec() + "\nSTATUS=reloading the configuration");
}

void ServiceNotifier::stopping(std::string_view status) {
  send("STOPPING=1\nSTATUS=" + std::string(status));
}

void ServiceNotifier::ping(Clock::time_point now) {
  send("WATCHDOG=1");
  next_ping_ = now + watchdog_ / 2;
}

void ServiceNotifier::send_status(const std::string& status) {
  if (status == last_status_) return;
  last_status_ = status;
  send("STATUS=" + status);
}

}  // namespace pxescope::responder
