// Which client machines' boots a frame belongs to — the display filter's `pxe.client`, and
// the GUI's "the story of this packet's client". A frame belongs to the boot of every MAC it
// carries (Ethernet source/destination, DHCP chaddr, ARP hardware addresses, DHCPv6 DUID-LL
// and DUID-LLT), and to the boot of the client that holds an address it carries (IPv4/IPv6
// source or destination, the header an ICMP error quotes, ARP protocol addresses) — from the
// DHCP ACK or DHCPv6 Reply that leased it onward. So the client's TFTP, HTTP, ARP and the
// servers' replies and ICMP errors about its requests belong to it even where they cross a
// router (another MAC).
//
// Needs state across frames: learn() every frame in capture order (one pass), then ask
// clients_of() about any frame — during the pass, or later in any order (the leases are kept
// with the frame they started at, so a later owner of the same address does not take an
// earlier frame). Pure library code, no Qt.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/frame.hpp"

namespace pxescope {

class ClientMembership {
 public:
  using Mac = std::array<std::uint8_t, 6>;

  // Learns the leases a frame gives (DHCP ACK: yiaddr, else ciaddr, to chaddr; DHCPv6 Reply:
  // its IA addresses to the MAC of the client's DUID). Frames in capture order; `tree` is the
  // frame's dissection. Other frames cost one look at the tree's top-level nodes.
  void learn(const Frame& frame, const FieldTree& tree);

  // The MACs whose boot frame number `frame` (with its dissection `tree`) belongs to, as of
  // the leases learned up to that frame; appended to `out` without duplicates. Broadcast,
  // multicast and all-zero MACs are never clients.
  void clients_of(std::uint64_t frame, const FieldTree& tree, std::vector<Mac>& out) const;
  // The same without leases: only the MACs the frame carries itself.
  static void carried_macs(const FieldTree& tree, std::vector<Mac>& out);

  std::size_t leases() const { return lease_count_; }
  void clear();

 private:
  struct Lease {
    std::uint64_t from_frame = 0;
    Mac mac{};
  };
  void record(std::vector<Lease>& history, std::uint64_t frame, const Mac& mac);
  static const Mac* owner_at(const std::vector<Lease>& history, std::uint64_t frame);

  std::unordered_map<std::uint32_t, std::vector<Lease>> ipv4_;
  std::map<std::array<std::uint8_t, 16>, std::vector<Lease>> ipv6_;
  std::size_t lease_count_ = 0;
};

}  // namespace pxescope
