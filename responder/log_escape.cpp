#include "responder/log_escape.hpp"

namespace pxescope::responder {
namespace {

// The short escapes; every other unsafe byte becomes \xNN.
char short_escape(unsigned char c) {
  switch (c) {
    case '\\':
      return '\\';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\t':
      return 't';
    default:
      return 0;
  }
}

bool is_safe(unsigned char c) {
  return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
}

}  // namespace

void append_log_value(std::string_view value, std::string& out) {
  const bool quote = value.empty() || value.find_first_of(" =") != std::string_view::npos;
  if (quote) out += '"';
  static constexpr char kHex[] = "0123456789abcdef";
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_safe(c)) {
      out += ch;
    } else if (const char e = short_escape(c)) {
      out += '\\';
      out += e;
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (quote) out += '"';
}

std::string escape_log_value(std::string_view value) {
  std::string out;
  append_log_value(value, out);
  return out;
}

}  // namespace pxescope::responder
