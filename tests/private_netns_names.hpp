// `ip netns add NAME` pins a network namespace with a bind mount at /run/netns/NAME, and that
// mount outlives a test killed before its cleanup (SIGKILL, ctest's timeout, an abort): the
// namespace, its veth pairs and its name stay behind on the host. Every test that names
// namespaces includes this header: before main() it moves the test process into a mount namespace
// of its own with a private tmpfs on /run/netns. The names (and so the namespaces) then belong to
// this process tree alone, and the kernel drops them when its last process exits, however it ends.
// Without root nothing happens (those tests skip anyway).
#pragma once

#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pxescope_test {

// Must run while the process has one thread: unshare(CLONE_NEWNS) moves only the calling thread.
inline bool make_netns_names_private() {
  if (geteuid() != 0 || ::unshare(CLONE_NEWNS) != 0) return false;
  // No mount made here may reach the host's mount namespace.
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return false;
  ::mkdir("/run/netns", 0755);  // usually there already; an empty directory otherwise
  return ::mount("pxescope-test-netns", "/run/netns", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                 "mode=0755") == 0;
}

// Initialised before main(), once per process (an inline variable), before any thread exists.
inline const bool kNetnsNamesArePrivate = make_netns_names_private();

}  // namespace pxescope_test
