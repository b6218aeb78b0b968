// Who holds a local UDP port: /proc/net/udp{,6} give the socket's inode, /proc/PID/fd/*
// links of the form "socket:[INODE]" give the process. Used to turn "address in use" into
// "port 67/udp is in use by dnsmasq (pid 1234)". Reads only this network namespace's table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace pxescope::responder {

struct PortOwner {
  int pid = 0;
  std::string name;  // /proc/PID/comm
};

// The first process holding a UDP socket bound to `port` (IPv4 or IPv6), or nothing when no
// socket is bound or its process cannot be seen (another user's, without root).
// `proc_root` is "/proc" except in tests.
std::optional<PortOwner> find_udp_port_owner(std::uint16_t port,
                                             const std::string& proc_root = "/proc");

// One line for an occupied port: "UDP port 67 (DHCP) on eth0 is in use by dnsmasq (pid 1234):
// stop it ...". `iface` may be empty.
std::string port_in_use_message(std::uint16_t port, const std::string& iface,
                                const std::string& proc_root = "/proc");

}  // namespace pxescope::responder
