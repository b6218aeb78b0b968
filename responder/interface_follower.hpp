// What the server does when its interface changes under it (pure: the loop does the socket
// work). Deleted or without an IPv4 address: stop answering at once (never announce an
// address that is gone) and wait a bounded time; back with a new index: reopen the sockets;
// another address: announce the new one. Each step comes with the one log line to write.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "responder/net/link_watch.hpp"

namespace pxescope::responder {

class InterfaceFollower {
 public:
  using Clock = std::chrono::steady_clock;

  enum class Action {
    Nothing,
    StopAnswering,  // close the DHCP sockets, send nothing
    Serve,          // (re)open the sockets on now's index if needed, announce now's address
    Fail,           // exit non-zero with `message`
  };
  struct Step {
    Action action = Action::Nothing;
    std::string message;  // the log line (empty for Nothing)
  };

  InterfaceFollower(std::string name, const InterfaceInfo& bound, std::chrono::seconds grace)
      : name_(std::move(name)), bound_(bound), grace_(grace) {}

  // After a netlink notification: `exists` and `now` from a fresh lookup by name.
  Step on_change(bool exists, const InterfaceInfo& now, Clock::time_point t);
  // Every loop wake-up: Fail once the interface has been away for longer than the grace.
  Step on_tick(Clock::time_point t) const;
  // The loop did what on_change asked (Serve): this is what is served now.
  void serving(const InterfaceInfo& now);

  bool answering() const { return !away_since_.has_value(); }
  // When on_tick() will fail (nothing while answering).
  std::optional<Clock::time_point> deadline() const;
  const InterfaceInfo& bound() const { return bound_; }

 private:
  std::string name_;
  InterfaceInfo bound_;
  std::chrono::seconds grace_;
  std::optional<Clock::time_point> away_since_;
  InterfaceChange away_reason_ = InterfaceChange::None;
};

}  // namespace pxescope::responder
