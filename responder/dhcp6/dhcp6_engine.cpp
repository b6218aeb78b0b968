#include "responder/dhcp6/dhcp6_engine.hpp"

namespace pxescope::responder {

Dhcp6Engine::Dhcp6Engine(const ResponderConfig& cfg, Dhcp6Identity server)
    : cfg_(cfg), server_(std::move(server)) {
  leases_.set_range(cfg_.dhcp6.range_start, cfg_.dhcp6.range_end);
  payload_.reserve(1500);
}

void Dhcp6Engine::set_config(const ResponderConfig& cfg) {
  const Dhcp6Config kept = cfg_.dhcp6;
  cfg_ = cfg;
  // The range (and so the leases) never changes without a restart, as for IPv4.
  cfg_.dhcp6.range_start = kept.range_start;
  cfg_.dhcp6.range_end = kept.range_end;
  cfg_.dhcp6.full = kept.full;
}

Outcome6 Dhcp6Engine::handle(std::span<const std::uint8_t> payload, std::int64_t now,
                             const MacAddress* link_mac) {
  payload_.clear();
  parse_error_ = parse_dhcp6_request(payload, request_);
  if (parse_error_ != ParseError6::None) return Outcome6::Malformed;
  if (link_mac != nullptr && !request_.relayed()) {  // a relay's MAC is not the client's
    request_.has_link_mac = true;
    request_.link_mac = *link_mac;
  }
  verdict_ =
      decide_dhcp6(request_, cfg_, server_, cfg_.dhcp6.full ? &leases_ : nullptr, now, reply_);
  if (verdict_ != Verdict6::Reply) return Outcome6::Silent;
  write_dhcp6_reply(request_, reply_, server_, payload_);
  return Outcome6::Reply;
}

}  // namespace pxescope::responder
