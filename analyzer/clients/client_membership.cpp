#include "analyzer/clients/client_membership.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>

#include "analyzer/dhcpv6/dhcpv6_duid.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "analyzer/filter/filter_value.hpp"
#include "analyzer/story/dhcpv6_message.hpp"

namespace pxescope {
namespace {

using filter::detail::node_bytes;
using filter::detail::node_ipv4;
using filter::detail::node_ipv6;
using Mac = ClientMembership::Mac;

// What a node of the tree says about the frame's clients, by its name.
enum class Carries : std::uint8_t { Mac, Ipv4, Ipv6 };
struct CarrierField {
  std::string_view name;
  Carries carries;
};
// ip.* and ipv6.* occur twice in an ICMP error: the quoted header names the request's
// addresses, so the error belongs to the client that sent it.
constexpr CarrierField kCarriers[] = {
    {"eth.src", Carries::Mac},
    {"eth.dst", Carries::Mac},
    {"dhcp.hw.mac_addr", Carries::Mac},
    {"arp.src.hw_mac", Carries::Mac},
    {"arp.dst.hw_mac", Carries::Mac},
    {"dhcpv6.duidll.link_layer_addr", Carries::Mac},
    {"dhcpv6.duidllt.link_layer_addr", Carries::Mac},
    {"ip.src", Carries::Ipv4},
    {"ip.dst", Carries::Ipv4},
    {"arp.src.proto_ipv4", Carries::Ipv4},
    {"arp.dst.proto_ipv4", Carries::Ipv4},
    {"ipv6.src", Carries::Ipv6},
    {"ipv6.dst", Carries::Ipv6},
};

const CarrierField* carrier(std::string_view name) {
  for (const CarrierField& c : kCarriers)
    if (c.name == name) return &c;
  return nullptr;
}

// A unicast, non-zero MAC from a node's colon-hex text.
bool node_mac(const FieldNode& n, Mac& out) {
  thread_local std::string scratch;
  const std::string_view bytes = node_bytes(n, true, scratch);
  if (bytes.size() != out.size()) return false;
  std::memcpy(out.data(), bytes.data(), out.size());
  const bool multicast = out[0] & 1;  // broadcast included
  const bool zero = std::all_of(out.begin(), out.end(), [](std::uint8_t b) { return b == 0; });
  return !multicast && !zero;
}

void add_unique(std::vector<Mac>& out, const Mac& mac) {
  if (std::find(out.begin(), out.end(), mac) == out.end()) out.push_back(mac);
}

// Depth-first over the whole tree (ICMP quotes nest their headers).
template <typename F>
void each_node(const FieldTree& tree, F&& f) {
  for (std::size_t i = 0; i < tree.size(); ++i) f(tree[static_cast<NodeId>(i)]);
}

std::uint64_t node_uint(const FieldTree& tree, std::string_view name, NodeId under) {
  const NodeId id = tree.find(name, under);
  return id == kNoNode ? 0 : tree[id].uint_value;
}

}  // namespace

void ClientMembership::record(std::vector<Lease>& history, std::uint64_t frame, const Mac& mac) {
  if (!history.empty() && history.back().mac == mac) return;  // a renewal: same owner
  history.push_back({frame, mac});
  ++lease_count_;
}

const Mac* ClientMembership::owner_at(const std::vector<Lease>& history, std::uint64_t frame) {
  // The last lease that started at or before the frame (histories are in frame order).
  const auto after =
      std::upper_bound(history.begin(), history.end(), frame,
                       [](std::uint64_t f, const Lease& lease) { return f < lease.from_frame; });
  return after == history.begin() ? nullptr : &std::prev(after)->mac;
}

void ClientMembership::learn(const Frame& frame, const FieldTree& tree) {
  // The DHCP layers are top-level nodes: a look at the few roots, not a search of the tree.
  NodeId dhcp = kNoNode, v6 = kNoNode;
  tree.for_each_child(kNoNode, [&](NodeId id) {
    if (tree[id].name == "dhcp") dhcp = id;
    if (tree[id].name == "dhcpv6") v6 = id;
  });
  if (dhcp != kNoNode) {
    constexpr std::uint64_t kAck = 5;
    if (node_uint(tree, "dhcp.option.dhcp", dhcp) != kAck) return;
    const NodeId chaddr = tree.find("dhcp.hw.mac_addr", dhcp);
    Mac mac{};
    if (chaddr == kNoNode || !node_mac(tree[chaddr], mac)) return;
    // yiaddr, else ciaddr (the ACK of an INFORM or a renewal names the address in use).
    for (std::string_view field : {"dhcp.ip.your", "dhcp.ip.client"}) {
      const NodeId at = tree.find(field, dhcp);
      std::uint32_t ip = 0;
      if (at != kNoNode && node_ipv4(tree[at], ip) && ip != 0) {
        record(ipv4_[ip], frame.index, mac);
        return;
      }
    }
    return;
  }
  if (v6 == kNoNode) return;
  const FieldNode& node = tree[v6];
  if (node.offset > frame.data.size() || frame.data.size() - node.offset < node.length) return;
  Dhcpv6Message message;
  if (!message.parse(frame.data.subspan(node.offset, node.length)) ||
      message.type != dhcpv6::kReply || message.addresses.empty())
    return;
  const auto mac = dhcpv6::duid_ethernet_mac(message.client_duid);
  if (!mac) return;
  for (const auto& address : message.addresses) record(ipv6_[address], frame.index, *mac);
}

void ClientMembership::carried_macs(const FieldTree& tree, std::vector<Mac>& out) {
  each_node(tree, [&](const FieldNode& n) {
    const CarrierField* c = carrier(n.name);
    Mac mac{};
    if (c && c->carries == Carries::Mac && node_mac(n, mac)) add_unique(out, mac);
  });
}

void ClientMembership::clients_of(std::uint64_t frame, const FieldTree& tree,
                                  std::vector<Mac>& out) const {
  each_node(tree, [&](const FieldNode& n) {
    const CarrierField* c = carrier(n.name);
    if (!c) return;
    const Mac* owner = nullptr;
    Mac mac{};
    switch (c->carries) {
      case Carries::Mac:
        if (node_mac(n, mac)) owner = &mac;
        break;
      case Carries::Ipv4: {
        std::uint32_t ip = 0;
        if (!node_ipv4(n, ip)) break;
        const auto it = ipv4_.find(ip);
        if (it != ipv4_.end()) owner = owner_at(it->second, frame);
        break;
      }
      case Carries::Ipv6: {
        std::array<std::uint8_t, 16> ip{};
        std::uint8_t raw[16];
        if (!node_ipv6(n, raw)) break;
        std::memcpy(ip.data(), raw, ip.size());
        const auto it = ipv6_.find(ip);
        if (it != ipv6_.end()) owner = owner_at(it->second, frame);
        break;
      }
    }
    if (owner) add_unique(out, *owner);
  });
}

void ClientMembership::clear() {
  ipv4_.clear();
  ipv6_.clear();
  lease_count_ = 0;
}

}  // namespace pxescope
