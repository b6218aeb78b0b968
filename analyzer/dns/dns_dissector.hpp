// DNS message (RFC 1035) -> the "dns" node with tshark's fields: id, flags (each bit,
// opcode, rcode), section counts, queries (dns.qry.name/type/class), answers, authority and
// additional records (dns.resp.name/type/class/ttl/len and the data: dns.a, dns.aaaa,
// dns.cname, dns.ns, dns.ptr.domain_name). Names follow compression pointers, each only
// backwards, so a loop cannot form; a bad name is a warning on its record, never a crash.
// Sets the "DNS" summary as tshark: "Standard query 0x1234 A boot.lab" /
// "Standard query response 0x1234 A boot.lab A 10.0.0.1".
#pragma once

#include <cstdint>
#include <span>

#include "analyzer/field_tree.hpp"

namespace pxescope {

// Decodes the DNS message in `payload` (which starts `base` bytes into the frame).
NodeId dissect_dns(std::span<const std::uint8_t> payload, std::uint32_t base, FieldTree& tree);

}  // namespace pxescope
