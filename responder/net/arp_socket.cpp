#include "responder/net/arp_socket.hpp"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "responder/net/byte_order.hpp"

namespace pxescope::responder {
namespace {

using wire::be16;
using wire::be32;
using wire::put16;
using wire::put32;

// Ethernet + ARP header for IPv4 over Ethernet: htype 1, ptype IPv4, hlen 6, plen 4.
constexpr std::uint8_t kArpIpv4OverEthernet[6] = {0x00, 0x01, 0x08, 0x00, 6, 4};

}  // namespace

void build_arp_request(const MacAddress& our_mac, std::uint32_t our_ip, std::uint32_t target_ip,
                       std::span<std::uint8_t, kArpFrameBytes> out) {
  std::uint8_t* f = out.data();
  std::memset(f, 0xff, 6);
  std::memcpy(f + 6, our_mac.data(), 6);
  put16(f + 12, ETHERTYPE_ARP);
  std::uint8_t* arp = f + 14;
  std::memcpy(arp, kArpIpv4OverEthernet, 6);
  put16(arp + 6, 1);  // request
  std::memcpy(arp + 8, our_mac.data(), 6);
  put32(arp + 14, our_ip);
  std::memset(arp + 18, 0, 6);
  put32(arp + 24, target_ip);
}

bool parse_arp_sender(std::span<const std::uint8_t> f, std::uint32_t& sender_ip,
                      MacAddress& sender_mac) {
  if (f.size() < kArpFrameBytes || be16(&f[12]) != ETHERTYPE_ARP) return false;
  const std::uint8_t* arp = &f[14];
  if (std::memcmp(arp, kArpIpv4OverEthernet, 6) != 0) return false;
  const std::uint16_t op = be16(arp + 6);
  if (op != 1 && op != 2) return false;
  std::memcpy(sender_mac.data(), arp + 8, 6);
  sender_ip = be32(arp + 14);
  return sender_ip != 0;  // 0.0.0.0: another station's own probe, it claims nothing yet
}

ArpSocket::~ArpSocket() {
  if (fd_ >= 0) ::close(fd_);
}

bool ArpSocket::open(const InterfaceInfo& iface, std::uint32_t our_ip, std::string& error) {
  fd_ = ::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ARP));
  if (fd_ < 0) {
    error = std::string("cannot open the ARP socket for the address check: ") +
            std::strerror(errno) + " (run as root or with cap_net_raw; no-ping turns it off)";
    return false;
  }
#ifdef PACKET_IGNORE_OUTGOING
  const int one = 1;
  ::setsockopt(fd_, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
#endif
  sockaddr_ll addr{};
  addr.sll_family = AF_PACKET;
  addr.sll_protocol = htons(ETH_P_ARP);
  addr.sll_ifindex = iface.index;
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    error = std::string("cannot bind the ARP socket to the interface: ") + std::strerror(errno);
    return false;
  }
  ifindex_ = iface.index;
  our_mac_ = iface.mac;
  our_ip_ = our_ip;
  return true;
}

bool ArpSocket::send_request(std::uint32_t target_ip) {
  std::uint8_t frame[kArpFrameBytes];
  build_arp_request(our_mac_, our_ip_, target_ip, frame);
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_protocol = htons(ETH_P_ARP);
  to.sll_ifindex = ifindex_;
  to.sll_halen = 6;
  std::memset(to.sll_addr, 0xff, 6);
  return ::sendto(fd_, frame, sizeof frame, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) ==
         static_cast<ssize_t>(sizeof frame);
}

long ArpSocket::receive(std::uint8_t* buf, std::size_t size) {
  sockaddr_ll from{};
  socklen_t from_len = sizeof from;
  for (;;) {
    const ssize_t n =
        ::recvfrom(fd_, buf, size, MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (from.sll_pkttype == PACKET_OUTGOING) return 0;  // ours: parsed as nothing
    return static_cast<long>(n);
  }
}

}  // namespace pxescope::responder
