#include "responder/http/http_response.hpp"

#include <ctime>

#include "analyzer/ascii.hpp"

namespace pxescope::responder::http {
namespace {

struct StatusText {
  int status;
  std::string_view reason;
};

constexpr StatusText kStatuses[] = {
    {200, "OK"},
    {206, "Partial Content"},
    {400, "Bad Request"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {408, "Request Timeout"},
    {416, "Range Not Satisfiable"},
    {431, "Request Header Fields Too Large"},
    {500, "Internal Server Error"},
    {503, "Service Unavailable"},
    {505, "HTTP Version Not Supported"},
};

struct ExtensionType {
  std::string_view extension;  // lower case, without the dot
  std::string_view type;
};

// What network boot fetches: boot programs, kernels and initrds are octet-stream (the default).
constexpr ExtensionType kTypes[] = {
    {"ipxe", "text/plain; charset=utf-8"},
    {"cfg", "text/plain; charset=utf-8"},
    {"conf", "text/plain; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"sh", "text/plain; charset=utf-8"},
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"json", "application/json"},
    {"xml", "application/xml"},
    {"iso", "application/x-iso9660-image"},
    {"img", "application/octet-stream"},
    {"efi", "application/efi"},
    {"gz", "application/gzip"},
    {"xz", "application/x-xz"},
    {"zst", "application/zstd"},
    {"tar", "application/x-tar"},
    {"squashfs", "application/octet-stream"},
    {"sig", "application/pgp-signature"},
    {"asc", "application/pgp-signature"},
};

void append_http_date(std::int64_t seconds, std::string& out) {
  const std::time_t when = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&when, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  out += text;
}

}  // namespace

std::string_view reason_phrase(int status) {
  for (const StatusText& s : kStatuses)
    if (s.status == status) return s.reason;
  return "Unknown";
}

std::string format_response_head(const ResponseHead& head) {
  std::string out;
  out.reserve(256);
  out += "HTTP/1.1 ";
  out += std::to_string(head.status);
  out += ' ';
  out += reason_phrase(head.status);
  out += "\r\nServer: pxescope\r\n";
  if (!head.content_type.empty()) {
    out += "Content-Type: ";
    out += head.content_type;
    out += "\r\n";
  }
  out += "Content-Length: " + std::to_string(head.content_length) + "\r\n";
  if (head.content_range) {
    out += "Content-Range: bytes ";
    if (head.status == 416)
      out += "*";
    else
      out += std::to_string(head.range_first) + "-" + std::to_string(head.range_last);
    out += "/" + std::to_string(head.total_size) + "\r\n";
  }
  if (head.accept_ranges) out += "Accept-Ranges: bytes\r\n";
  if (head.last_modified >= 0) {
    out += "Last-Modified: ";
    append_http_date(head.last_modified, out);
    out += "\r\n";
  }
  if (head.allow) out += "Allow: GET, HEAD\r\n";
  if (head.retry_after_s > 0) out += "Retry-After: " + std::to_string(head.retry_after_s) + "\r\n";
  if (head.close)
    out += "Connection: close\r\n";
  else if (head.keep_alive_10)
    out += "Connection: keep-alive\r\n";
  out += "\r\n";
  return out;
}

std::string error_body(int status) {
  return std::to_string(status) + " " + std::string(reason_phrase(status)) + "\n";
}

std::string_view content_type_for(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.rfind('.');
  if (dot != std::string_view::npos) {
    const std::string_view extension = name.substr(dot + 1);
    for (const ExtensionType& t : kTypes)
      if (ascii_iequals(extension, t.extension)) return t.type;
  }
  return "application/octet-stream";
}

}  // namespace pxescope::responder::http
