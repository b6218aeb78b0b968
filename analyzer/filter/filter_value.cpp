#include "analyzer/filter/filter_value.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

#include "analyzer/ascii.hpp"

namespace pxescope::filter::detail {
namespace {

using fields::FieldType;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Wireshark's integer spellings: 42, -42, 0x2a, 052 (octal), 0b101010.
bool parse_integer(std::string_view s, Wide& out) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
    base = 2;
    s.remove_prefix(2);
  } else if (s.size() > 1 && s[0] == '0') {
    base = 8;
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || end != s.data() + s.size()) return false;
  out = negative ? -Wide(v) : Wide(v);
  return true;
}

// Seconds with an optional fraction ("16.14", "-0.5") -> nanoseconds, exactly.
bool parse_seconds(std::string_view s, Wide& out) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  const std::size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (whole.empty() && frac.empty()) return false;
  std::uint64_t secs = 0;
  if (!whole.empty()) {
    const auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), secs);
    if (ec != std::errc() || end != whole.data() + whole.size()) return false;
  }
  if (frac.size() > 9) return false;  // below a nanosecond: finer than any capture
  std::uint64_t ns = 0;
  for (std::size_t i = 0; i < 9; ++i) {
    const char c = i < frac.size() ? frac[i] : '0';
    if (c < '0' || c > '9') return false;
    ns = ns * 10 + static_cast<std::uint64_t>(c - '0');
  }
  const Wide total = Wide(secs) * 1000000000 + ns;
  out = negative ? -total : total;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool read_uint(std::string_view& s, std::size_t max_digits, unsigned& out) {
  std::size_t n = 0;
  out = 0;
  while (n < s.size() && n < max_digits && s[n] >= '0' && s[n] <= '9')
    out = out * 10 + static_cast<unsigned>(s[n++] - '0');
  s.remove_prefix(n);
  return n > 0;
}

bool eat(std::string_view& s, char c) {
  if (s.empty() || s[0] != c) return false;
  s.remove_prefix(1);
  return true;
}

// An absolute time, in UTC: "2026-11-28 00:53:40.3", "2026-11-28T00:53:40Z" or Wireshark's
// "Nov 28, 2026 00:53:40.309477" (with an optional " UTC"); or seconds since the epoch.
bool parse_absolute_time(std::string_view s, Wide& out) {
  if (parse_seconds(s, out)) return true;
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (s.size() > 3 && s[0] >= 'A') {
    for (unsigned i = 0; i < 12; ++i)
      if (ascii_iequals(s.substr(0, 3), kMonths[i])) month = i + 1;
    s.remove_prefix(3);
    while (eat(s, ' ')) {
    }
    if (!month || !read_uint(s, 2, day) || !eat(s, ',') || !eat(s, ' ') || !read_uint(s, 4, year))
      return false;
  } else if (!read_uint(s, 4, year) || !eat(s, '-') || !read_uint(s, 2, month) || !eat(s, '-') ||
             !read_uint(s, 2, day)) {
    return false;
  }
  if (!eat(s, ' ') && !eat(s, 'T')) return false;
  if (!read_uint(s, 2, hour) || !eat(s, ':') || !read_uint(s, 2, minute) || !eat(s, ':') ||
      !read_uint(s, 2, second))
    return false;
  Wide ns = 0;
  if (!s.empty() && s[0] == '.') {
    const std::size_t end = s.find_first_not_of("0123456789", 1);
    if (!parse_seconds(s.substr(0, end), ns)) return false;
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
  }
  if (s == " UTC" || s == "Z") s = {};
  if (!s.empty() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      second > 60)
    return false;
  const std::int64_t secs =
      days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  out = Wide(secs) * 1000000000 + ns;
  return true;
}

bool parse_ipv4(std::string_view s, std::uint32_t& out) {
  char buf[INET_ADDRSTRLEN];
  if (s.size() >= sizeof buf) return false;
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  in_addr a{};
  if (inet_pton(AF_INET, buf, &a) != 1) return false;
  out = ntohl(a.s_addr);
  return true;
}

