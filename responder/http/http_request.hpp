// The HTTP/1.x request head parser: a pure function over the bytes received so far, so it is
// unit-tested and fuzzed without sockets. It reads only what a read-only file server needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pxescope::responder::http {

struct Request {
  std::string method;      // as sent ("GET", "HEAD", "PUT", ...)
  std::string target;      // origin-form path with its query ("/boot.ipxe?x=1")
  int minor_version = 1;   // HTTP/1.0 or HTTP/1.1
  bool keep_alive = true;  // HTTP/1.1 unless "Connection: close"; HTTP/1.0 only if asked
  bool has_body = false;   // Content-Length > 0 or Transfer-Encoding: never read, so the
                           // connection is closed after the answer
  std::string range;       // the Range header's value, "" when absent
  std::string user_agent;  // "" when absent
};

enum class ParseState { kIncomplete, kComplete, kError };

struct ParseResult {
  ParseState state = ParseState::kIncomplete;
  Request request;             // set when kComplete
  std::size_t head_bytes = 0;  // kComplete: bytes of the head, blank line included
  int error_status = 0;        // kError: 400, 431 (head too large) or 505 (not HTTP/1.x)
  std::string error;           // kError: one line saying what was wrong
};

// Parses the request head at the start of `bytes`. kIncomplete while the blank line that ends
// the head has not arrived and `bytes` is still within `max_head_bytes`; 431 beyond it.
// Lines may end in CRLF or a bare LF (RFC 9112 2.2). Never throws.
ParseResult parse_request_head(std::string_view bytes, std::size_t max_head_bytes);

// The path of a request target, percent-decoded, without query or fragment. False (and `why`)
// for a target that is not origin-form ("/..." or "http://host/..."), a malformed %XX, or a
// decoded NUL or control byte.
bool decode_target_path(std::string_view target, std::string& path, std::string& why);

// `text` without the spaces and tabs around it (RFC 9110's OWS).
std::string_view trim_ows(std::string_view text);

}  // namespace pxescope::responder::http
