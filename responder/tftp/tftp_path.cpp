#include "responder/tftp/tftp_path.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>

namespace pxescope::tftp {
namespace {

PathDecision refuse(std::string reason) {
  PathDecision decision;
  decision.reason = std::move(reason);
  return decision;
}

// True when the real path `path` is `root` or below it.
bool is_within(std::string_view path, std::string_view root) {
  if (root == "/") return true;
  if (path.substr(0, root.size()) != root) return false;
  return path.size() == root.size() || path[root.size()] == '/';
}

int open_with_openat2(int root_fd, const std::string& relative, int flags) {
#ifdef SYS_openat2
  open_how how{};
  how.flags = static_cast<uint64_t>(flags);
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  return static_cast<int>(syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how));
#else
  (void)root_fd;
  (void)relative;
  (void)flags;
  errno = ENOSYS;
  return -1;
#endif
}

// Fallback for kernels before 5.6: open, then check where the descriptor really points.
int open_with_realpath_check(int root_fd, std::string_view root_path, const std::string& relative,
                             int flags) {
  const int fd = openat(root_fd, relative.c_str(), flags);
  if (fd < 0) return -1;
  char link[64];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  char real[PATH_MAX];
  const ssize_t length = readlink(link, real, sizeof real - 1);
  if (length <= 0 || !is_within(std::string_view(real, static_cast<size_t>(length)), root_path)) {
    close(fd);
    errno = EXDEV;
    return -1;
  }
  return fd;
}

int confined_open(int root_fd, std::string_view root_path, const std::string& relative, int flags,
                  Confinement confinement) {
  if (confinement == Confinement::kAuto) {
    const int fd = open_with_openat2(root_fd, relative, flags);
    if (fd >= 0 || errno != ENOSYS) return fd;
  }
  return open_with_realpath_check(root_fd, root_path, relative, flags);
}

OpenedFile open_failure(int error) {
  OpenedFile result;
  result.error_errno = error;
  if (error == EXDEV || error == ELOOP) {
    result.reason = "path leaves the root (symlink or magic link)";
    result.error_errno = EXDEV;
  } else {
    result.reason = std::strerror(error);
  }
  return result;
}

OpenedFile not_a_regular_file() {
  OpenedFile result;
  result.error_errno = EISDIR;
  result.reason = "not a regular file";
  return result;
}

}  // namespace

PathDecision resolve_request_path(std::string_view requested, std::string_view root) {
  if (requested.empty()) return refuse("empty file name");
  for (const char c : requested) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return refuse("control character in file name");
  }
  std::string name(requested);
  for (char& c : name) {
    if (c == '\\') c = '/';
  }
  std::string_view view = name;
  if (!view.empty() && view.front() == '/' && root.size() > 1 && is_within(view, root)) {
    view.remove_prefix(root.size());  // "/srv/tftp/x" asked by a client that knows the root
  }
  std::string relative;
  while (!view.empty()) {
    const size_t slash = view.find('/');
    const std::string_view component = view.substr(0, slash);
    view = slash == std::string_view::npos ? std::string_view{} : view.substr(slash + 1);
    if (component.empty() || component == ".") continue;
    if (component == "..") return refuse("'..' in file name (outside the root)");
    if (!relative.empty()) relative += '/';
    relative += component;
  }
  if (relative.empty()) return refuse("file name names the root itself");
  PathDecision decision;
  decision.allowed = true;
  decision.relative = std::move(relative);
  return decision;
}

OpenedFile open_beneath(int root_fd, std::string_view root_path, const std::string& relative,
                        Confinement confinement) {
  // Look first through an O_PATH descriptor: it reads nothing and never blocks, so a FIFO (whose
  // open would wait for a writer and freeze the whole daemon) or a device is never opened.
  const int probe = confined_open(root_fd, root_path, relative, O_PATH | O_CLOEXEC, confinement);
  if (probe < 0) return open_failure(errno);
  struct stat before {};
  const bool regular = fstat(probe, &before) == 0 && S_ISREG(before.st_mode);
  close(probe);
  if (!regular) return not_a_regular_file();
  // O_NONBLOCK: should the name become a FIFO between the two opens, this one still returns.
  const int fd = confined_open(root_fd, root_path, relative,
                               O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, confinement);
  if (fd < 0) return open_failure(errno);
  struct stat info {};
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_dev != before.st_dev ||
      info.st_ino != before.st_ino) {
    close(fd);
    return not_a_regular_file();
  }
  OpenedFile result;
  result.fd = fd;
  result.size = static_cast<uint64_t>(info.st_size);
  result.mode = info.st_mode;
  result.owner = info.st_uid;
  return result;
}

}  // namespace pxescope::tftp