bool parse_ipv6(std::string_view s, std::uint8_t (&out)[16]) {
  char buf[INET6_ADDRSTRLEN + 1];
  if (s.size() >= sizeof buf) return false;
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  return inet_pton(AF_INET6, buf, out) == 1;
}

// "addr/bits" -> the address text and the prefix (-1 when there is none).
bool split_prefix(std::string_view s, int max_bits, std::string_view& addr, int& bits) {
  const std::size_t slash = s.find('/');
  addr = s.substr(0, slash);
  bits = -1;
  if (slash == std::string_view::npos) return true;
  const std::string_view b = s.substr(slash + 1);
  const auto [end, ec] = std::from_chars(b.data(), b.data() + b.size(), bits);
  return ec == std::errc() && end == b.data() + b.size() && bits >= 0 && bits <= max_bits;
}

std::string quote(std::string_view text) {
  std::string out = "'";
  out += text;
  out += "'";
  return out;
}

}  // namespace

Domain domain_of(FieldType type) {
  switch (type) {
    case FieldType::Protocol:
    case FieldType::Label:
      return Domain::None;
    case FieldType::UInt:
    case FieldType::Int:
    case FieldType::Bool:
    case FieldType::FrameNum:
    case FieldType::Time:
    case FieldType::RelTime:
    case FieldType::Float:
      return Domain::Number;
    case FieldType::String:
      return Domain::String;
    case FieldType::Bytes:
    case FieldType::Ether:
      return Domain::Bytes;
    case FieldType::Ipv4:
      return Domain::Ipv4;
    case FieldType::Ipv6:
      return Domain::Ipv6;
  }
  return Domain::None;
}

bool is_time(FieldType type) {
  return type == FieldType::Time || type == FieldType::RelTime;
}

bool parse_hex_bytes(std::string_view text, std::string& out) {
  if (text.empty()) return false;
  // Groups between separators; a group of odd length gets a leading zero (0:1:2 = 00:01:02),
  // so "5254.0012.3456" and "52:54:00:12:34:56" read the same.
  std::size_t start = 0;
  char separator = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(":-.", start);
    if (end == std::string_view::npos) end = text.size();
    if (end < text.size()) {
      if (separator && text[end] != separator) return false;  // one spelling per value
      separator = text[end];
    }
    const std::string_view group = text.substr(start, end - start);
    if (group.empty()) return false;
    std::size_t i = 0;
    if (group.size() % 2) {
      const int d = hex_digit(group[0]);
      if (d < 0) return false;
      out.push_back(static_cast<char>(d));
      i = 1;
    }
    for (; i < group.size(); i += 2) {
      const int hi = hex_digit(group[i]), lo = hex_digit(group[i + 1]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
    }
    start = end + 1;
  }
  return true;
}

