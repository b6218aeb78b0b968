#include "responder/other_server.hpp"

#include <algorithm>

#include "analyzer/link/udp_locator.hpp"
#include "analyzer/story/dhcp_message.hpp"

namespace pxescope::responder {

std::optional<OtherServerReply> other_server_reply(std::span<const std::uint8_t> frame,
                                                   const MacAddress& our_mac,
                                                   std::uint32_t our_ip) {
  UdpLocation loc;
  constexpr std::uint32_t kDltEthernet = 1;
  if (!locate_udp(frame, kDltEthernet, loc) || (loc.src_port != 67 && loc.src_port != 4011))
    return std::nullopt;
  const auto payload = frame.subspan(loc.payload_offset, loc.payload_length);
  // Cheap tests first: this runs for every non-request frame the raw socket lets in.
  if (payload.empty() || payload[0] != 2) return std::nullopt;
  if (std::equal(our_mac.begin(), our_mac.end(), frame.begin() + 6)) return std::nullopt;
  DhcpMessage m;
  if (!m.parse(payload) || m.op != 2 || !m.has_cookie) return std::nullopt;
  OtherServerReply r;
  r.server = m.server_id() ? m.server_id() : loc.src_ip;
  if (r.server == our_ip && our_ip != 0) return std::nullopt;
  std::copy_n(frame.begin() + 6, 6, r.server_mac.begin());
  r.client = m.mac;
  r.xid = m.xid;
  r.yiaddr = m.yiaddr;
  r.pxe = m.pxe_client();
  return r;
}

}  // namespace pxescope::responder
