#include "responder/privileges.hpp"

#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pxescope::responder {
namespace {

struct CapSets {
  std::uint64_t effective = 0, permitted = 0, inheritable = 0;
};

constexpr std::uint64_t bit(int cap) {
  return std::uint64_t{1} << cap;
}

// glibc declares no capget/capset: call them through syscall(2), version 3 (64-bit masks).
bool read_caps(CapSets& caps) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (::syscall(SYS_capget, &header, data) != 0) return false;
  auto join = [](std::uint32_t low, std::uint32_t high) {
    return std::uint64_t{low} | (std::uint64_t{high} << 32);
  };
  caps.effective = join(data[0].effective, data[1].effective);
  caps.permitted = join(data[0].permitted, data[1].permitted);
  caps.inheritable = join(data[0].inheritable, data[1].inheritable);
  return true;
}

bool write_caps(const CapSets& caps) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  for (int half = 0; half < 2; ++half) {
    const int shift = 32 * half;
    data[half].effective = static_cast<std::uint32_t>(caps.effective >> shift);
    data[half].permitted = static_cast<std::uint32_t>(caps.permitted >> shift);
    data[half].inheritable = static_cast<std::uint32_t>(caps.inheritable >> shift);
  }
  return ::syscall(SYS_capset, &header, data) == 0;
}

// The bounding set limits what any later execve could gain; dropping needs CAP_SETPCAP.
void drop_bounding_set(std::uint64_t keep) {
  for (int cap = 0; cap < 64; ++cap) {
    if (::prctl(PR_CAPBSET_READ, cap, 0, 0, 0) < 0) break;  // past the kernel's last cap
    if ((keep & bit(cap)) == 0) ::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
  }
}

std::string errno_text() {
  return std::strerror(errno);
}

}  // namespace

bool resolve_serving_identity(const std::string& user, ServingIdentity& who, std::string& error) {
  const uid_t current = ::geteuid();
  if (user.empty()) {
    who.switch_user = false;
    who.uid = current;
    who.gid = ::getegid();
    const passwd* pw = ::getpwuid(current);
    who.name = pw != nullptr ? pw->pw_name : "uid " + std::to_string(current);
    return true;
  }
  const passwd* pw = ::getpwnam(user.c_str());
  if (pw == nullptr) {
    error = "--user " + user + ": no such user; create it or name an existing one (e.g. nobody)";
    return false;
  }
  who.uid = pw->pw_uid;
  who.gid = pw->pw_gid;
  who.name = user;
  who.switch_user = pw->pw_uid != current || pw->pw_gid != ::getegid();
  CapSets caps;
  const bool can_switch = read_caps(caps) && (caps.effective & bit(CAP_SETUID)) != 0 &&
                          (caps.effective & bit(CAP_SETGID)) != 0;
  if (who.switch_user && !can_switch) {
    error = "--user " + user + ": this process (uid " + std::to_string(current) +
            ") may not switch users: run it as " + user +
            " directly (its file capabilities still apply), as root, or add cap_setuid,cap_setgid "
            "to the binary's setcap";
    return false;
  }
  return true;
}

bool drop_privileges(const ServingIdentity& who, std::uint64_t keep, std::string& error) {
  CapSets before;
  if (!read_caps(before)) {
    error = "cannot read this process's capabilities: " + errno_text();
    return false;
  }
  if (before.effective & bit(CAP_SETPCAP)) drop_bounding_set(keep);
  if (who.switch_user) {
    // Kept capabilities must survive setuid (the kernel clears them on leaving uid 0).
    if (keep != 0) ::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0);
    if (::setgroups(0, nullptr) != 0 || ::setgid(who.gid) != 0 || ::setuid(who.uid) != 0) {
      error = "cannot switch to user " + who.name + ": " + errno_text();
      return false;
    }
  }
  CapSets after;
  after.permitted = before.permitted & keep;
  after.effective = 0;  // kept ones are raised only for a rebind (RaisedCapabilities)
  if (!write_caps(after)) {
    error = "cannot drop capabilities: " + errno_text();
    return false;
  }
  ::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  ::prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    error = "cannot set no_new_privs: " + errno_text();
    return false;
  }
  CapSets check;
  if (!read_caps(check) || (check.permitted & ~keep) != 0 || check.inheritable != 0) {
    error = "capabilities were not dropped (capget still shows some)";
    return false;
  }
  if (who.switch_user && who.uid != 0 && ::setuid(0) == 0) {
    error = "privileges were not dropped (setuid(0) still works)";
    return false;
  }
  return true;
}

std::string root_without_user_warning(const ServingIdentity& who) {
  if (who.uid != 0) return {};
  return "running as root: capabilities are dropped after start-up but the process keeps uid 0 "
         "(root-owned files stay writable); add --user nobody (or user=nobody in the config)";
}

RaisedCapabilities::RaisedCapabilities() {
  CapSets caps;
  if (!read_caps(caps)) return;
  caps.effective = caps.permitted;
  write_caps(caps);
}

RaisedCapabilities::~RaisedCapabilities() {
  CapSets caps;
  if (!read_caps(caps)) return;
  caps.effective = 0;
  write_caps(caps);
}

}  // namespace pxescope::responder
