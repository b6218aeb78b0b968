// The live boot stories over IPv6: the DHCPv6 service's requests and replies made into the
// frames a capture on the interface would hold, and the clients' IPv6 addresses learned from
// them, so a PXEv6 client's TFTP over IPv6 joins its story as TFTP over IPv4 does.
#include <arpa/inet.h>

#include <cstdlib>

#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "responder/live/live_clock.hpp"
#include "responder/live/live_service.hpp"
#include "responder/net/udp6_frame.hpp"

namespace pxescope::responder::live {
namespace {

const Ipv6Address kAllDhcpServers = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2};

}  // namespace

void LiveService::learn_ipv6(const Ipv6Address& address, const Client6& client) {
  // Bounded as LiveStories' IPv4 addresses: four per live story, then start over.
  if (client_of_ipv6_.size() >= 4 * options_.limits.max_stories) client_of_ipv6_.clear();
  client_of_ipv6_[address] = client;
}

void LiveService::on_dhcp6(const Dhcp6Engine& engine, Outcome6 outcome, bool sent,
                           std::span<const std::uint8_t> payload, const Dhcp6Datagram& where) {
  if (!stories_ || outcome == Outcome6::Malformed) return;  // junk never makes a story
  const Dhcp6Request& req = engine.request();
  MacAddress mac{};
  if (!req.mac(mac)) return;  // no MAC to key the story by (a DUID-UUID from behind a relay)
  server_ipv6_ = where.server_address;
  const Client6 client{mac, where.server_address};
  if (!req.relayed()) learn_ipv6(where.peer, client);
  const Dhcp6Reply& reply = engine.reply();
  if (sent && reply.has_address) learn_ipv6(reply.address, client);
  // As on the wire: the client's multicast to ff02::1:2 (a relay's unicast to the server),
  // the server's answer to the sender.
  Udp6Endpoints in;
  in.src_mac = mac;
  in.src_ip = where.peer;
  in.src_port = where.peer_port;
  in.dst_ip = req.relayed() ? where.server_address : kAllDhcpServers;
  in.dst_mac = req.relayed() ? where.server_mac : multicast_mac6(kAllDhcpServers);
  in.dst_port = dhcpv6::kServerPort;
  build_udp6_frame(in, payload, request6_frame_);
  const double t = wall_now();
  const Frame request = frame_at(request6_frame_, t);
  Frame answer;
  if (sent) {
    Udp6Endpoints out;
    out.src_mac = where.server_mac;
    out.dst_mac = mac;
    out.src_ip = where.server_source;
    out.dst_ip = where.peer;
    out.src_port = dhcpv6::kServerPort;
    out.dst_port = where.peer_port;
    build_udp6_frame(out, engine.reply_payload(), reply6_frame_);
    answer = frame_at(reply6_frame_, t);
  }
  stories_->add_exchange(mac, request, sent ? &answer : nullptr, {});
}

bool LiveService::tftp_client6(std::string_view endpoint, MacAddress& mac, std::uint16_t& port,
                               std::string& server) const {
  // "[fe80::5054:ff:fe12:3456%eth0]:1501" or "[fd00::1a5]:1501"
  const std::size_t close = endpoint.rfind("]:");
  if (endpoint.empty() || endpoint.front() != '[' || close == std::string_view::npos) return false;
  std::string host(endpoint.substr(1, close - 1));
  host = host.substr(0, host.find('%'));
  Ipv6Address address{};
  if (inet_pton(AF_INET6, host.c_str(), address.data()) != 1) return false;
  const std::string digits(endpoint.substr(close + 2));
  char* end = nullptr;
  const unsigned long p = std::strtoul(digits.c_str(), &end, 10);
  if (digits.empty() || *end != '\0' || p > 0xffff) return false;
  port = static_cast<std::uint16_t>(p);
  if (const auto it = client_of_ipv6_.find(address); it != client_of_ipv6_.end()) {
    mac = it->second.mac;
    server = format_ipv6(it->second.server);
    return true;
  }
  server = format_ipv6(server_ipv6_);
  return mac_from_eui64(address, mac);  // a link-local address made from the MAC
}

}  // namespace pxescope::responder::live
