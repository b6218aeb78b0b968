#include "analyzer/packet_list/frame_search.hpp"

#include <algorithm>

#include "analyzer/ascii.hpp"

namespace pxescope {
namespace {

// The needle (already lower-cased) in `hay`, comparing ASCII letters in any case.
bool contains_any_case(std::string_view hay, std::string_view needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                     [](char h, char n) { return ascii_lower(h) == n; }) != hay.end();
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool parse_hex_bytes(std::string_view text, std::vector<std::uint8_t>& out, std::string& error) {
  out.clear();
  // Separators between bytes are optional: ':' '-' '.' or blanks; digits come in pairs.
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ':' || c == '-' || c == '.' || c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    const int high = hex_digit(c);
    const int low = i + 1 < text.size() ? hex_digit(text[i + 1]) : -1;
    if (high < 0 || low < 0) {
      const std::size_t end = std::min(text.size(), i + 2);
      error = "hex bytes: '" + std::string(text.substr(i, end - i)) +
              "' is not a byte (write them as de:ad:be:ef)";
      return false;
    }
    out.push_back(static_cast<std::uint8_t>(high * 16 + low));
    i += 2;
  }
  if (out.empty()) error = "hex bytes: nothing to find (write them as de:ad:be:ef)";
  return !out.empty();
}

std::optional<FrameSearch> FrameSearch::parse(SearchKind kind, std::string_view text,
                                              std::string& error) {
  FrameSearch s;
  s.kind_ = kind;
  switch (kind) {
    case SearchKind::DisplayFilter:
      s.filter_ = filter::DisplayFilter::parse(text, error);
      if (!s.filter_) return std::nullopt;
      if (s.filter_->matches_everything()) {
        error = "display filter: nothing to find (type a filter, e.g. tftp.opcode == 5)";
        return std::nullopt;
      }
      break;
    case SearchKind::ListText:
    case SearchKind::ByteString:
      if (text.empty()) {
        error = "string: nothing to find";
        return std::nullopt;
      }
      s.needle_ = ascii_lowercase(text);
      break;
    case SearchKind::HexBytes: {
      std::vector<std::uint8_t> bytes;
      if (!parse_hex_bytes(text, bytes, error)) return std::nullopt;
      s.needle_.assign(bytes.begin(), bytes.end());
      break;
    }
  }
  return s;
}

bool FrameSearch::matches(std::span<const std::uint8_t> bytes, const FieldTree* tree,
                          const filter::FrameContext* frame, std::string_view list_text) const {
  const std::string_view hay(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  switch (kind_) {
    case SearchKind::DisplayFilter:
      if (!tree) return false;
      return frame ? filter_->matches(*tree, *frame) : filter_->matches(*tree);
    case SearchKind::ListText:
      return contains_any_case(list_text, needle_);
    case SearchKind::ByteString:
      return contains_any_case(hay, needle_);
    case SearchKind::HexBytes:
      return hay.find(needle_) != std::string_view::npos;
  }
  return false;
}

}  // namespace pxescope
