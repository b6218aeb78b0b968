#include "responder/http/http_range.hpp"

#include <optional>

#include "analyzer/ascii.hpp"
#include "responder/http/http_request.hpp"

namespace pxescope::responder::http {
namespace {

// Decimal digits only; a value past 2^64 saturates (it is past any file's end either way).
std::optional<std::uint64_t> parse_position(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    value = value > (UINT64_MAX - digit) / 10 ? UINT64_MAX : value * 10 + digit;
  }
  return value;
}

ByteRange whole(std::uint64_t size) {
  return {ByteRange::Kind::kWhole, 0, size};
}

ByteRange unsatisfiable() {
  return {ByteRange::Kind::kUnsatisfiable, 0, 0};
}

}  // namespace

ByteRange resolve_range(std::string_view header, std::uint64_t size) {
  header = trim_ows(header);
  const std::size_t equals = header.find('=');
  if (equals == std::string_view::npos ||
      !ascii_iequals(trim_ows(header.substr(0, equals)), "bytes"))
    return whole(size);
  const std::string_view spec = trim_ows(header.substr(equals + 1));
  if (spec.find(',') != std::string_view::npos) return whole(size);
  const std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return whole(size);
  const std::string_view first_text = trim_ows(spec.substr(0, dash));
  const std::string_view last_text = trim_ows(spec.substr(dash + 1));
  if (first_text.empty()) {  // "-n": the last n bytes
    const auto suffix = parse_position(last_text);
    if (!suffix) return whole(size);
    if (*suffix == 0 || size == 0) return unsatisfiable();
    const std::uint64_t length = *suffix < size ? *suffix : size;
    return {ByteRange::Kind::kPartial, size - length, length};
  }
  const auto first = parse_position(first_text);
  if (!first) return whole(size);
  std::uint64_t last = UINT64_MAX;
  if (!last_text.empty()) {
    const auto parsed = parse_position(last_text);
    if (!parsed || *parsed < *first) return whole(size);  // invalid: ignored (RFC 9110 14.2)
    last = *parsed;
  }
  if (*first >= size) return unsatisfiable();
  if (last >= size) last = size - 1;
  return {ByteRange::Kind::kPartial, *first, last - *first + 1};
}

}  // namespace pxescope::responder::http
