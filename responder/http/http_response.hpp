// The response head the HTTP service writes: status line and headers as one string, plus the
// tables behind it (reason phrases, Content-Type by file extension).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pxescope::responder::http {

struct ResponseHead {
  int status = 200;
  std::uint64_t content_length = 0;  // of the body that follows (0 for HEAD is still the size)
  std::string_view content_type;     // "" leaves it out
  // 206: "Content-Range: bytes first-last/size"; 416: "Content-Range: bytes */size".
  bool content_range = false;
  std::uint64_t range_first = 0, range_last = 0, total_size = 0;
  bool close = false;               // "Connection: close" (else keep-alive)
  bool keep_alive_10 = false;       // HTTP/1.0 keep-alive asked: say "Connection: keep-alive"
  int retry_after_s = 0;            // > 0: "Retry-After" (503)
  bool allow = false;               // 405: "Allow: GET, HEAD"
  bool accept_ranges = false;       // files: "Accept-Ranges: bytes"
  std::int64_t last_modified = -1;  // Unix seconds, -1 leaves it out
};

std::string_view reason_phrase(int status);
std::string format_response_head(const ResponseHead& head);
// A small text body for an error status ("404 Not Found\n").
std::string error_body(int status);
// From the last extension of `path` (case-insensitive): "application/octet-stream" when unknown.
std::string_view content_type_for(std::string_view path);

}  // namespace pxescope::responder::http
