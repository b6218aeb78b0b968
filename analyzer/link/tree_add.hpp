// One-call node makers shared by the header dissectors (link, IPv4, UDP, ARP, ICMP): a
// named field with its value and its tshark -V line.
#pragma once

#include <cstdint>
#include <string_view>

#include "analyzer/field_tree.hpp"
#include "analyzer/link/text_format.hpp"

namespace pxescope {

inline NodeId add_uint(FieldTree& t, NodeId parent, std::string_view name, std::uint32_t off,
                       std::uint32_t len, std::uint64_t v, std::string_view text) {
  const NodeId id = t.add(parent, name, off, len);
  t.set_uint(id, v);
  t.set_text(id, text);
  return id;
}

// The same with a line made only when a view asks (NodeLine: a style and static parts).
inline NodeId add_uint(FieldTree& t, NodeId parent, std::string_view name, std::uint32_t off,
                       std::uint32_t len, std::uint64_t v, const NodeLine& line) {
  const NodeId id = t.add(parent, name, off, len);
  t.set_uint(id, v);
  t.set_line(id, line);
  return id;
}

// "label: value" (made when asked; `label` is a static string).
inline NodeId add_str(FieldTree& t, NodeId parent, std::string_view name, std::uint32_t off,
                      std::uint32_t len, std::string_view v, std::string_view label) {
  const NodeId id = t.add(parent, name, off, len);
  t.set_string(id, v);
  t.set_line(id, NodeLine::labeled(label));
  return id;
}

// A flag bit as tshark shows it: "Don't fragment: Set" / "Not set".
inline NodeId add_flag(FieldTree& t, NodeId parent, std::string_view name, std::uint32_t off,
                       std::uint32_t len, bool set, const char* label) {
  return add_uint(t, parent, name, off, len, set ? 1 : 0, NodeLine::flag(label));
}

// Wireshark's checksum status values (proto_checksum_enum_e), as "*.checksum.status" holds.
enum class ChecksumStatus : std::uint8_t { Bad = 0, Good = 1, Unverified = 2, NotPresent = 3 };

inline const char* checksum_status_name(ChecksumStatus s) {
  switch (s) {
    case ChecksumStatus::Bad:
      return "Bad";
    case ChecksumStatus::Good:
      return "Good";
    case ChecksumStatus::Unverified:
      return "Unverified";
    case ChecksumStatus::NotPresent:
      return "Not present";
  }
  return "Unverified";
}

// "<proto>.checksum" and "<proto>.checksum.status" at `off` (2 bytes): the value as sent,
// and what checking it found. `computed` is the checksum the data should carry. A bad
// checksum is a warning on the checksum field.
inline NodeId add_checksum(FieldTree& t, NodeId parent, std::string_view name,
                           std::string_view status_name, std::uint32_t off, std::uint16_t sent,
                           std::uint16_t computed, ChecksumStatus status,
                           const char* label = "Checksum") {
  Line line;
  const NodeId id =
      status == ChecksumStatus::Bad
          ? add_uint(t, parent, name, off, 2, sent,
                     line("%s: 0x%04x [incorrect, should be 0x%04x]", label, sent, computed))
          : add_uint(
                t, parent, name, off, 2, sent,
                NodeLine::hex(label, 4,
                              status == ChecksumStatus::Good ? " [correct]" : " [unverified]"));
  add_uint(t, parent, status_name, off, 2, static_cast<std::uint8_t>(status),
           NodeLine::status(label, checksum_status_name(status)));
  if (status == ChecksumStatus::Bad)
    t.warn(id, Severity::Note,
           line("bad checksum 0x%04x, should be 0x%04x (normal for frames the capturing host sent "
                "with checksum offload)",
                sent, computed));
  return id;
}

}  // namespace pxescope
