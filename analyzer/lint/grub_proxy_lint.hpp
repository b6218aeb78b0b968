// The proxyDHCP + GRUB trap (issue 11 §2): a proxy names shim or GRUB as the boot file, but GRUB
// takes its TFTP server from the DHCP server's reply (its next-server, siaddr), not from the
// proxy. When the LAN's DHCP server sets another next-server (or none), GRUB asks that host for
// its modules and grub.cfg and gets nothing. Checked on one client's latest pair (the DHCP
// server's address reply; the proxy's offer or port-4011 ACK), whichever arrives second.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/lint/offer_lint.hpp"

namespace pxescope {

// What the check needs of one DHCP/proxyDHCP reply.
struct ExchangeReply {
  std::uint32_t server_ip = 0;  // option 54, else the IP source
  std::uint32_t yiaddr = 0, siaddr = 0;
  std::string boot_file;
};

// One client's replies, in capture order.
class GrubProxyWatch {
 public:
  // The finding when `reply` completes a trap pair (a proxy reply naming shim/GRUB and an
  // address reply with another next-server, in either order); nullopt otherwise.
  std::optional<LintFinding> add(const ExchangeReply& reply);

 private:
  std::optional<ExchangeReply> proxy_, address_;
};

// The three ways out, for the linter's finding and `respond --test`.
std::string grub_proxy_ways_out(std::string_view proxy_tftp_server);

}  // namespace pxescope
