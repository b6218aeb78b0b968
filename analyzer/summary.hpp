// The summary fast path: the few facts of a DHCP packet that `pxescope analyze` prints on
// one line, read through the one read model of a DHCP message (dhcp::MessageView: overload
// and RFC 3396 pieces as the dissector reads them) — no tree, no allocation, no formatting.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "analyzer/frame.hpp"

namespace pxescope {

struct DhcpSummary {
  bool is_dhcp = false;                  // UDP 67/68/4011 with a BOOTP header
  std::uint32_t src_ip = 0, dst_ip = 0;  // host order
  std::uint16_t src_port = 0, dst_port = 0;
  std::uint8_t op = 0;            // 1 request, 2 reply
  std::uint8_t message_type = 0;  // option 53, 0 if absent (BOOTP)
  std::uint32_t xid = 0;
  const std::uint8_t* chaddr = nullptr;  // 6 bytes when hlen == 6
  std::int32_t arch = -1;                // option 93 first item, -1 if absent
  // Views into the frame, or, for an option split in pieces, into this thread's read model:
  // valid until the next summarize_dhcp on this thread.
  std::string_view vendor_class;  // option 60 (NUL-trimmed)
  std::string_view boot_file;     // option 67, else the BOOTP file field (NUL-trimmed)
  bool pxe = false;               // option 60 starts with PXEClient/HTTPClient
  bool malformed = false;         // something did not parse; -V tells what
};

// Fills `out` from a frame; returns out.is_dhcp.
bool summarize_dhcp(const Frame& frame, DhcpSummary& out);

}  // namespace pxescope
