// Node builders the IPv6-family dissectors (IPv6, ICMPv6, DHCPv6) share: an IPv6 address with
// its line (numbers use tree_add.hpp's add_uint, as the IPv4 family does).
#pragma once

#include <cstdint>
#include <string_view>

#include "analyzer/field_tree.hpp"
#include "analyzer/link/ipv6_text.hpp"
#include "analyzer/link/text_format.hpp"
#include "analyzer/link/tree_add.hpp"  // add_uint, shared with the IPv4 family

namespace pxescope {

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
