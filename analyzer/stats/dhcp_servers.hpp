// Statistics ▸ DHCP servers: every DHCPv4/DHCPv6 server that answered in a capture, from the
// boot stories' replies (analyzer/story: one read of the packets, no second decoder). Counts
// offers/ACKs/NAKs per server, the clients it answered, whether it acted as proxyDHCP or on
// port 4011, whether it gave boot information, and marks servers that answered one client
// with boot information another server contradicted: a rogue or second server.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/story/boot_story.hpp"

namespace pxescope {

struct DhcpServerStats {
  std::string server;  // option 54 (else the IP source); DHCPv6: the source address
  bool ipv6 = false;
  std::uint32_t offers = 0;  // DHCPOFFER; DHCPv6 Advertise
  std::uint32_t acks = 0;    // DHCPACK; DHCPv6 Reply
  std::uint32_t naks = 0;    // DHCPNAK
  std::uint32_t replies = 0;
  std::uint32_t clients = 0;  // distinct clients answered
  bool proxy = false;         // offered no address with PXEClient (proxyDHCP)
  bool port_4011 = false;     // answered boot-server requests on port 4011
  bool boot_info = false;     // a boot file (67/file, DHCPv6 59), PXE menu (43), proxy offer
  std::vector<std::string> boot_files;  // distinct, in order of first use
  std::uint64_t first_frame = 0, last_frame = 0;
  // Answered a client with boot information that another server's answer to it contradicts.
  bool conflicting = false;
  // "52:54:00:c0:ff:ee: 192.168.77.3 gave x.efi from 192.168.77.3, 192.168.77.2 gave ..."
  std::string conflict;
};

// One row per server, in order of its first reply.
std::vector<DhcpServerStats> dhcp_server_stats(const std::vector<ClientStory>& stories);

// The rows as a JSON array (the `analyze --servers` output; keys documented in README.md).
std::string dhcp_servers_json(const std::vector<DhcpServerStats>& servers);

}  // namespace pxescope
