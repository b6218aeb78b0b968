// The DISCOVER `pxescope respond` sends before serving (--dhcp-check): a PXE 2.1 BIOS
// ROM's, which full DHCP and proxyDHCP servers both answer. Encoded through the option
// table's writer into a BOOTP packet padded to 300 bytes; the responder never uses
// libtins (README, "Where libtins fits"), so this is not the probe's libtins builder.
#pragma once

#include <cstdint>
#include <vector>

#include "responder/dhcp_request.hpp"

namespace pxescope::responder {

std::vector<std::uint8_t> build_check_discover(const MacAddress& mac, std::uint32_t xid);

}  // namespace pxescope::responder
