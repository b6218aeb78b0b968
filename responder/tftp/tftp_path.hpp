// Which file a TFTP request name may open: the policy (a pure function) and the safe open
// that enforces it against the file system (no escape through `..` or symlinks).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pxescope::tftp {

struct PathDecision {
  bool allowed = false;
  std::string relative;  // normalised path below the root ("pxe/pxelinux.0"); set when allowed
  std::string reason;    // why it was refused; set when not allowed
};

// Maps a requested name to a path relative to the root:
//  - NUL / control bytes (< 0x20, 0x7f) and empty names are refused;
//  - Windows backslashes become '/';
//  - an absolute name that starts with the root itself ("/srv/tftp/x" with root "/srv/tftp")
//    loses that prefix; any other leading '/' is stripped (the root is the client's '/');
//  - "." and empty components are dropped, a ".." component is refused (never resolved);
//  - a name that names the root itself is refused.
// `root` is the canonical (realpath) root without trailing '/'.
PathDecision resolve_request_path(std::string_view requested, std::string_view root);

struct OpenedFile {
  int fd = -1;  // owned by the caller on success (close it)
  uint64_t size = 0;
  uint32_t mode = 0;    // st_mode of the opened file (permission bits for the serving policy)
  uint32_t owner = 0;   // st_uid
  int error_errno = 0;  // errno of the failure (ENOENT, EACCES, EXDEV for an escape, ...)
  std::string reason;   // one-line description of a failure
};

// How the open is confined to the root: openat2(RESOLVE_BENEATH) when the kernel has it, else
// open + /proc/self/fd realpath check. kRealpathCheck forces the fallback (tests, old kernels).
enum class Confinement { kAuto, kRealpathCheck };

// Opens `relative` below the directory `root_fd` read-only, refusing any resolution that leaves
// the root (symlinks pointing outside, absolute symlinks, magic links). Only regular files, and
// the open never blocks: the type is checked on an O_PATH descriptor first (a FIFO or a device is
// never opened for reading), the real open is O_NONBLOCK, and fstat re-checks it is the same file.
OpenedFile open_beneath(int root_fd, std::string_view root_path, const std::string& relative,
                        Confinement confinement = Confinement::kAuto);

}  // namespace pxescope::tftp
