// `respond --replay` for DHCPv6: the decisions over each DHCPv6 request of a capture, one
// text line per request ("frame 17: Solicit xid 0x5a6b7c arch 7 (efi-x64): Advertise url
// tftp://[2001:db8::1]/ipxe.efi", or "...: ignored: why"). The server is 2001:db8::1
// (documentation prefix) with the DUID-LL of 02:00:00:00:00:01, unless a full range's prefix
// gives the address (<prefix>::1).
#pragma once

#include <cstdio>
#include <string>

#include "responder/config.hpp"
#include "responder/dhcp6/dhcp6_engine.hpp"
#include "responder/replay.hpp"

namespace pxescope::responder {

// The identity replay and --test answer as.
Dhcp6Identity replay_identity6(ResponderConfig& cfg);

// False with `error` set when the file cannot be read. Counts into `stats`.
bool replay_dhcp6_capture(const std::string& path, const ResponderConfig& cfg, std::FILE* out,
                          ReplayStats& stats, std::string& error);

// The words after "frame N: " for one handled request.
std::string replay_line6(const Dhcp6Engine& engine, Outcome6 outcome);

}  // namespace pxescope::responder
