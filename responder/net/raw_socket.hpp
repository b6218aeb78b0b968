// The DHCP edge: one AF_PACKET socket bound to one interface, with a BPF filter that
// lets only IPv4 UDP to port 67 or 4011 through and a large receive buffer (a burst of
// thousands of DISCOVERs must not be dropped in the kernel). Replies are whole Ethernet
// frames sent on the same socket: no ARP entry is needed for the client.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "responder/dhcp_request.hpp"

namespace pxescope::responder {

struct InterfaceInfo {
  int index = 0;
  MacAddress mac{};
  std::uint32_t ip = 0, netmask = 0;  // host order, 0 when the interface has no IPv4
  int mtu = 1500;
};

// Looks the interface up; false with one clear line in `error` when it does not exist.
bool query_interface(const std::string& name, InterfaceInfo& info, std::string& error);

// The interface whose IPv4 subnet contains `address` (dnsmasq picks the interface of a
// dhcp-range the same way). Empty when none or several match.
std::string interface_for_address(std::uint32_t address);

class RawDhcpSocket {
 public:
  RawDhcpSocket() = default;
  ~RawDhcpSocket();
  RawDhcpSocket(const RawDhcpSocket&) = delete;
  RawDhcpSocket& operator=(const RawDhcpSocket&) = delete;

  bool open(const InterfaceInfo& iface, std::string& error);
  int fd() const { return fd_; }
  // The receive buffer the kernel actually gave (bytes).
  int receive_buffer() const { return rcvbuf_; }

  // Batched I/O (recvmmsg/sendmmsg): one system call for up to kBatch frames, so a burst
  // costs a few calls instead of two per DISCOVER.
  static constexpr std::size_t kBatch = 64;
  static constexpr std::size_t kSlot = 2048;  // bytes per frame slot (DHCP fits easily)
  // Fills up to kBatch incoming frames; returns how many (0 when none is queued).
  std::size_t receive_batch();
  std::span<const std::uint8_t> received(std::size_t i) const;
  // The size frame i had on the wire: more than received(i).size() when it did not fit a slot.
  std::size_t wire_length(std::size_t i) const { return rx_wire_len_[i]; }
  // Queues a frame for send_queued(); false when the queue is full (send first).
  bool queue(std::span<const std::uint8_t> frame);
  // Sends everything queued; returns how many frames the kernel took.
  std::size_t send_queued();
  std::size_t queued() const { return tx_count_; }

 private:
  int fd_ = -1;
  int ifindex_ = 0;
  int rcvbuf_ = 0;
  std::vector<std::uint8_t> rx_slots_, tx_slots_;
  std::array<std::uint32_t, kBatch> rx_len_{}, rx_wire_len_{};
  std::array<std::uint8_t, kBatch> rx_outgoing_{};
  std::array<std::uint32_t, kBatch> tx_len_{};
  std::size_t tx_count_ = 0;
};

// UDP sockets bound to 67 and 4011 that take no packets (a drop-all filter): they exist so
// the kernel does not answer clients with ICMP port-unreachable, and they reserve the
// ports (a second DHCP server on the same host is reported). Needs CAP_NET_BIND_SERVICE.
class PortGuard {
 public:
  ~PortGuard();
  bool open(const std::string& iface, std::uint16_t port, std::string& error);

 private:
  int fd_ = -1;
};

}  // namespace pxescope::responder
