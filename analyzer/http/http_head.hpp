// HTTP/1.x message heads (RFC 9112) -> the "http" node with tshark's fields: the request
// line (http.request.method/uri/version) or the status line (http.response.version/code/
// phrase), and the headers a network boot cares about (http.host, http.user_agent,
// http.content_length, http.range / http.content_range, http.content_type, http.server,
// http.connection). Sets the "HTTP" summary as tshark: "GET /boot.ipxe HTTP/1.1",
// "HTTP/1.1 200 OK".
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "analyzer/field_tree.hpp"

namespace pxescope {

// Where an HTTP head ends in `bytes` (just past the blank line), or 0 when the head is not
// complete there.
std::size_t http_head_length(std::span<const std::uint8_t> bytes);

// True when `bytes` starts like a request or a status line (a method or "HTTP/").
bool looks_like_http(std::span<const std::uint8_t> bytes);

struct HttpHead {
  bool response = false;
  std::optional<std::uint64_t> content_length;
  bool chunked = false;
  bool no_body = false;  // 1xx, 204, 304 responses
};

// Decodes the complete head in `head` (which starts `base` bytes into the frame).
HttpHead dissect_http_head(std::span<const std::uint8_t> head, std::uint32_t base, FieldTree& tree);

}  // namespace pxescope
