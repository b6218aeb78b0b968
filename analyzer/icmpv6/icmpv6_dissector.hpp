// ICMPv6 (RFC 4443, RFC 4861): errors with the quoted packet (destination unreachable,
// packet too big, time exceeded, parameter problem), echo, and neighbor discovery (RS/RA
// with the M/O flags, NS/NA, redirect) with their options (link-layer addresses, prefix
// information, MTU) -> an "icmpv6" node with tshark's names (icmpv6.type,
// icmpv6.nd.ra.flag.m, icmpv6.opt.prefix, ...), and the frame's Info column
// ("Router Advertisement from 52:54:00:00:00:02", "Neighbor Solicitation for 2001:db8::1").
#pragma once

#include <cstdint>
#include <span>

#include "analyzer/field_tree.hpp"
#include "analyzer/link/ipv6_dissector.hpp"

namespace pxescope {

// Decodes the ICMPv6 message of `ip` (its upper_offset..end in `frame`) as a top-level
// "icmpv6" node and returns it. Never throws: problems become warnings.
NodeId dissect_icmpv6(std::span<const std::uint8_t> frame, const Ipv6Layers& ip, FieldTree& tree);

}  // namespace pxescope
