#include "responder/interface_follower.hpp"

#include "responder/dhcp_request.hpp"

namespace pxescope::responder {

InterfaceFollower::Step InterfaceFollower::on_change(bool exists, const InterfaceInfo& now,
                                                     Clock::time_point t) {
  const InterfaceChange change = classify_interface_change(bound_, exists, now);
  const std::string prefix = "interface " + name_ + ": ";
  if (change == InterfaceChange::Gone || change == InterfaceChange::AddressLost) {
    // Said again when it gets worse (address gone first, then the link: a deletion).
    if (away_since_ && away_reason_ == change) return {};
    if (!away_since_) away_since_ = t;
    away_reason_ = change;
    return {Action::StopAnswering,
            prefix + std::string(interface_change_name(change)) +
                "; not answering until it is back (exiting if it is not back within " +
                std::to_string(grace_.count()) + " s)"};
  }
  // From here on the interface exists and has an address.
  if (change == InterfaceChange::Recreated)
    return {Action::Serve, prefix + "re-created, rebound (index " + std::to_string(now.index) +
                               ", address " + format_ipv4(now.ip) + ")"};
  if (change == InterfaceChange::AddressChanged)
    return {Action::Serve,
            prefix + "address changed " + format_ipv4(bound_.ip) + " -> " + format_ipv4(now.ip)};
  if (away_since_)
    return {Action::Serve, prefix + "address " + format_ipv4(now.ip) + " back, answering"};
  return {};
}

InterfaceFollower::Step InterfaceFollower::on_tick(Clock::time_point t) const {
  if (!away_since_ || t - *away_since_ < grace_) return {};
  return {Action::Fail, "interface " + name_ + " has been gone or without an IPv4 address for " +
                            std::to_string(grace_.count()) +
                            " s: exiting (bring it back and restart pxescope, or use --iface)"};
}

void InterfaceFollower::serving(const InterfaceInfo& now) {
  bound_ = now;
  away_since_.reset();
}

std::optional<InterfaceFollower::Clock::time_point> InterfaceFollower::deadline() const {
  if (!away_since_) return std::nullopt;
  return *away_since_ + grace_;
}

}  // namespace pxescope::responder
