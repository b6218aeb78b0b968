// Follows the served interface through rtnetlink: a NETLINK_ROUTE socket subscribed to link
// and IPv4 address changes, watched by the event loop. Any notification makes the loop look
// the interface up again by name; classify_interface_change() says what happened.
#pragma once

#include <string_view>

#include "responder/net/raw_socket.hpp"

namespace pxescope::responder {

class LinkWatch {
 public:
  LinkWatch() = default;
  ~LinkWatch();
  LinkWatch(const LinkWatch&) = delete;
  LinkWatch& operator=(const LinkWatch&) = delete;

  // Opens and subscribes (needs no privilege); false with one line in `error`.
  bool open(std::string& error);
  int fd() const { return fd_; }
  // Reads every queued notification; true when one of them (or a lost one: the socket
  // overflowed) may concern a link or an IPv4 address.
  bool drain();

 private:
  int fd_ = -1;
};

enum class InterfaceChange {
  None,            // same index, same address
  Gone,            // deleted: nothing to bind to
  AddressLost,     // there, but no IPv4 address: answering would announce nothing valid
  Recreated,       // deleted and created again (new index): sockets must be reopened
  AddressChanged,  // same index, another IPv4 address or netmask
};

// `bound`: what the sockets are bound to now; `exists`/`now`: the fresh lookup.
InterfaceChange classify_interface_change(const InterfaceInfo& bound, bool exists,
                                          const InterfaceInfo& now);
std::string_view interface_change_name(InterfaceChange change);

}  // namespace pxescope::responder
