#include "analyzer/dhcp/dhcp_info.hpp"

#include <string>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/link/text_format.hpp"

namespace pxescope {

void set_dhcp_summary(FieldTree& t, NodeId dhcp, bool proxy_port) {
  const NodeId op = t.find("dhcp.type", dhcp);
  const NodeId xid = t.find("dhcp.id", dhcp);
  const NodeId type = t.find("dhcp.option.dhcp", dhcp);
  // Options behind a bad magic cookie are not DHCP's, for tshark as for the DHCP RFCs.
  const NodeId cookie = t.find("dhcp.cookie", dhcp);
  const bool cookie_ok = cookie != kNoNode && t[cookie].warnings.empty();
  Line line;
  if (type != kNoNode && xid != kNoNode && cookie_ok) {
    const std::string_view name =
        dhcp::message_type_name(static_cast<std::uint8_t>(t[type].uint_value));
    t.set_summary("DHCP", line("%s %-8.*s - Transaction ID 0x%llx",
                               proxy_port ? "proxyDHCP" : "DHCP", static_cast<int>(name.size()),
                               name.data(), static_cast<unsigned long long>(t[xid].uint_value)));
    return;
  }
  if (op != kNoNode && t[op].uint_value == 1) {
    const NodeId mac = t.find("dhcp.hw.mac_addr", dhcp);
    const std::string_view from = mac != kNoNode ? t[mac].str_value : std::string_view("?");
    t.set_summary("BOOTP",
                  line("Boot Request from %.*s", static_cast<int>(from.size()), from.data()));
    return;
  }
  t.set_summary("BOOTP",
                op != kNoNode && t[op].uint_value == 2 ? "Boot Reply" : "Truncated BOOTP packet");
}

}  // namespace pxescope
