#include "responder/boot_file_access.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "responder/tftp/tftp_policy.hpp"

namespace pxescope::responder {

std::vector<LocalBootFile> local_boot_files(const ResponderConfig& cfg) {
  std::vector<LocalBootFile> files;
  if (!cfg.enable_tftp || cfg.tftp_root.empty()) return files;
  auto add = [&](const std::string& file, const std::string& origin) {
    if (file.empty() || file.find("://") != std::string::npos) return;  // a URL
    std::string relative = file;
    while (!relative.empty() && relative.front() == '/') relative.erase(0, 1);
    files.push_back({file, relative, origin});
  };
  for (const BootRule& r : cfg.boot_rules)  // not the HTTP paths or routed iPXE binaries
    if (r.server_ip == 0 && r.server_name.empty() && !r.on_own_http &&
        !tftp::find_route(cfg.tftp_routes, r.file))
      add(r.file, r.origin);
  for (const PxeService& s : cfg.services)
    if (s.server_ip == 0) add(service_boot_file(s, 0), s.origin);
  return files;
}

namespace {

// Why the serving user's server would not serve `path`, as the end of a line naming it (""
// when it would): it cannot open it (ENOENT is left to startup_checks), or the file fails the
// servers' own rules (the HTTP service applies TFTP's).
std::string serving_problem(const std::string& path, const std::string& user, bool secure) {
  // O_NONBLOCK: a FIFO planted in the root must not hang the start-up.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return {};
    return " cannot be read by user " + user + " (" + std::strerror(errno) +
           "): make it and its directories readable (chmod o+r, chmod o+x) or serve as another "
           "--user";
  }
  struct stat st {};
  std::string why;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    why = "is not a regular file; pxescope serves only regular files";
  else
    why = tftp::ownership_refusal(st.st_mode, st.st_uid, ::geteuid(), secure);
  ::close(fd);
  return why.empty() ? why : ": " + why;
}

}  // namespace

std::vector<std::string> unreadable_boot_files(const ResponderConfig& cfg,
                                               const std::string& user) {
  std::vector<std::string> problems;
  for (const LocalBootFile& boot : local_boot_files(cfg)) {
    const std::string path = cfg.tftp_root + "/" + boot.relative;
    const std::string why = serving_problem(path, user, cfg.tftp_secure);
    if (!why.empty()) problems.push_back(boot.origin + ": boot file " + path + why);
  }
  // Kernel mode's kernel and initrds, opened per request by the HTTP service as this user.
  for (const http::HttpRoute& route : cfg.http_routes) {
    if (route.file_path.empty()) continue;
    const std::string why = serving_problem(route.file_path, user, false);
    if (!why.empty()) problems.push_back("HTTP " + route.url_path + ": " + route.file_path + why);
  }
  return problems;
}

}  // namespace pxescope::responder
