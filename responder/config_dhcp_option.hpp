// dnsmasq's dhcp-option= value syntax, encoded through the analyzer's option table:
//   [encap:175,|vendor:PXEClient,]<code>|option:<name>[,<value>[,<value>...]]
// (the tag: fields are taken off before). Kept apart from the line parser because the
// option table, not this file, says what each option's value is.
#pragma once

#include <string>
#include <vector>

#include "responder/config.hpp"

namespace pxescope::responder {

// Fills space, code and wire of `out` from the fields after the tags; false with `error`
// (one line naming the problem and the fix) on an unknown option or a bad value.
bool encode_option_line(const std::vector<std::string>& fields, ConfiguredOption& out,
                        std::string& error);

}  // namespace pxescope::responder
