#include "responder/engine.hpp"

#include <cstring>

#include "responder/net/frame_builder.hpp"

namespace pxescope::responder {
namespace {

std::uint16_t be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

}  // namespace

Engine::Engine(const ResponderConfig& cfg, const ServerIdentity& server)
    : cfg_(cfg), server_(server) {
  if (cfg.full_dhcp) leases_ = LeaseTable(cfg.range_start, cfg.range_end);
  payload_.reserve(1500);
  frame_.reserve(1600);
}

bool Engine::address_checked(std::int64_t now) {
  const bool new_address = probes_ && cfg_.full_dhcp && reply_.message_type == dhcp::kMsgOffer &&
                           reply_.yiaddr != 0 &&
                           leases_.bound_address(request_.chaddr, now) != reply_.yiaddr;
  if (!new_address) return true;  // proxy, ACK/NAK, or the client's own lease
  switch (probes_->status(reply_.yiaddr, request_.chaddr)) {
    case AddressProbes::Status::Clear:
      return true;
    case AddressProbes::Status::Pending:
      return false;
    case AddressProbes::Status::Unknown:
      check_wanted_ = reply_.yiaddr;
      return false;
  }
  return false;
}

FrameOutcome Engine::handle_frame(std::span<const std::uint8_t> f, std::int64_t now,
                                  const LinkMeta& link) {
  leases_changed_ = false;
  check_wanted_ = 0;
  parse_error_ = ParseError::None;
  frame_.clear();
  if (f.size() < 14 || !link_accepts(link)) return FrameOutcome::NotDhcpRequest;
  std::size_t off = 12;
  std::uint16_t ethertype = be16(&f[off]);
  while ((ethertype == 0x8100 || ethertype == 0x88a8) && f.size() >= off + 6) {
    // We would answer untagged, on the wrong network: only a priority tag (id 0) passes.
    if (!answer_tagged_ && vlan_id_set(be16(&f[off + 2]))) return FrameOutcome::NotDhcpRequest;
    off += 4;
    ethertype = be16(&f[off]);
  }
  if (ethertype != 0x0800) return FrameOutcome::NotDhcpRequest;
  off += 2;
  if (f.size() < off + 20) return FrameOutcome::NotDhcpRequest;
  const std::uint8_t* ip = &f[off];
  const std::size_t ihl = std::size_t{ip[0] & 0x0fu} * 4;
  if ((ip[0] >> 4) != 4 || ihl < 20 || f.size() < off + ihl + 8 || ip[9] != 17)
    return FrameOutcome::NotDhcpRequest;
  if ((be16(ip + 6) & 0x3fff) != 0) return FrameOutcome::NotDhcpRequest;  // fragments
  const std::uint32_t src_ip = be32(ip + 12);
  const std::uint32_t dst_ip = be32(ip + 16);
  const std::uint8_t* udp = ip + ihl;
  const std::uint16_t src_port = be16(udp);
  const std::uint16_t dst_port = be16(udp + 2);
  if (dst_port != 67 && dst_port != 4011) return FrameOutcome::NotDhcpRequest;
  if (check_destination_) {
    const std::uint32_t mask = server_.netmask ? server_.netmask : 0xffffff00u;
    const bool to_us =
        dst_ip == server_.ip || dst_ip == 0xffffffffu || dst_ip == ((server_.ip & mask) | ~mask);
    if (!to_us) return FrameOutcome::NotDhcpRequest;
  }
  // This frame's sender, before any verdict: a malformed frame is logged under its own name.
  ingress_.dst_port = dst_port;
  ingress_.src_ip = src_ip;
  ingress_.src_port = src_port;
  std::memcpy(ingress_.src_mac.data(), &f[6], 6);
  if (link.wire_length > f.size()) {  // the receive slot cut it: longer than 2048 bytes
    parse_error_ = ParseError::TooLong;
    return FrameOutcome::Malformed;
  }
  parse_error_ = check_ipv4_udp(f.subspan(off), !link.udp_checksum_done_elsewhere);
  if (parse_error_ != ParseError::None) return FrameOutcome::Malformed;
  // The UDP length bounds the payload (Ethernet padding is not DHCP data).
  const std::size_t udp_len = be16(udp + 4);
  const std::span<const std::uint8_t> payload(udp + 8, udp_len - 8);

  parse_error_ = parse_dhcp_request(payload, request_);
  if (parse_error_ == ParseError::NotRequest) return FrameOutcome::NotDhcpRequest;
  if (parse_error_ == ParseError::None && !relay_address_valid(request_))
    parse_error_ = ParseError::BadRelayAddress;
  if (parse_error_ != ParseError::None) return FrameOutcome::Malformed;
  // Plain BOOTP requests (no option 53) are not PXE; treat them as silent, not malformed.
  if (request_.message_type == 0) {
    verdict_ = Verdict::Unsupported;
    return FrameOutcome::Silent;
  }

  verdict_ = cfg_.full_dhcp ? decide_full(request_, ingress_, cfg_, server_, leases_, now, reply_,
                                          leases_changed_)
                            : decide_proxy(request_, ingress_, cfg_, server_, reply_);
  if (verdict_ == Verdict::Reply && !address_checked(now)) verdict_ = Verdict::Probing;
  if (verdict_ != Verdict::Reply) return FrameOutcome::Silent;

  if (!cfg_.options.empty()) {  // what the dhcp-option lines choose by
    reply_.tags = request_tags(request_, cfg_);
    reply_.request_list = request_.request_list;
    reply_.ipxe_client = request_.is_ipxe();
  }
  encode_reply(reply_, cfg_, server_, payload_);
  UdpEndpoints ep;
  ep.src_mac = server_.mac;
  ep.dst_mac = reply_.to.mac;
  ep.src_ip = server_.ip;
  ep.dst_ip = reply_.to.ip;
  ep.src_port = dst_port;  // answer from the port asked (67 or 4011)
  ep.dst_port = reply_.to.port;
  build_udp_frame(ep, payload_, ip_id_++, frame_);
  return FrameOutcome::Reply;
}

}  // namespace pxescope::responder
