#include "analyzer/http/http_head.hpp"

#include <charconv>
#include <string_view>

#include "analyzer/ascii.hpp"
#include "analyzer/link/text_format.hpp"
#include "analyzer/link/tree_add.hpp"

namespace pxescope {
namespace {

std::string_view as_text(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// Headers shown as fields: tshark's names (the header name compared without case).
struct HeaderField {
  std::string_view header;
  const char* field;
};
constexpr HeaderField kHeaderFields[] = {
    {"host", "http.host"},
    {"user-agent", "http.user_agent"},
    {"content-length", "http.content_length_header"},
    {"content-type", "http.content_type"},
    {"range", "http.range"},
    {"content-range", "http.content_range"},
    {"server", "http.server"},
    {"connection", "http.connection"},
    {"transfer-encoding", "http.transfer_encoding"},
};

constexpr std::string_view kMethods[] = {"GET ",     "HEAD ",    "POST ",  "PUT ",  "DELETE ",
                                         "OPTIONS ", "CONNECT ", "TRACE ", "PATCH "};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::size_t http_head_length(std::span<const std::uint8_t> b) {
  const std::string_view s = as_text(b);
  const auto at = s.find("\r\n\r\n");
  return at == std::string_view::npos ? 0 : at + 4;
}

bool looks_like_http(std::span<const std::uint8_t> b) {
  const std::string_view s = as_text(b);
  if (s.starts_with("HTTP/1.")) return true;
  for (std::string_view m : kMethods)
    if (s.starts_with(m)) return true;
  return false;
}

HttpHead dissect_http_head(std::span<const std::uint8_t> bytes, std::uint32_t base, FieldTree& t) {
  HttpHead head;
  const std::string_view s = as_text(bytes);
  const NodeId http = t.add(kNoNode, "http", base, static_cast<std::uint32_t>(bytes.size()));
  t.set_text(http, "Hypertext Transfer Protocol");
  std::size_t line_start = 0;
  Line line;
  auto offset = [&](std::string_view part) {
    return base + static_cast<std::uint32_t>(part.data() - s.data());
  };
  auto field = [&](NodeId parent, const char* name, std::string_view v, const char* label) {
    return add_str(t, parent, name, offset(v), static_cast<std::uint32_t>(v.size()), v, label);
  };
  for (int n = 0; line_start < s.size(); ++n) {
    const auto eol = s.find("\r\n", line_start);
    if (eol == std::string_view::npos || eol == line_start) break;  // the blank line ends it
    const std::string_view text = s.substr(line_start, eol - line_start);
    line_start = eol + 2;
    if (n == 0) {
      const auto sp1 = text.find(' ');
      const auto sp2 = sp1 == std::string_view::npos ? sp1 : text.find(' ', sp1 + 1);
      const NodeId first =
          t.add(http, text.starts_with("HTTP/") ? "http.response.line" : "http.request.line",
                offset(text), static_cast<std::uint32_t>(text.size()));
      t.set_string(first, text);
      t.set_text(first, text);
      if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) {
        t.warn(first, Severity::Warn, "HTTP first line without its three parts");
        t.set_summary("HTTP", text);
        continue;
      }
      const std::string_view a = text.substr(0, sp1), b = text.substr(sp1 + 1, sp2 - sp1 - 1),
                             c = text.substr(sp2 + 1);
      if (text.starts_with("HTTP/")) {
        head.response = true;
        field(first, "http.response.version", a, "Response Version");
        unsigned code = 0;
        std::from_chars(b.data(), b.data() + b.size(), code);
        add_uint(t, first, "http.response.code", offset(b), static_cast<std::uint32_t>(b.size()),
                 code, line("Status Code: %u", code));
        field(first, "http.response.phrase", c, "Response Phrase");
        head.no_body = code < 200 || code == 204 || code == 304;
      } else {
        field(first, "http.request.method", a, "Request Method");
        field(first, "http.request.uri", b, "Request URI");
        field(first, "http.request.version", c, "Request Version");
      }
      t.set_summary(
          "HTTP", line("%.*s %.*s %.*s", static_cast<int>(a.size()), a.data(),
                       static_cast<int>(b.size()), b.data(), static_cast<int>(c.size()), c.data()));
      continue;
    }
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) {
      const NodeId bad =
          t.add(http, "http.request.line", offset(text), static_cast<std::uint32_t>(text.size()));
      t.set_string(bad, text);
      t.set_text(bad, text);
      t.warn(bad, Severity::Warn, "HTTP header line without a colon");
      continue;
    }
    const std::string_view name = text.substr(0, colon), value = trim(text.substr(colon + 1));
    const char* known = nullptr;
    for (const HeaderField& h : kHeaderFields)
      if (ascii_iequals(name, h.header)) known = h.field;
    const NodeId id =
        t.add(http, known ? known : (head.response ? "http.response.line" : "http.request.line"),
              offset(text), static_cast<std::uint32_t>(text.size()));
    t.set_string(id, known ? value : text);
    t.set_text(id, text);
    if (known && ascii_iequals(name, "content-length")) {
      std::uint64_t length = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (ec == std::errc() && end == value.data() + value.size()) {
        head.content_length = length;
        const NodeId cl = t.add(id, "http.content_length", offset(value),
                                static_cast<std::uint32_t>(value.size()));
        t.set_uint(cl, length);
        t.set_text(cl, line("[Content length: %llu]", static_cast<unsigned long long>(length)));
      } else {
        t.warn(id, Severity::Warn, "Content-Length is not a number");
      }
    }
    if (known && ascii_iequals(name, "transfer-encoding") &&
        value.find("chunked") != std::string_view::npos)
      head.chunked = true;
  }
  add_uint(t, http, head.response ? "http.response" : "http.request", base, 0, 1,
           head.response ? "[Response: True]" : "[Request: True]");
  return head;
}

}  // namespace pxescope
