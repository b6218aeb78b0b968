#include "analyzer/dhcp/option_writer.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace pxescope::dhcp {
namespace {

constexpr std::uint8_t kPad = 0, kEnd = 255;
constexpr std::size_t kMaxOptionLength = 255;

// One value staged on the stack before it is framed (an Ethernet frame holds no more).
class Staged {
 public:
  void uint(std::uint32_t v, std::size_t width) {
    for (std::size_t i = width; i-- > 0;) byte(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void raw(std::span<const std::uint8_t> s) {
    if (size_ + s.size() > bytes_.size()) {
      too_long_ = true;
      return;
    }
    std::copy(s.begin(), s.end(), bytes_.begin() + static_cast<std::ptrdiff_t>(size_));
    size_ += s.size();
  }
  void byte(std::uint8_t b) { raw({&b, 1}); }
  bool too_long() const { return too_long_; }
  std::span<const std::uint8_t> span() const { return {bytes_.data(), size_}; }

 private:
  std::array<std::uint8_t, 1500> bytes_;
  std::size_t size_ = 0;
  bool too_long_ = false;
};

bool fits(ValueType type, std::uint32_t v) {
  switch (type) {
    case ValueType::U8:
      return v <= 0xff;
    case ValueType::U16:
      return v <= 0xffff;
    case ValueType::Bool:
      return v <= 1;
    default:
      return fixed_size(type) != 0;  // 32-bit and signed types take any bit pattern
  }
}

}  // namespace

std::size_t option_wire_size(std::size_t value_size) {
  const std::size_t parts =
      value_size == 0 ? 1 : (value_size + kMaxOptionLength - 1) / kMaxOptionLength;
  return value_size + 2 * parts;
}

std::size_t frame_option(std::span<std::uint8_t> out, std::uint8_t code,
                         std::span<const std::uint8_t> value) {
  std::size_t used = 0, at = 0;
  do {  // RFC 3396: a longer value becomes several options with the same code
    const std::size_t n = std::min(kMaxOptionLength, value.size() - at);
    out[used++] = code;
    out[used++] = static_cast<std::uint8_t>(n);
    if (n) std::memcpy(out.data() + used, value.data() + at, n);
    used += n;
    at += n;
  } while (at < value.size());
  return used;
}

OptionWriter::OptionWriter(std::span<std::uint8_t> buffer, std::size_t used)
    : buffer_(buffer), start_(std::min(used, buffer.size())), used_(start_) {}

const OptionDef* OptionWriter::row(OptionSpace space, std::uint8_t code) const {
  if (code == kPad || code == kEnd) return nullptr;  // framing, written by end() only
  return find_option(space, code);
}

bool OptionWriter::room_for(std::size_t n) {
  // One byte stays free for the End option.
  if (used_ + n + 1 <= buffer_.size()) return true;
  overflowed_ = true;
  return false;
}

bool OptionWriter::overflow() {
  overflowed_ = true;
  return false;
}

bool OptionWriter::put(std::uint8_t code, std::span<const std::uint8_t> value) {
  if (!room_for(option_wire_size(value.size()))) return false;
  used_ += frame_option(buffer_.subspan(used_), code, value);
  return true;
}

bool OptionWriter::value(OptionSpace space, std::uint8_t code,
                         std::span<const std::uint8_t> encoded) {
  const OptionDef* def = row(space, code);
  if (def == nullptr) return false;
  const std::size_t fixed = fixed_size(def->type);
  if (fixed != 0 && (def->array ? encoded.size() % fixed != 0 : encoded.size() != fixed))
    return false;
  return put(code, encoded);
}

bool OptionWriter::number(OptionSpace space, std::uint8_t code, std::uint32_t value) {
  const OptionDef* def = row(space, code);
  if (def == nullptr || def->type == ValueType::Record || !fits(def->type, value)) return false;
  Staged v;
  v.uint(value, fixed_size(def->type));
  return put(code, v.span());
}

bool OptionWriter::text(OptionSpace space, std::uint8_t code, std::string_view value) {
  const OptionDef* def = row(space, code);
  if (def == nullptr || def->type != ValueType::String) return false;
  return put(code, {reinterpret_cast<const std::uint8_t*>(value.data()), value.size()});
}

bool OptionWriter::bytes(OptionSpace space, std::uint8_t code,
                         std::span<const std::uint8_t> value) {
  const OptionDef* def = row(space, code);
  if (def == nullptr || def->type != ValueType::Bytes || def->hook == DecodeHook::PxeBootServers ||
      def->hook == DecodeHook::PxeBootMenu)
    return false;
  return put(code, value);
}

bool OptionWriter::record(OptionSpace space, std::uint8_t code,
                          std::initializer_list<FieldValue> fields) {
  const OptionDef* def = row(space, code);
  if (def == nullptr || def->type != ValueType::Record || def->array ||
      fields.size() != def->record.size())
    return false;
  Staged v;
  const FieldValue* value = fields.begin();
  for (const RecordField& field : def->record) {
    const std::size_t width = fixed_size(field.type);
    if (width != 0) {
      if (!fits(field.type, value->number)) return false;
      v.uint(value->number, width);
    } else {
      v.raw(value->bytes);
    }
    ++value;
  }
  return !v.too_long() ? put(code, v.span()) : overflow();
}

// PXE sub-options 8 and 9 hold a list of items in at most 255 bytes: a sub-option has a
// one-byte length and PXE clients do not join split sub-options, so items past that are
// left out (and the call says false).
template <typename Item, typename Put>
bool OptionWriter::pxe_list(std::uint8_t code, DecodeHook hook, std::span<const Item> items,
                            Put&& put_item) {
  const OptionDef* def = row(OptionSpace::Pxe, code);
  if (def == nullptr || def->hook != hook) return false;
  Staged v;
  std::size_t kept = 0;
  for (const Item& item : items) {
    Staged one;
    put_item(item, one);
    if (v.span().size() + one.span().size() > kMaxOptionLength) break;
    v.raw(one.span());
    ++kept;
  }
  return put(code, v.span()) && kept == items.size();
}

bool OptionWriter::pxe_boot_servers(std::span<const PxeBootServer> servers) {
  return pxe_list(kPxeBootServers, DecodeHook::PxeBootServers, servers,
                  [](const PxeBootServer& s, Staged& v) {
                    v.uint(s.type, 2);
                    v.byte(1);  // one address for this type
                    v.uint(s.ip, 4);
                  });
}

bool OptionWriter::pxe_boot_menu(std::span<const PxeMenuItem> items) {
  return pxe_list(kPxeBootMenu, DecodeHook::PxeBootMenu, items,
                  [](const PxeMenuItem& item, Staged& v) {
                    const std::string_view text = item.text.substr(0, kMaxOptionLength - 3);
                    v.uint(item.type, 2);
                    v.byte(static_cast<std::uint8_t>(text.size()));
                    v.raw({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
                  });
}

bool OptionWriter::encoded(std::span<const std::uint8_t> options) {
  if (!room_for(options.size())) return false;
  if (!options.empty()) std::memcpy(buffer_.data() + used_, options.data(), options.size());
  used_ += options.size();
  return true;
}

void OptionWriter::end() {
  if (used_ < buffer_.size()) buffer_[used_++] = kEnd;
}

}  // namespace pxescope::dhcp
