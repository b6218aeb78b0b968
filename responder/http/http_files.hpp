// Which body a request path names: the routes first (exact URL path -> file or generated text,
// see http_routes.hpp), then a file below the HTTP root, confined exactly as TFTP's files are
// (tftp_path.hpp: no "..", openat2 RESOLVE_BENEATH, regular files only; as root only
// world-readable ones, dnsmasq's rule).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "responder/http/http_routes.hpp"
#include "responder/tftp/tftp_root.hpp"

namespace pxescope::responder::http {

struct ResolvedBody {
  int status = 404;                   // 200 (fd or text set), else the error to answer
  int fd = -1;                        // an opened regular file, owned by the caller (close it)
  std::uint64_t size = 0;             // of the file or the text
  std::int64_t mtime = -1;            // the file's modification time (Unix seconds)
  const std::string* text = nullptr;  // a generated route body (lives in the routes)
  std::string content_type;
  std::string reason;  // why it was refused (for the log)
};

class FileResolver {
 public:
  FileResolver(std::filesystem::path root, HttpRoutes routes);
  // Opens the root (before dropping privileges); a resolver without a root serves only routes.
  bool open(std::string& error);
  // SIGHUP: the new root and routes; the old ones stay when the new root cannot be opened.
  bool change(const std::filesystem::path& root, HttpRoutes routes, std::string& error);
  // `path` is the decoded request path ("/pxelinux.0"), see decode_target_path().
  ResolvedBody resolve(std::string_view path);

 private:
  ResolvedBody from_route(const HttpRoute& route) const;
  ResolvedBody from_root(std::string_view path);

  std::filesystem::path root_path_;
  HttpRoutes routes_;
  tftp::RootDirectory root_{"HTTP root"};
};

}  // namespace pxescope::responder::http
