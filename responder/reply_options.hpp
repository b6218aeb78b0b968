// The dhcp-option lines that go into one reply: chosen by tags as dnsmasq chooses them (a
// tagged line beats an untagged one, a later line an earlier one) and copied from the
// bytes the option writer encoded at config time, so the reply path neither parses nor allocates.
#pragma once

#include <cstdint>
#include <vector>

#include "analyzer/dhcp/option_writer.hpp"
#include "responder/config.hpp"
#include "responder/reply.hpp"

namespace pxescope::responder {

// Appends the configured options of `space` for this reply (only codes `wanted` says yes
// to, when given). DHCP space: only options the
// client asked for in 55 (or all when it sent no 55), and dhcp-option-force ones always.
void append_configured_options(const Reply& r, const ResponderConfig& cfg, dhcp::OptionSpace space,
                               dhcp::OptionWriter& out,
                               bool (*wanted)(std::uint8_t code) = nullptr);

}  // namespace pxescope::responder
