// The ONE way pxescope puts a DHCPv4 option on the wire: typed values checked against the
// option table's row for (space, code) and written into a caller's fixed buffer. Replies,
// dhcp-option= lines (encoded once at config load) and made-up packets all go through it,
// so what is sent and what the dissector reads are the same definitions. It never
// allocates and never writes past its buffer: an option that does not fit is left out
// whole and overflowed() says so; one the table does not allow (no row, wrong type, value
// out of range) is a programming error, left out and reported by the call's false.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "analyzer/dhcp/option_table.hpp"

namespace pxescope::dhcp {

// One value of a Record row's field: a number for fixed-size fields, bytes (or text) for
// String/Bytes fields, which take the rest of the option.
struct FieldValue {
  FieldValue(std::uint32_t n) : number(n) {}  // NOLINT: fields read as a list of values
  FieldValue(std::string_view text)           // NOLINT
      : bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()) {}
  FieldValue(std::span<const std::uint8_t> b) : bytes(b) {}  // NOLINT
  std::uint32_t number = 0;
  std::span<const std::uint8_t> bytes;
};

// PXE sub-option 8 (boot servers): one server address per boot server type.
struct PxeBootServer {
  std::uint16_t type = 0;
  std::uint32_t ip = 0;  // host order
};
// PXE sub-option 9 (boot menu): one line per boot server type; text over 252 bytes is cut
// (the item then fills a sub-option).
struct PxeMenuItem {
  std::uint16_t type = 0;
  std::string_view text;
};

class OptionWriter {
 public:
  // Writes after the first `used` bytes of `buffer`.
  explicit OptionWriter(std::span<std::uint8_t> buffer, std::size_t used = 0);

  // A fixed-size value (u8/u16/u32/i8/i32/bool/seconds) or an IPv4 address (host order),
  // sized by the row's type; for a list row, a list of one.
  bool number(OptionSpace space, std::uint8_t code, std::uint32_t value);
  // A String row's text.
  bool text(OptionSpace space, std::uint8_t code, std::string_view value);
  // A Bytes row's value (also: sub-options of an encapsulating row, an echoed option).
  bool bytes(OptionSpace space, std::uint8_t code, std::span<const std::uint8_t> value);
  // A Record row: one value per field of the row's layout, in order.
  bool record(OptionSpace space, std::uint8_t code, std::initializer_list<FieldValue> fields);
  // The rows whose layout a type cannot say (their decode hooks read the same layout).
  // A sub-option holds at most 255 bytes: items past that are left out, and false says so.
  bool pxe_boot_servers(std::span<const PxeBootServer> servers);
  bool pxe_boot_menu(std::span<const PxeMenuItem> items);
  // A value encode_value() made from text for this row (a dhcp-option= line): its size
  // is checked against the row's fixed-size type.
  bool value(OptionSpace space, std::uint8_t code, std::span<const std::uint8_t> encoded);
  // Options this writer encoded earlier (a dhcp-option= line's bytes), copied whole.
  bool encoded(std::span<const std::uint8_t> options);
  // The End option (255) of the space written to: it always has room (reserved).
  void end();

  std::size_t size() const { return used_; }
  bool empty() const { return used_ == start_; }  // nothing written by this writer
  std::span<const std::uint8_t> written() const { return buffer_.subspan(start_, used_ - start_); }
  bool overflowed() const { return overflowed_; }

 private:
  // The row for a value of `type`-compatible kind, or nullptr.
  const OptionDef* row(OptionSpace space, std::uint8_t code) const;
  // Code + length + value, split into several options when longer than 255 (RFC 3396).
  bool put(std::uint8_t code, std::span<const std::uint8_t> value);
  bool room_for(std::size_t n);
  bool overflow();
  template <typename Item, typename Put>
  bool pxe_list(std::uint8_t code, DecodeHook hook, std::span<const Item> items,
                Put&& put_item);  // a value too long for any buffer: false, overflowed()

  std::span<std::uint8_t> buffer_;
  std::size_t start_, used_;
  bool overflowed_ = false;
};

// Code, length and value at the start of `out` (which holds option_wire_size() bytes),
// split into several options when longer than 255 (RFC 3396); returns the bytes written.
std::size_t frame_option(std::span<std::uint8_t> out, std::uint8_t code,
                         std::span<const std::uint8_t> value);
// Bytes an option of `value_size` takes on the wire with its code and length(s).
std::size_t option_wire_size(std::size_t value_size);

}  // namespace pxescope::dhcp
