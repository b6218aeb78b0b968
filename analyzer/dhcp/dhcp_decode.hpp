// Internal to the DHCP dissector: the table-driven value decoder shared by the option walk
// (dhcp_dissector.cpp), the sub-option walk and the few named hooks (dhcp_option_hooks.cpp).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/field_tree.hpp"

namespace pxescope::dhcp {

// The IANA architecture names (arch_names.cpp), referenced by the option 93 row.
inline constexpr std::size_t kArchCount = 0x2a;
extern const std::array<ValueName, kArchCount> kIanaArchNames;

// A text buffer reused from packet to packet: appends are plain memcpy into capacity
// reserved once per thread (many small std::string appends cost more than the decoding).
// Text past kCapacity is cut; the longest real value, a fully joined option printed as
// colon hex, stays under 50 KB.
class TextBuf {
 public:
  static constexpr std::size_t kCapacity = 64 * 1024;
  TextBuf() : buf_(std::make_unique<char[]>(kCapacity)) {}
  void clear() { n_ = 0; }
  void assign(std::string_view s) {
    n_ = 0;
    append(s);
  }
  void append(std::string_view s) {
    const std::size_t k = std::min(s.size(), kCapacity - n_);
    if (k) std::memcpy(buf_.get() + n_, s.data(), k);
    n_ += k;
  }
  void append(const char* b, const char* e) {
    append(std::string_view(b, static_cast<std::size_t>(e - b)));
  }
  void push_back(char c) {
    if (n_ < kCapacity) buf_[n_++] = c;
  }
  TextBuf& operator+=(std::string_view s) {
    append(s);
    return *this;
  }
  TextBuf& operator+=(char c) {
    push_back(c);
    return *this;
  }
  char& operator[](std::size_t i) { return buf_[i]; }
  std::size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  std::string_view view() const { return {buf_.get(), n_}; }
  operator std::string_view() const { return view(); }

 private:
  std::unique_ptr<char[]> buf_;
  std::size_t n_ = 0;
};

// Where the bytes of an option value sit in the frame. A value joined from several
// RFC 3396 pieces is not contiguous, so offsets are mapped piece by piece.
struct PieceMap {
  struct Piece {
    std::uint32_t rel;    // offset of the piece within the joined value
    std::uint32_t frame;  // frame offset of the piece's first byte
    std::uint32_t len;
  };
  static constexpr std::size_t kMax = 64;
  std::array<Piece, kMax> pieces{};
  std::size_t count = 0;

  void add(std::uint32_t rel, std::uint32_t frame, std::uint32_t len) {
    if (count < kMax) pieces[count++] = {rel, frame, len};
  }
  const Piece& piece_of(std::uint32_t rel) const {
    for (std::size_t i = count; i-- > 1;)
      if (rel >= pieces[i].rel) return pieces[i];
    return pieces[0];
  }
};

// A (sub-)option value: its bytes plus the mapping of its offsets to frame offsets.
struct ValueView {
  std::span<const std::uint8_t> data;
  const PieceMap* map = nullptr;
  std::uint32_t shift = 0;  // offset of data[0] within the mapped (joined) value

  std::size_t size() const { return data.size(); }
  std::uint32_t frame_offset(std::size_t rel) const {
    const auto r = static_cast<std::uint32_t>(rel) + shift;
    const auto& p = map->piece_of(r);
    return p.frame + (r - p.rel);
  }
  // Length clipped to the piece that holds `rel`, so a node never spans foreign bytes.
  std::uint32_t frame_length(std::size_t rel, std::size_t len) const {
    const auto r = static_cast<std::uint32_t>(rel) + shift;
    const auto& p = map->piece_of(r);
    const std::uint32_t left = p.len > (r - p.rel) ? p.len - (r - p.rel) : 0;
    return len < left ? static_cast<std::uint32_t>(len) : left;
  }
  ValueView sub(std::size_t rel, std::size_t len) const {
    return {data.subspan(rel, len), map, shift + static_cast<std::uint32_t>(rel)};
  }
};

// Facts gathered while decoding one packet, for cross-checks between options.
struct PacketFacts {
  bool pxe_vendor = false;  // option 60 starts with "PXEClient"
  std::uint8_t message_type = 0;
  // Option 60 split (-1: absent or unparsable).
  NodeId vendor_class_node = kNoNode;
  int vci_arch = -1, vci_undi_major = -1, vci_undi_minor = -1;
  // Options 93 and 94 (first occurrence).
  int arch93 = -1;
  int undi_major = -1, undi_minor = -1;
};

class Decoder {
 public:
  Decoder(FieldTree& tree, PacketFacts& facts);

  FieldTree& tree;
  PacketFacts& facts;
  std::string_view title_suffix;  // set by a hook: " (PXEClient)" after the option label

  NodeId add(NodeId parent, std::string_view name, const ValueView& v, std::size_t rel,
             std::size_t len) {
    return tree.add(parent, name, v.frame_offset(rel), v.frame_length(rel, len));
  }

  // One value of `type` at v[rel..rel+len) as node `field` with text "label: value".
  // Returns the node; the caller checked that enough bytes exist.
  NodeId add_typed(NodeId parent, std::string_view field, std::string_view label, ValueType type,
                   std::span<const ValueName> names, bool hex, const ValueView& v, std::size_t rel,
                   std::size_t len);

  // The whole value of an option or sub-option per its table row (`def` may be null:
  // unknown option -> raw bytes named `raw_name`).
  void decode_value(NodeId option_node, const OptionDef* def, const ValueView& v,
                    std::string_view raw_name);
  // A TLV list of sub-options of `space` (43 PXE, 82 relay, 175 iPXE).
  void decode_suboptions(NodeId parent, OptionSpace space, const ValueView& v);
  // A record (possibly an array of records) per its layout.
  void decode_record(NodeId parent, const OptionDef& def, const ValueView& v);

  // Scratch strings reused from packet to packet (no allocation once warm).
  TextBuf& text();
  TextBuf& value();

  void warnf(NodeId id, Severity s, std::initializer_list<std::string_view> parts);
};

// Named hooks (dhcp_option_hooks.cpp). Returns false when the hook leaves the value to the
// generic decoder.
bool run_hook(Decoder& d, NodeId option_node, const OptionDef& def, const ValueView& v);

// --- formatting into std::string without allocation once its capacity is warm ---
void append_uint(TextBuf& s, std::uint64_t v);
void append_int(TextBuf& s, std::int64_t v);
void append_hex(TextBuf& s, std::uint64_t v, int digits);  // "0x0001"
void append_ipv4(TextBuf& s, const std::uint8_t* p);
void append_mac(TextBuf& s, std::span<const std::uint8_t> p);        // aa:bb:..
void append_colon_hex(TextBuf& s, std::span<const std::uint8_t> p);  // 00:01 (tshark bytes)
void append_plain_hex(TextBuf& s, std::span<const std::uint8_t> p);  // 0001
void append_guid(TextBuf& s, const std::uint8_t* p16);    // first three fields little-endian
void append_duration(TextBuf& s, std::uint32_t seconds);  // "(3600s) 1 hour"
// Text up to the first NUL, as tshark's FT_STRINGZ shows it.
std::string_view stringz(std::span<const std::uint8_t> p);

inline std::uint16_t be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
inline std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

}  // namespace pxescope::dhcp
