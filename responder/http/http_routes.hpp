// Files the HTTP server serves that do not live under its root: the kernel mode's kernel and
// initrds, and the iPXE script pxescope generates. Looked up before the root, by exact URL path,
// so a generated script can never be shadowed (or replaced) by a file someone drops in the root.
#pragma once

#include <string>
#include <vector>

namespace pxescope::responder::http {

struct HttpRoute {
  std::string url_path;      // exact match, starts with '/': "/pxescope/boot.ipxe"
  std::string file_path;     // served from this file (opened per request, regular files only), or
  std::string body;          // this text, when file_path is empty
  std::string content_type;  // empty: from the extension, else application/octet-stream
};

using HttpRoutes = std::vector<HttpRoute>;

}  // namespace pxescope::responder::http
