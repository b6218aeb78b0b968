#include "analyzer/dhcp/dhcp_info.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/link/text_format.hpp"

namespace pxescope {

std::size_t format_dhcp_info(char* out, bool proxy_port, std::uint8_t message_type,
                             std::uint32_t xid) {
  const std::string_view name = dhcp::message_type_name(message_type);
  const int n = std::snprintf(out, kDhcpInfoRoom, "%s %-8.*s - Transaction ID 0x%x",
                              proxy_port ? "proxyDHCP" : "DHCP", static_cast<int>(name.size()),
                              name.data(), xid);
  return n < 0 ? 0 : std::min<std::size_t>(static_cast<std::size_t>(n), kDhcpInfoRoom - 1);
}

void set_dhcp_summary(FieldTree& t, NodeId dhcp, bool proxy_port) {
  const NodeId op = t.find("dhcp.type", dhcp);
  const NodeId xid = t.find("dhcp.id", dhcp);
  const NodeId type = t.find("dhcp.option.dhcp", dhcp);
  // Options behind a bad magic cookie are not DHCP's, for tshark as for the DHCP RFCs.
  const NodeId cookie = t.find("dhcp.cookie", dhcp);
  const bool cookie_ok = cookie != kNoNode && t[cookie].warnings.empty();
  Line line;
  if (type != kNoNode && xid != kNoNode && cookie_ok) {
    char info[kDhcpInfoRoom];
    const std::size_t n =
        format_dhcp_info(info, proxy_port, static_cast<std::uint8_t>(t[type].uint_value),
                         static_cast<std::uint32_t>(t[xid].uint_value));
    t.set_summary("DHCP", {info, n});
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
