// One DHCPv6 reply the decisions chose (Advertise or Reply), and its one writer: every
// option is encoded through the analyzer's DHCPv6 option table (its typed entry,
// append_typed_option / begin_option, for the values the decisions chose; encode_value for a
// configured option's text; analyzer/dhcpv6/dhcpv6_option_encode.cpp), and a relayed request gets
// its reply wrapped in one Relay-reply per relay, each keeping its interface-id.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "responder/dhcp6/dhcp6_config.hpp"
#include "responder/dhcp6/dhcp6_request.hpp"

namespace pxescope::responder {

// Who this server is to DHCPv6 clients.
struct Dhcp6Identity {
  std::vector<std::uint8_t> duid;  // option 2 (DUID-LLT persisted, or DUID-LL)
  Ipv6Address address{};           // put in URLs and for dnsmasq's "[::]"
  // "[fd00::2]", the address as a URL writes it: formatted once per address, not per reply.
  const std::string& url_host() const {
    if (host_.empty() || host_of_ != address) {
      host_ = "[" + format_ipv6(address) + "]";
      host_of_ = address;
    }
    return host_;
  }

 private:
  mutable std::string host_;
  mutable Ipv6Address host_of_{};
};

struct Dhcp6Reply {
  std::uint8_t message_type = 0;  // Advertise or Reply
  std::uint32_t xid = 0;
  bool rapid_commit = false;  // Reply to a Solicit with Rapid Commit (14)
  bool has_ia = false;        // IA_NA (3) for the request's IAID
  std::uint32_t iaid = 0, t1 = 0, t2 = 0;
  bool has_address = false;  // IA Address (5) inside it
  Ipv6Address address{};
  std::uint32_t preferred = 0, valid = 0;
  bool has_ia_status = false;  // Status Code (13) inside the IA_NA
  std::uint16_t ia_status = 0;
  bool has_status = false;  // Status Code (13) of the whole message
  std::uint16_t status = 0;
  std::string bootfile_url;                 // option 59; empty: none
  std::vector<const Dhcp6Option*> options;  // configured options to send (60, 23, ...)

  void clear();
};

// Status codes (RFC 8415 §21.13) the decisions use.
enum Dhcp6Status : std::uint16_t {
  kStatusSuccess = 0,
  kStatusNoAddrsAvail = 2,
  kStatusNoBinding = 3,
  kStatusNotOnLink = 4,
};

// The UDP payload for `reply` to `req` (reusing `out`'s capacity).
void write_dhcp6_reply(const Dhcp6Request& req, const Dhcp6Reply& reply,
                       const Dhcp6Identity& server, std::vector<std::uint8_t>& out);

// "[::]" in `text` replaced by the server's "[<address>]" (into `out`, reusing its capacity).
void with_server_address(std::string_view text, const Dhcp6Identity& server, std::string& out);

}  // namespace pxescope::responder
