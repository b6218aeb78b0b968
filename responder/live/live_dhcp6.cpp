// The live boot stories over IPv6: the DHCPv6 service's requests and replies handed to the
// client's story as datagrams with the endpoints a capture on the interface would show (the
// story reads them typed; frames are built only for a failure capture), and the clients' IPv6
// addresses learned from them, so a PXEv6 client's TFTP over IPv6 joins its story as TFTP
// over IPv4 does.
#include <arpa/inet.h>

#include <cstdlib>
#include <cstring>

#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "responder/live/live_clock.hpp"
#include "responder/live/live_service.hpp"

namespace pxescope::responder::live {
namespace {

const Ipv6Address kAllDhcpServers = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2};

std::uint64_t ipv6_hash(const Ipv6Address& a) {
  std::uint64_t high = 0, low = 0;
  std::memcpy(&high, a.data(), 8);
  std::memcpy(&low, a.data() + 8, 8);
  return high * 0x9e3779b97f4a7c15ull ^ low;
}

}  // namespace

const LiveService::Client6* LiveService::client_of_ipv6(const Ipv6Address& address) const {
  const std::uint32_t slot = ipv6_client_index_.find(
      ipv6_hash(address), [&](std::uint32_t s) { return ipv6_clients_[s].first == address; });
  return slot == SlotIndex::kNone ? nullptr : &ipv6_clients_[slot].second;
}

void LiveService::learn_ipv6(const Ipv6Address& address, const Client6& client) {
  const std::uint64_t hash = ipv6_hash(address);
  const std::uint32_t slot = ipv6_client_index_.find(
      hash, [&](std::uint32_t s) { return ipv6_clients_[s].first == address; });
  if (slot != SlotIndex::kNone) {
    ipv6_clients_[slot].second = client;
    return;
  }
  // Bounded as LiveStories' IPv4 addresses: four per live story, then start over.
  if (ipv6_clients_.size() >= 4 * options_.limits.max_stories) {
    ipv6_clients_.clear();
    ipv6_client_index_.clear();
  }
  ipv6_clients_.emplace_back(address, client);
  ipv6_client_index_.insert(hash, static_cast<std::uint32_t>(ipv6_clients_.size() - 1));
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
  Udp6Endpoints out;
  out.src_mac = where.server_mac;
  out.dst_mac = mac;
  out.src_ip = where.server_source;
  out.dst_ip = where.peer;
  out.src_port = dhcpv6::kServerPort;
  out.dst_port = where.peer_port;
  stories_->add_dhcpv6_exchange(mac, wall_now(), in, payload, sent ? &out : nullptr,
                                engine.reply_payload());
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
  if (const Client6* known = client_of_ipv6(address)) {
    mac = known->mac;
    server = format_ipv6(known->server);
    return true;
  }
  server = format_ipv6(server_ipv6_);
  return mac_from_eui64(address, mac);  // a link-local address made from the MAC
}

}  // namespace pxescope::responder::live
