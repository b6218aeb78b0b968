#include "analyzer/dhcp/dhcp_info.hpp"

#include <cstring>
#include <string>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/link/text_format.hpp"

namespace pxescope {

// Written by hand rather than with snprintf: the every-frame listing's DHCP lines take
// this path per packet (bench/README.md: instructions per packet).
std::size_t format_dhcp_info(char* out, bool proxy_port, std::uint8_t message_type,
                             std::uint32_t xid) {
  char* p = out;
  const auto put = [&p](std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    p += s.size();
  };
  put(proxy_port ? "proxyDHCP " : "DHCP ");
  const std::string_view name = dhcp::message_type_name(message_type).substr(0, 40);
  put(name);
  for (std::size_t w = name.size(); w < 8; ++w) *p++ = ' ';  // tshark's "%-8s"
  put(" - Transaction ID 0x");
  static constexpr char kHex[] = "0123456789abcdef";
  int shift = 28;
  while (shift > 0 && ((xid >> shift) & 0xf) == 0) shift -= 4;  // no leading zeros: "0x0"
  for (; shift >= 0; shift -= 4) *p++ = kHex[(xid >> shift) & 0xf];
  return static_cast<std::size_t>(p - out);
}

void set_dhcp_summary(FieldTree& t, NodeId dhcp, bool proxy_port) {
  const NodeId op = t.find("dhcp.type", dhcp);
  const NodeId xid = t.find("dhcp.id", dhcp);
  const NodeId type = t.find("dhcp.option.dhcp", dhcp);
  // Options behind a bad magic cookie are not DHCP's, for tshark as for the DHCP RFCs.
  const NodeId cookie = t.find("dhcp.cookie", dhcp);
  const bool cookie_ok = cookie != kNoNode && t[cookie].warnings.empty();
  Line line;
  if (!t.info_wanted()) {  // the protocol column only (the Info column is not shown)
    const bool dhcp_type = type != kNoNode && xid != kNoNode && cookie_ok;
    return t.set_summary(dhcp_type ? "DHCP" : "BOOTP", {});
  }
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
