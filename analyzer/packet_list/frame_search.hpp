// Edit ▸ Find Packet's test for one frame, as Wireshark's find bar: a display filter, a
// string in the packet list's text (the row's columns), a string in the frame's bytes, or hex
// bytes ("de:ad:be:ef"). Built once from what the user typed (a bad filter or a bad hex
// string is refused with one line saying why), then run over many frames off the GUI thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/filter/display_filter.hpp"

namespace pxescope {

enum class SearchKind : std::uint8_t {
  DisplayFilter,  // the frame matches the filter
  ListText,       // the text is in the row's columns (Info, addresses, ...), any case
  ByteString,     // the text's bytes are in the frame, any ASCII case
  HexBytes,       // these bytes are in the frame: "de:ad:be:ef", "de ad be ef", "deadbeef"
};

class FrameSearch {
 public:
  static std::optional<FrameSearch> parse(SearchKind kind, std::string_view text,
                                          std::string& error);

  SearchKind kind() const { return kind_; }
  // The display filter needs the frame's tree; ListText needs the row's text.
  bool needs_tree() const { return kind_ == SearchKind::DisplayFilter; }
  bool needs_list_text() const { return kind_ == SearchKind::ListText; }

  // `tree` and `list_text` are read only when the kind needs them.
  bool matches(std::span<const std::uint8_t> bytes, const FieldTree* tree,
               const filter::FrameContext* frame, std::string_view list_text) const;

 private:
  SearchKind kind_ = SearchKind::ListText;
  std::optional<filter::DisplayFilter> filter_;
  std::string needle_;  // lower-cased text, or the bytes to find
};

// "de:ad:be:ef" -> bytes; false with `error` saying which part is not a byte.
bool parse_hex_bytes(std::string_view text, std::vector<std::uint8_t>& out, std::string& error);

}  // namespace pxescope
