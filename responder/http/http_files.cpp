#include "responder/http/http_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "responder/http/http_response.hpp"
#include "responder/tftp/tftp_path.hpp"
#include "responder/tftp/tftp_policy.hpp"

namespace pxescope::responder::http {
namespace {

ResolvedBody refused(int status, std::string reason) {
  ResolvedBody body;
  body.status = status;
  body.reason = std::move(reason);
  return body;
}

// The status for a failed open below the root: missing is 404, anything else (a symlink out of
// the root, a directory, a FIFO, no permission) 403.
int status_for_errno(int error) {
  return error == ENOENT || error == ENOTDIR ? 404 : 403;
}

ResolvedBody opened_file(int fd, const struct stat& info, std::string_view name,
                         const std::string& type) {
  // Same rule as TFTP: a server running as root serves only world-readable files.
  if (const std::string refusal = tftp::ownership_refusal(info.st_mode, info.st_uid, geteuid(),
                                                          /*secure=*/false);
      !refusal.empty()) {
    close(fd);
    return refused(403, refusal);
  }
  ResolvedBody body;
  body.status = 200;
  body.fd = fd;
  body.size = static_cast<std::uint64_t>(info.st_size);
  body.mtime = info.st_mtime;
  body.content_type = type.empty() ? std::string(content_type_for(name)) : type;
  return body;
}

}  // namespace

FileResolver::FileResolver(std::filesystem::path root, HttpRoutes routes)
    : root_path_(std::move(root)), routes_(std::move(routes)) {}

bool FileResolver::open(std::string& error) {
  return root_path_.empty() || root_.open(root_path_, error);
}

bool FileResolver::change(const std::filesystem::path& root, HttpRoutes routes,
                          std::string& error) {
  if (!root.empty() && root != root_path_) {
    tftp::RootDirectory candidate{"HTTP root"};
    if (!candidate.open(root, error) || !root_.open(root, error)) return false;
    root_path_ = root;
  }
  routes_ = std::move(routes);
  return true;
}

ResolvedBody FileResolver::resolve(std::string_view path) {
  for (const HttpRoute& route : routes_)
    if (route.url_path == path) return from_route(route);
  if (root_path_.empty()) return refused(404, "no such route (no HTTP root is served)");
  return from_root(path);
}

ResolvedBody FileResolver::from_route(const HttpRoute& route) const {
  if (route.file_path.empty()) {
    ResolvedBody body;
    body.status = 200;
    body.text = &route.body;
    body.size = route.body.size();
    body.content_type = route.content_type.empty() ? std::string(content_type_for(route.url_path))
                                                   : route.content_type;
    return body;
  }
  // Opened per request: a kernel rebuilt in place is served as it is now. Only regular files;
  // O_NONBLOCK so a FIFO put in its place cannot freeze the loop.
  const int fd = ::open(route.file_path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return refused(status_for_errno(errno), route.file_path + ": " + std::strerror(errno));
  struct stat info {};
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    close(fd);
    return refused(403, route.file_path + ": not a regular file");
  }
  return opened_file(fd, info, route.file_path, route.content_type);
}

ResolvedBody FileResolver::from_root(std::string_view path) {
  std::string error;
  if (!root_.refresh(error)) return refused(404, error);
  const tftp::PathDecision decision = tftp::resolve_request_path(path, root_.canonical());
  if (!decision.allowed) return refused(404, decision.reason);
  const tftp::OpenedFile opened =
      tftp::open_beneath(root_.fd(), root_.canonical(), decision.relative);
  if (opened.fd < 0) return refused(status_for_errno(opened.error_errno), opened.reason);
  struct stat info {};
  fstat(opened.fd, &info);
  return opened_file(opened.fd, info, decision.relative, {});
}

}  // namespace pxescope::responder::http
