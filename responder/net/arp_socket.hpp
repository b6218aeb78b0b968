// The ARP side of the address check (address_probe.hpp): an AF_PACKET socket for
// ETH_P_ARP on the DHCP interface, separate from the DHCP socket and its BPF filter. It
// sends "who has X? tell <server>" and reports every ARP frame's sender (a reply, or a
// station announcing the address itself). Frame building/parsing is pure and unit-tested.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "responder/dhcp_request.hpp"
#include "responder/net/raw_socket.hpp"

namespace pxescope::responder {

inline constexpr std::size_t kArpFrameBytes = 14 + 28;

// Broadcast ARP request for `target_ip` from `our_mac`/`our_ip` (host order).
void build_arp_request(const MacAddress& our_mac, std::uint32_t our_ip, std::uint32_t target_ip,
                       std::span<std::uint8_t, kArpFrameBytes> out);

// The sender of an Ethernet/IPv4 ARP frame (request or reply); false for anything else.
bool parse_arp_sender(std::span<const std::uint8_t> frame, std::uint32_t& sender_ip,
                      MacAddress& sender_mac);

class ArpSocket {
 public:
  ArpSocket() = default;
  ~ArpSocket();
  ArpSocket(const ArpSocket&) = delete;
  ArpSocket& operator=(const ArpSocket&) = delete;

  bool open(const InterfaceInfo& iface, std::uint32_t our_ip, std::string& error);
  int fd() const { return fd_; }
  bool send_request(std::uint32_t target_ip);

  // Reads what is queued (at most kMaxPerCall frames, so a flood cannot starve the loop)
  // and calls on_sender(ip, mac) for each ARP frame that is not our own.
  static constexpr int kMaxPerCall = 256;
  template <class OnSender>
  void drain(OnSender&& on_sender) {
    std::uint8_t buf[128];
    for (int i = 0; i < kMaxPerCall; ++i) {
      std::uint32_t ip = 0;
      MacAddress mac{};
      const long n = receive(buf, sizeof buf);
      if (n < 0) return;
      if (parse_arp_sender({buf, static_cast<std::size_t>(n)}, ip, mac) && mac != our_mac_)
        on_sender(ip, mac);
    }
  }

 private:
  long receive(std::uint8_t* buf, std::size_t size);
  int fd_ = -1;
  int ifindex_ = 0;
  MacAddress our_mac_{};
  std::uint32_t our_ip_ = 0;
};

}  // namespace pxescope::responder
