// `pxescope analyze --servers FILE...`: the DHCP servers statistics (analyzer/stats), as
// `tshark -z` prints its tables: one table per file, or with --json one line per file,
// {"file":"PATH","servers":[...]} (keys in README.md).
#pragma once

#include <string>
#include <vector>

namespace pxescope::cli {

int print_dhcp_servers(const std::vector<std::string>& files, bool json);

}  // namespace pxescope::cli
