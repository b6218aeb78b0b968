#include "responder/tftp/tftp_routes.hpp"

#include <fcntl.h>

namespace pxescope::tftp {

const FileRoute* find_route(const FileRoutes& routes, std::string_view requested) {
  while (!requested.empty() && requested.front() == '/') requested.remove_prefix(1);
  for (const FileRoute& route : routes)
    if (route.name == requested) return &route;
  return nullptr;
}

OpenedFile open_route(const FileRoute& route) {
  // The same regular-file-only, never-blocking open as the root's files; the route's path is
  // pxescope's own (absolute), so "beneath /" is no confinement, only the same checks.
  return open_beneath(AT_FDCWD, "/", route.path, Confinement::kRealpathCheck);
}

}  // namespace pxescope::tftp
