// The field registry: every field name a dissector can put in a tree is registered here once,
// with its type, its description and the protocol it belongs to — the role Wireshark's
// hf_register_info plays. The tree, the JSON, the GUI's tooltips, the display filter and
// `pxescope fields` all read this one table; a name that is not registered is an error
// ("dhcp.option.foo is not a known field").
//
// Each protocol owns one table (a ProtocolFields), defined next to its dissector in a file
// named <proto>_fields.cpp, and listed once in field_index.cpp. DHCP option fields come from
// the option table (analyzer/dhcp/option_table.hpp): that table is their registration.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace pxescope::fields {

// What kind of value a field holds: how the filter parses a value typed against it, and how
// `pxescope fields` shows it (the names follow `tshark -G fields`).
enum class FieldType : std::uint8_t {
  Protocol,  // a layer ("udp"): present or not, no value
  Label,     // a tree line with no value of its own (FT_NONE)
  UInt,      // unsigned integer (any width)
  Int,       // signed integer
  Bool,
  String,   // text
  Bytes,    // byte string, printed as colon hex
  Ether,    // MAC address, 6 bytes
  Ipv4,     // IPv4 address (CIDR in filters: ip.addr == 10.0.0.0/8)
  Ipv6,     // IPv6 address
  Time,     // absolute time
  RelTime,  // relative time in seconds (frame.time_relative)
  Float,
  FrameNum,  // a frame number that refers to another frame
};
std::string_view field_type_name(FieldType t);  // "FT_UINT32"-style, as tshark -G fields

struct FieldInfo {
  std::string_view name;         // stable dotted name, e.g. "udp.srcport"
  std::string_view description;  // human label, e.g. "Source Port"
  FieldType type = FieldType::Label;
};

// One protocol's registration: its own row (name == protocol, type Protocol) is implied.
struct ProtocolFields {
  std::string_view protocol;     // "udp"
  std::string_view description;  // "User Datagram Protocol"
  std::span<const FieldInfo> fields;
  // Rows derived from another table (DHCP: the option table), so that they are written
  // once; called once when the registry is built. Null when the protocol has none.
  std::span<const FieldInfo> (*generated)() = nullptr;
};

struct RegisteredField {
  FieldInfo info;
  std::string_view protocol;  // the protocol the field is registered under
};

// The whole registry, sorted by name; built once (thread-safe) on first use.
std::span<const RegisteredField> all_fields();
// The registered field, or nullptr when the name is not registered.
const RegisteredField* find_field(std::string_view name);
inline bool is_registered(std::string_view name) {
  return find_field(name) != nullptr;
}
// The protocol tables, in the order field_index.cpp lists them.
std::span<const ProtocolFields* const> protocols();

}  // namespace pxescope::fields
