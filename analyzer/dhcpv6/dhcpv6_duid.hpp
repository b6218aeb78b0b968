// The ONE table of DHCPv6 DUID types (RFC 8415 §11): per type its code, tshark's name and the
// fields after the 2-byte type (fixed numbers, then the rest as bytes). The dissector decodes
// and names with these rows, the field registry registers their fields, and the story and the
// responder find a client's MAC with them (the link-layer address of an Ethernet DUID-LLT or
// DUID-LL), so no one decodes a DUID by hand. The responder's own server DUIDs are built here.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "analyzer/dhcp/option_table.hpp"

namespace pxescope::dhcpv6 {

enum class DuidPart : std::uint8_t { None, HardwareType, Time, Enterprise, LinkAddress, Opaque };

struct DuidField {
  DuidPart part = DuidPart::None;  // None: no more fields in the row
  std::string_view field;          // display-filter field ("dhcpv6.duidllt.hwtype")
  std::string_view label;          // tree label; a number shows as "label: value"
  std::string_view description;    // the field registry's text, when it says more than label
  std::uint8_t size = 0;           // 2 or 4: a big-endian number; 16: bytes; 0: the rest, bytes

  constexpr bool is_number() const { return size == 2 || size == 4; }
};

struct DuidLayout {
  std::uint16_t type;
  std::string_view name;  // "link-layer address plus time"
  std::array<DuidField, 3> fields;

  // The smallest size a DUID of this type can have, its 2-byte type included.
  std::size_t min_size() const;
  // True when no field takes "the rest": the size is exactly min_size() (UUID).
  bool fixed_size() const;
};

// All rows, by type: 1 LLT, 2 EN, 3 LL, 4 UUID.
std::span<const DuidLayout> duid_layouts();
// The row of `type`, or nullptr for a type the table does not know.
const DuidLayout* find_duid_layout(std::uint16_t type);
// {type, name} of every row, for dhcp::value_name().
std::span<const dhcp::ValueName> duid_type_names();

// The MAC in a DUID-LLT or DUID-LL whose hardware type is Ethernet (1) and whose address is
// 6 bytes; nullopt otherwise (EN, UUID, another link type, a wrong size).
std::optional<std::array<std::uint8_t, 6>> duid_ethernet_mac(std::span<const std::uint8_t> duid);

// DUID-LL (type 3) and DUID-LLT (type 1, seconds since 2000-01-01 UTC) of an Ethernet MAC.
std::vector<std::uint8_t> duid_ll(const std::array<std::uint8_t, 6>& mac);
std::vector<std::uint8_t> duid_llt(const std::array<std::uint8_t, 6>& mac, std::int64_t unix_now);

}  // namespace pxescope::dhcpv6
