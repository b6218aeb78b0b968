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

FrameOutcome Engine::handle_frame(std::span<const std::uint8_t> f, std::int64_t now) {
  leases_changed_ = false;
  parse_error_ = ParseError::None;
  frame_.clear();
  if (f.size() < 14) return FrameOutcome::NotDhcpRequest;
  std::size_t off = 12;
  std::uint16_t ethertype = be16(&f[off]);
  while ((ethertype == 0x8100 || ethertype == 0x88a8) && f.size() >= off + 6) {
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
  const std::uint16_t ip_total = be16(ip + 2);
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
  // The UDP length bounds the payload (Ethernet padding is not DHCP data).
  std::size_t udp_len = be16(udp + 4);
  const std::size_t available = f.size() - (off + ihl);
  if (udp_len < 8 || udp_len > available || udp_len + ihl > ip_total) {
    parse_error_ = ParseError::TooShort;
    return FrameOutcome::Malformed;
  }
  const std::span<const std::uint8_t> payload(udp + 8, udp_len - 8);

  ingress_.dst_port = dst_port;
  ingress_.src_ip = src_ip;
  ingress_.src_port = src_port;
  std::memcpy(ingress_.src_mac.data(), &f[6], 6);

  parse_error_ = parse_dhcp_request(payload, request_);
  if (parse_error_ == ParseError::NotRequest) return FrameOutcome::NotDhcpRequest;
  if (parse_error_ != ParseError::None) return FrameOutcome::Malformed;
  // Plain BOOTP requests (no option 53) are not PXE; treat them as silent, not malformed.
  if (request_.message_type == 0) {
    verdict_ = Verdict::Unsupported;
    return FrameOutcome::Silent;
  }

  verdict_ = cfg_.full_dhcp ? decide_full(request_, ingress_, cfg_, server_, leases_, now, reply_,
                                          leases_changed_)
                            : decide_proxy(request_, ingress_, cfg_, server_, reply_);
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
