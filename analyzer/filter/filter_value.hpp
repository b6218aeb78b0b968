// Typed values for the display filter: how a literal typed in a filter is read against the
// registered type of the field it is compared with (MAC in three spellings, IPv4/IPv6 with a
// CIDR prefix, numbers in decimal/hex/octal/binary, booleans, strings, byte strings, times),
// and how a tree node's value is read in the same domain. Parsing happens once, when the
// filter is parsed; reading a node's value never allocates once the thread's scratch is warm.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "analyzer/field_tree.hpp"
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::filter::detail {

// Wide enough for every uint64 and int64 value, and for times in nanoseconds.
using Wide = __int128;

// How a comparison compares, chosen from the field's registered type when the filter is
// parsed (a slice always compares bytes).
enum class Domain : std::uint8_t {
  None,    // a protocol or a label: presence, and its bytes for slices and contains
  Number,  // integers, booleans, frame numbers, times (nanoseconds)
  String,
  Bytes,  // byte strings, MAC addresses, slices
  Ipv4,
  Ipv6,
};
Domain domain_of(fields::FieldType type);
bool is_time(fields::FieldType type);

// A literal, parsed once for its domain.
struct Value {
  Wide number = 0;
  std::string bytes;       // String and Bytes: the bytes; Ipv6: the 16 address bytes
  std::uint32_t ipv4 = 0;  // host order
  int prefix_bits = -1;    // Ipv4/Ipv6 CIDR prefix, -1 for the whole address
  std::string value_name;  // Number: an enum value's name ("Discover") instead of a number
};

// Reads `text` (the token; `quoted` when it was a "string") as a value of `type` in
// `domain`. On failure returns false with `error` naming the problem and the expected form
// (no column: the caller adds it).
bool parse_literal(std::string_view text, bool quoted, fields::FieldType type, Domain domain,
                   std::string_view field_name, Value& out, std::string& error);

// Hex bytes in Wireshark's spellings: 52:54:00, 52-54-00, 5254.0012, 525400, 5 (one byte).
// Appends to `out`; false when `text` is not such a byte string.
bool parse_hex_bytes(std::string_view text, std::string& out);

// A node's value in a domain; false when the node has no value of that kind.
bool node_number(const FieldNode& node, Wide& out);
bool node_ipv4(const FieldNode& node, std::uint32_t& out);
bool node_ipv6(const FieldNode& node, std::uint8_t (&out)[16]);
// A node's bytes: its colon-hex string decoded when `hex` (Bytes and Ether fields), else the
// string's own characters. `scratch` is reused; the result points into it or into the node.
std::string_view node_bytes(const FieldNode& node, bool hex, std::string& scratch);

// "DHCP: Discover (1)" -> "Discover": the name an enum field's text gives its value.
std::string_view value_name_in_text(std::string_view text);

}  // namespace pxescope::filter::detail
