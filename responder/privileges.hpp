// Giving up privileges once the sockets are open: switch to the serving user (--user /
// user=) and drop every capability, whether the process started as root or as a plain user
// running a binary with file capabilities (setcap).
//
// Capabilities are set with capget/capset/prctl directly (<linux/capability.h>) rather than
// libcap: the whole job is "clear these bit masks", four system calls, and it adds no build
// dependency to a tool that must build on a bare Raspberry Pi.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace pxescope::responder {

// Who reads boot files and writes leases after start-up.
struct ServingIdentity {
  bool switch_user = false;  // --user given: setuid/setgid to uid/gid
  uid_t uid = 0;
  gid_t gid = 0;
  std::string name;  // "nobody", or the current user's name
};

// Looks up `user` (empty: stay the current user). False with one line in `error` when the
// user does not exist, or when the process cannot switch to it (file capabilities without
// cap_setuid/cap_setgid).
bool resolve_serving_identity(const std::string& user, ServingIdentity& who, std::string& error);

// Capabilities the running server keeps after start-up, as a bit mask of CAP_* numbers:
// CAP_NET_RAW (13) and CAP_NET_BIND_SERVICE (10), only to open the DHCP, ARP and TFTP
// sockets again when the interface is re-created (netlink). They stay in the permitted set
// only: the effective set is empty while serving, and RaisedCapabilities lifts them for the
// few system calls of a rebind.
constexpr std::uint64_t kCapsKeptAfterStart = (1ull << 13) | (1ull << 10);

// While alive, the kept (permitted) capabilities are effective; lowered again on scope exit.
class RaisedCapabilities {
 public:
  RaisedCapabilities();
  ~RaisedCapabilities();
  RaisedCapabilities(const RaisedCapabilities&) = delete;
  RaisedCapabilities& operator=(const RaisedCapabilities&) = delete;
};

// Switches to `who` (when switch_user), empties the effective set and drops every capability
// not in `keep` from the permitted, inheritable and ambient sets, and from the bounding set when the
// process may (root or CAP_SETPCAP); sets no_new_privs so no execve can regain any.
// Verifies the result; false with one line in `error` otherwise.
bool drop_privileges(const ServingIdentity& who, std::uint64_t keep, std::string& error);

// The one start-up warning for "root, and no --user": empty when not applicable.
std::string root_without_user_warning(const ServingIdentity& who);

}  // namespace pxescope::responder
