// `pxescope respond` (start-up and --test): warns when this proxyDHCP serves shim or GRUB,
// which will ask the LAN's DHCP server (its next-server) for GRUB's files instead of us.
#pragma once

#include <string>
#include <vector>

#include "responder/config.hpp"

namespace pxescope::responder {

// One line per shim/GRUB boot file served from our TFTP root in proxy mode (by name, or by the
// file's SBAT section when the name says nothing), with the three ways out. Empty in full-DHCP
// mode, where our offer carries our own next-server.
std::vector<std::string> grub_behind_proxy_warnings(const ResponderConfig& cfg);

}  // namespace pxescope::responder
