// Files the TFTP server serves by exact request name, from outside its root: the iPXE binaries
// the iPXE chain hands to firmware (Debian's /usr/lib/ipxe/undionly.kpxe, snponly.efi). A fixed
// list made by pxescope itself, never from a client's name, so no path is ever built from one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "responder/tftp/tftp_path.hpp"

namespace pxescope::tftp {

struct FileRoute {
  std::string name;  // the requested name, exactly ("pxescope/undionly.kpxe")
  std::string path;  // the file served (absolute)
};
using FileRoutes = std::vector<FileRoute>;

// The route for a requested name (a leading '/' ignored, as for the root), or nullptr.
const FileRoute* find_route(const FileRoutes& routes, std::string_view requested);

// Opens a route's file read-only: only a regular file, never blocking (as open_beneath).
OpenedFile open_route(const FileRoute& route);

}  // namespace pxescope::tftp
