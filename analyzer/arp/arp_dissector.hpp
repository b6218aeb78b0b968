// ARP (RFC 826) -> the "arp" node with tshark's fields (arp.opcode, arp.src.hw_mac,
// arp.src.proto_ipv4, ...), the gratuitous / announcement / probe (RFC 5227) flags, and
// the frame's summary as tshark's Info column says it: "Who has 192.168.1.5? Tell
// 192.168.1.1", "192.168.1.5 is at 52:54:00:…", "ARP Announcement for …",
// "Who has …? (ARP Probe)", "Gratuitous ARP for … (Request)".
#pragma once

#include <cstdint>

#include "analyzer/field_tree.hpp"

namespace pxescope {

// Adds the "arp" top node for the ARP packet at `off` of the `n` captured bytes.
NodeId add_arp(FieldTree& tree, const std::uint8_t* frame, std::size_t n, std::uint32_t off);

}  // namespace pxescope
