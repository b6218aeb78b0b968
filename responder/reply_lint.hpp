// The offer linter on what the live responder sends: the same checks `analyze` and
// `respond --replay` put on reply trees, reduced to the codes one log line can carry.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace pxescope::responder {

// Lint codes ("uuid-not-echoed,file-arch-mismatch") of a reply frame against the request
// frame it answers (both Ethernet); empty when the linter finds nothing. Parses both again,
// so it runs on the logging path only (never with --quiet-dhcp).
std::string reply_lint_codes(std::span<const std::uint8_t> request_frame,
                             std::span<const std::uint8_t> reply_frame, bool from_port_4011);

}  // namespace pxescope::responder
