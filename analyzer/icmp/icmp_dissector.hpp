// ICMPv4 (RFC 792) -> the "icmp" node with tshark's fields: icmp.type and icmp.code with
// their names, the checksum with its status, echo identifier and sequence numbers (both
// byte orders, as tshark), and for errors (destination unreachable, time exceeded, ...)
// the quoted datagram as nested "ip" and "udp" nodes. The summary is tshark's Info column,
// except for a port unreachable quoting UDP: it names the refused port and the request it
// answers, "Port unreachable (192.168.1.5:69 ← RRQ pxelinux.0)".
#pragma once

#include <cstdint>

#include "analyzer/field_tree.hpp"
#include "analyzer/icmp/udp_request_log.hpp"

namespace pxescope {

struct IcmpContext {
  std::uint64_t frame = 0;             // this frame's number (for the request lookup)
  std::uint8_t ttl = 0;                // the IPv4 TTL, shown in echo summaries as tshark
  const UdpRequestLog* log = nullptr;  // earlier UDP packets; may be null
};

// Adds the "icmp" top node for the message at `off`; `end` is where the IP payload ends.
NodeId add_icmp(FieldTree& tree, const std::uint8_t* frame, std::size_t end, std::uint32_t off,
                const IcmpContext& context);

}  // namespace pxescope