bool parse_literal(std::string_view text, bool quoted, FieldType type, Domain domain,
                   std::string_view field_name, Value& out, std::string& error) {
  auto fail = [&](std::string_view expected) {
    error = quote(text);
    error += " is not ";
    error += expected;
    error += " (";
    error += field_name;
    error += " is ";
    error += fields::field_type_name(type);
    error += ")";
    return false;
  };
  switch (domain) {
    case Domain::Number:
      if (type == FieldType::RelTime || type == FieldType::Float)
        return parse_seconds(text, out.number) ||
               fail(type == FieldType::Float ? "a number" : "a time in seconds (e.g. 1.5)");
      if (type == FieldType::Time)
        return parse_absolute_time(text, out.number) ||
               fail("a time (e.g. \"2026-11-28 00:53:40\", UTC, or seconds since 1970)");
      if (type == FieldType::Bool) {
        if (ascii_iequals(text, "true")) return out.number = 1, true;
        if (ascii_iequals(text, "false")) return out.number = 0, true;
        if (parse_integer(text, out.number)) return out.number = out.number != 0, true;
        return fail("a boolean (True, False, 1 or 0)");
      }
      if (parse_integer(text, out.number)) {
        if (out.number < 0 && type != FieldType::Int) return fail("a number >= 0");
        return true;
      }
      // An enum field compares with its value's name too: dhcp.option.dhcp == Discover.
      if (type == FieldType::FrameNum || text.empty() || text.find_first_of("0123456789") == 0)
        return fail("a number (decimal, 0x hex, 0 octal or 0b binary)");
      out.value_name.assign(text);
      return true;
    case Domain::String:
      out.bytes.assign(text);
      return true;
    case Domain::Bytes:
      if (quoted) {
        out.bytes.assign(text);
        return true;
      }
      out.bytes.clear();
      if (parse_hex_bytes(text, out.bytes)) {
        if (type == FieldType::Ether && out.bytes.size() != 6)
          return fail("a MAC address of 6 bytes (e.g. 52:54:00:12:34:56)");
        return true;
      }
      // A byte may also be written as a number: ip.dst[3] == 0xff.
      if (type == FieldType::Bytes && parse_integer(text, out.number) && out.number >= 0 &&
          out.number <= 0xff) {
        out.bytes.assign(1, static_cast<char>(out.number));
        return true;
      }
      return fail(type == FieldType::Ether ? "a MAC address (e.g. 52:54:00:12:34:56)"
                                           : "a byte string (e.g. 01:02:0a or \"text\")");
    case Domain::Ipv4: {
      std::string_view addr;
      if (!split_prefix(text, 32, addr, out.prefix_bits) || !parse_ipv4(addr, out.ipv4))
        return fail("an IPv4 address (e.g. 192.168.1.5 or 192.168.1.0/24)");
      return true;
    }
    case Domain::Ipv6: {
      std::string_view addr;
      std::uint8_t a[16];
      if (!split_prefix(text, 128, addr, out.prefix_bits) || !parse_ipv6(addr, a))
        return fail("an IPv6 address (e.g. fe80::1 or 2001:db8::/32)");
      out.bytes.assign(reinterpret_cast<const char*>(a), 16);
      return true;
    }
    case Domain::None:
      break;
  }
  return fail("comparable: the field has no value, test it alone or slice it");
}

bool node_number(const FieldNode& node, Wide& out) {
  switch (node.kind) {
    case ValueKind::UInt:
    case ValueKind::Bool:
      out = node.uint_value;
      return true;
    case ValueKind::Int:
      out = node.int_value;
      return true;
    case ValueKind::String:
      return parse_integer(node.str_value, out);
    case ValueKind::None:
      break;
  }
  return false;
}

bool node_ipv4(const FieldNode& node, std::uint32_t& out) {
  if (node.kind == ValueKind::UInt) {
    out = static_cast<std::uint32_t>(node.uint_value);
    return true;
  }
  return node.kind == ValueKind::String && parse_ipv4(node.str_value, out);
}

bool node_ipv6(const FieldNode& node, std::uint8_t (&out)[16]) {
  return node.kind == ValueKind::String && parse_ipv6(node.str_value, out);
}

std::string_view node_bytes(const FieldNode& node, bool hex, std::string& scratch) {
  if (node.kind != ValueKind::String) return {};
  if (!hex) return node.str_value;
  scratch.clear();
  if (parse_hex_bytes(node.str_value, scratch)) return scratch;
  return node.str_value;  // not hex after all: the text's own bytes
}

std::string_view value_name_in_text(std::string_view text) {
  const auto colon = text.rfind(": ");
  if (colon == std::string_view::npos) return {};
  std::string_view rest = text.substr(colon + 2);
  if (!rest.empty() && rest.back() == ')') {
    const auto open = rest.rfind(" (");
    if (open != std::string_view::npos) rest = rest.substr(0, open);
  }
  return rest;
}

}  // namespace pxescope::filter::detail
