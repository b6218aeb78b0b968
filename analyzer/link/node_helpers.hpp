// Node builders the IPv6-family dissectors (IPv6, ICMPv6, DHCPv6) share: a number with its
// line, an IPv6 address with its line.
#pragma once

#include <cstdint>
#include <string_view>

#include "analyzer/field_tree.hpp"
#include "analyzer/link/ipv6_text.hpp"
#include "analyzer/link/text_format.hpp"

namespace pxescope {

inline NodeId add_uint_node(FieldTree& t, NodeId parent, std::string_view name, std::uint32_t off,
                            std::uint32_t len, std::uint64_t v, std::string_view text) {
  const NodeId id = t.add(parent, name, off, len);
  t.set_uint(id, v);
  t.set_text(id, text);
  return id;
}

// The 16-byte address at frame[off] as "Label: 2001:db8::1".
inline NodeId add_ipv6_node(FieldTree& t, Line& line, const std::uint8_t* frame, NodeId parent,
                            std::string_view name, std::uint32_t off, std::string_view label) {
  const Ipv6Text a(frame + off);
  const NodeId id = t.add(parent, name, off, 16);
  t.set_string(id, a.view());
  t.set_text(id, line("%.*s: %s", static_cast<int>(label.size()), label.data(), a.buf));
  return id;
}

}  // namespace pxescope
