// The serving rules of dnsmasq's TFTP family of lines (tftp-lowercase, tftp-unique-root,
// tftp-secure), as functions the server applies per request. Pure, except the ARP table read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "responder/net/endpoint.hpp"

namespace pxescope::tftp {

// tftp-lowercase: the requested name lower-cased (ASCII only), for roots copied from Windows.
std::string lowercase_name(std::string_view requested);

// tftp-unique-root: the client's own directory below the root: its IP ("192.0.2.10") or, with
// `by_mac`, its MAC from the ARP table ("52-54-00-12-34-56", dnsmasq's spelling). "" when
// the MAC is unknown (client not on a local link). The caller uses it only when it is a directory.
std::string unique_root_component(uint32_t client_ip, bool by_mac,
                                  const std::string& arp_table = "/proc/net/arp");

// The same for a client of either family: an IPv6 client's directory is its address as
// inet_ntop writes it ("fd00:77::100", as dnsmasq); by MAC it has none (no ARP entry).
std::string unique_root_of(const responder::Endpoint& client, bool by_mac);

// Why the file may not be served ("" = it may). As dnsmasq: a server running as root serves
// only world-readable files; with tftp-secure, an unprivileged server serves only files it owns.
std::string ownership_refusal(uint32_t mode, uint32_t owner, uint32_t euid, bool secure);

}  // namespace pxescope::tftp
