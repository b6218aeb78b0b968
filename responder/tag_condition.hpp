// A tag condition as dnsmasq writes it: "tag:ipxe" (must be set) or "tag:!ipxe" (must not).
// Its own header so the DHCPv4 and DHCPv6 config parts share it.
#pragma once

#include <cstdint>

namespace pxescope::responder {

struct TagCondition {
  std::uint8_t tag = 0;  // index into ResponderConfig::tag_names
  bool negated = false;
};

}  // namespace pxescope::responder
