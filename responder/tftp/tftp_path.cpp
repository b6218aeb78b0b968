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

int open_with_openat2(int root_fd, const std::string& relative) {
#ifdef SYS_openat2
  open_how how{};
  how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  return static_cast<int>(syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how));
#else
  (void)root_fd;
  (void)relative;
  errno = ENOSYS;
  return -1;
#endif
}

// Fallback for kernels before 5.6: open, then check where the descriptor really points.
int open_with_realpath_check(int root_fd, std::string_view root_path, const std::string& relative) {
  const int fd = openat(root_fd, relative.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
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
    if (component == "..") return refuse("'..' in file name (outside the TFTP root)");
    if (!relative.empty()) relative += '/';
    relative += component;
  }
  if (relative.empty()) return refuse("file name names the TFTP root itself");
  PathDecision decision;
  decision.allowed = true;
  decision.relative = std::move(relative);
  return decision;
}

OpenedFile open_beneath(int root_fd, std::string_view root_path, const std::string& relative) {
  OpenedFile result;
  int fd = open_with_openat2(root_fd, relative);
  if (fd < 0 && errno == ENOSYS) fd = open_with_realpath_check(root_fd, root_path, relative);
  if (fd < 0) {
    result.error_errno = errno;
    if (errno == EXDEV || errno == ELOOP) {
      result.reason = "path leaves the TFTP root (symlink or magic link)";
      result.error_errno = EXDEV;
    } else {
      result.reason = std::strerror(errno);
    }
    return result;
  }
  struct stat info {};
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    close(fd);
    result.error_errno = EISDIR;
    result.reason = "not a regular file";
    return result;
  }
  result.fd = fd;
  result.size = static_cast<uint64_t>(info.st_size);
  return result;
}

}  // namespace pxescope::tftp
