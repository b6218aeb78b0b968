// One DHCPv6 request payload in, at most one reply payload out: the request view, the pure
// decisions and the one writer, with full mode's lease table. Shared by the live service
// (dhcp6_service.hpp), `respond --replay` and `respond --test`. Buffers are reused.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "analyzer/dhcpv6/dhcpv6_duid.hpp"
#include "responder/config.hpp"
#include "responder/dhcp6/dhcp6_decision.hpp"
#include "responder/dhcp6/dhcp6_leases.hpp"
#include "responder/dhcp6/dhcp6_reply.hpp"
#include "responder/dhcp6/dhcp6_request.hpp"

namespace pxescope::responder {

enum class Outcome6 : std::uint8_t {
  Malformed,  // refused by the view (parse_error() says why): never answered
  Silent,     // a valid request not answered (verdict() says why)
  Reply,      // reply_payload() holds the reply
};

class Dhcp6Engine {
 public:
  Dhcp6Engine(const ResponderConfig& cfg, Dhcp6Identity server);

  // `link_mac`: the sender's MAC when the caller knows it (see Dhcp6Request::link_mac).
  Outcome6 handle(std::span<const std::uint8_t> payload, std::int64_t now,
                  const MacAddress* link_mac = nullptr);

  void set_config(const ResponderConfig& cfg);  // SIGHUP: new rules, same range and leases
  void set_server_address(const Ipv6Address& a) { server_.address = a; }

  const Dhcp6Request& request() const { return request_; }
  ParseError6 parse_error() const { return parse_error_; }
  Verdict6 verdict() const { return verdict_; }
  const Dhcp6Reply& reply() const { return reply_; }
  std::span<const std::uint8_t> reply_payload() const { return payload_; }
  const Dhcp6Identity& server() const { return server_; }
  const ResponderConfig& config() const { return cfg_; }
  bool full_mode() const { return cfg_.dhcp6.full; }
  Lease6Table& leases() { return leases_; }

 private:
  ResponderConfig cfg_;  // a copy: replies point into its options
  Dhcp6Identity server_;
  Lease6Table leases_;
  Dhcp6Request request_;
  ParseError6 parse_error_ = ParseError6::None;
  Verdict6 verdict_ = Verdict6::NotForUs;
  Dhcp6Reply reply_;
  std::vector<std::uint8_t> payload_;
};

// DUID-LL and DUID-LLT of a MAC, built from the DUID table.
using dhcpv6::duid_ll;
using dhcpv6::duid_llt;

}  // namespace pxescope::responder
