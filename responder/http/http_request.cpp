#include "responder/http/http_request.hpp"

#include "analyzer/ascii.hpp"

namespace pxescope::responder::http {
namespace {

// RFC 9110 5.6.2 tchar: the bytes a method or a header name may hold.
bool is_token_char(char c) {
  const auto b = static_cast<unsigned char>(c);
  if (b >= '0' && b <= '9') return true;
  if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text)
    if (!is_token_char(c)) return false;
  return true;
}

ParseResult failure(int status, std::string why) {
  ParseResult result;
  result.state = ParseState::kError;
  result.error_status = status;
  result.error = std::move(why);
  return result;
}

// Where the head ends: just past the first empty line ("\r\n\r\n", "\n\n", "\n\r\n"); 0 when
// it has not arrived yet.
std::size_t head_end(std::string_view bytes) {
  for (std::size_t at = bytes.find('\n'); at != std::string_view::npos;
       at = bytes.find('\n', at + 1)) {
    if (at + 1 < bytes.size() && bytes[at + 1] == '\n') return at + 2;
    if (at + 2 < bytes.size() && bytes[at + 1] == '\r' && bytes[at + 2] == '\n') return at + 3;
  }
  return 0;
}

// The next line of `head` (without its CRLF or LF), consumed.
std::string_view next_line(std::string_view& head) {
  const std::size_t lf = head.find('\n');
  std::string_view line = head.substr(0, lf);
  head = lf == std::string_view::npos ? std::string_view{} : head.substr(lf + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Connection: a comma-separated token list ("keep-alive, Upgrade").
void apply_connection(std::string_view value, Request& request) {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    const std::string_view option = trim_ows(value.substr(0, comma));
    if (ascii_iequals(option, "close")) request.keep_alive = false;
    if (ascii_iequals(option, "keep-alive") && request.minor_version == 0)
      request.keep_alive = true;
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
  }
}

bool parse_request_line(std::string_view line, Request& request, ParseResult& error) {
  const std::size_t first_space = line.find(' ');
  const std::size_t last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space) {
    error = failure(400, "request line is not 'METHOD TARGET HTTP/1.x'");
    return false;
  }
  const std::string_view method = line.substr(0, first_space);
  const std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
  const std::string_view version = line.substr(last_space + 1);
  if (!is_token(method)) {
    error = failure(400, "method is not a token");
    return false;
  }
  if (target.empty() || target.find(' ') != std::string_view::npos) {
    error = failure(400, "request target is empty or holds a space");
    return false;
  }
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
      version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9') {
    error = failure(400, "version is not HTTP/x.y");
    return false;
  }
  if (version[5] != '1') {
    error = failure(505, "only HTTP/1.0 and HTTP/1.1 are served");
    return false;
  }
  request.method = method;
  request.target = target;
  request.minor_version = version[7] == '0' ? 0 : 1;
  request.keep_alive = request.minor_version >= 1;
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
  return -1;
}

}  // namespace

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

ParseResult parse_request_head(std::string_view bytes, std::size_t max_head_bytes) {
  // Blank lines before the request line are allowed (RFC 9112 2.2): a client's stray CRLF
  // after a previous body.
  std::size_t skipped = 0;
  while (skipped < bytes.size() && (bytes[skipped] == '\r' || bytes[skipped] == '\n')) ++skipped;
  const std::string_view rest = bytes.substr(skipped);
  const std::size_t end = head_end(rest);
  if (end == 0 || end > max_head_bytes) {
    if (rest.size() > max_head_bytes || end > max_head_bytes)
      return failure(431, "request head larger than " + std::to_string(max_head_bytes) + " bytes");
    return {};
  }
  ParseResult result;
  std::string_view head = rest.substr(0, end);
  if (!parse_request_line(next_line(head), result.request, result)) return result;
  Request& request = result.request;
  bool has_host = false;
  std::string_view connection;
  for (std::string_view line = next_line(head); !line.empty(); line = next_line(head)) {
    if (line.front() == ' ' || line.front() == '\t')
      return failure(400, "folded header line (obsolete line folding)");
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
      return failure(400, "header line without a 'Name:' (or a space before the colon)");
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim_ows(line.substr(colon + 1));
    for (const char c : value) {
      const auto b = static_cast<unsigned char>(c);
      if ((b < 0x20 && c != '\t') || b == 0x7f)
        return failure(400, "control character in a header value");
    }
    if (ascii_iequals(name, "host")) {
      has_host = true;
    } else if (ascii_iequals(name, "connection")) {
      connection = value;
    } else if (ascii_iequals(name, "range")) {
      request.range = value;
    } else if (ascii_iequals(name, "user-agent")) {
      request.user_agent = value;
    } else if (ascii_iequals(name, "transfer-encoding")) {
      request.has_body = true;
    } else if (ascii_iequals(name, "content-length")) {
      if (value.empty() || value.find_first_not_of("0123456789") != std::string_view::npos)
        return failure(400, "Content-Length is not a number");
      if (value.find_first_not_of('0') != std::string_view::npos) request.has_body = true;
    }
  }
  if (request.minor_version >= 1 && !has_host)
    return failure(400, "HTTP/1.1 request without a Host header");
  apply_connection(connection, request);
  if (request.has_body) request.keep_alive = false;  // the body is never read: close after
  result.state = ParseState::kComplete;
  result.head_bytes = skipped + end;
  return result;
}

bool decode_target_path(std::string_view target, std::string& path, std::string& why) {
  // absolute-form (a proxy-style "http://host/path"): the path part.
  if (target.size() > 7 && ascii_iequals(target.substr(0, 7), "http://")) {
    const std::size_t slash = target.find('/', 7);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  if (target.empty() || target.front() != '/') {
    why = "request target does not start with '/'";
    return false;
  }
  target = target.substr(0, target.find_first_of("?#"));
  path.clear();
  path.reserve(target.size());
  for (std::size_t i = 0; i < target.size(); ++i) {
    char c = target[i];
    if (c == '%') {
      const int high = i + 2 < target.size() ? hex_value(target[i + 1]) : -1;
      const int low = high >= 0 ? hex_value(target[i + 2]) : -1;
      if (low < 0) {
        why = "malformed percent-encoding in the request target";
        return false;
      }
      c = static_cast<char>(high * 16 + low);
      i += 2;
    }
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f) {
      why = "NUL or control character in the request path";
      return false;
    }
    path += c;
  }
  return true;
}

}  // namespace pxescope::responder::http
