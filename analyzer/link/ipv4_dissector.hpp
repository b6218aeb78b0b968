// IPv4 header -> the "ip" node with tshark's fields: version, header length, DSCP/ECN,
// total length, identification, flags (rb/df/mf), fragment offset, TTL, protocol, header
// checksum with its status (always verified: tshark's -o ip.check_checksum:TRUE), addresses,
// options. Used for the frame's own header and for the header an ICMP error quotes.
#pragma once

#include <cstdint>
#include <string_view>

#include "analyzer/field_tree.hpp"

namespace pxescope {

// IANA protocol numbers as tshark names them ("UDP", "ICMP", "IPv6-ICMP"); "Unknown" otherwise.
std::string_view ip_protocol_name(std::uint8_t protocol);

// Adds the "ip" node for the header at `off` of the `n` bytes at `frame` (under `parent`,
// kNoNode for a top layer). A quoted header (inside an ICMP error) may be cut short: what is
// there is decoded and the rest noted. Returns the node.
NodeId add_ipv4(FieldTree& tree, NodeId parent, const std::uint8_t* frame, std::size_t n,
                std::uint32_t off, bool quoted = false);

}  // namespace pxescope
