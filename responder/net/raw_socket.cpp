#include "responder/net/raw_socket.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "responder/net/port_owner.hpp"

namespace pxescope::responder {
namespace {

constexpr const char* kSetcapHint =
    "run as root or give the binary the capabilities: "
    "sudo setcap cap_net_raw,cap_net_bind_service=ep $(command -v pxescope)";

std::uint32_t ifreq_ipv4(const ifreq& req) {
  sockaddr_in sin{};
  std::memcpy(&sin, &req.ifr_addr, sizeof sin);
  return ntohl(sin.sin_addr.s_addr);
}

// Room for one PACKET_AUXDATA control message per received frame.
struct ControlBuffer {
  alignas(cmsghdr) std::uint8_t bytes[CMSG_SPACE(sizeof(tpacket_auxdata))];
};

LinkMeta link_meta(const sockaddr_ll& from, msghdr& header) {
  LinkMeta meta;
  meta.packet_type = from.sll_pkttype;
  for (cmsghdr* c = CMSG_FIRSTHDR(&header); c != nullptr; c = CMSG_NXTHDR(&header, c)) {
    if (c->cmsg_level != SOL_PACKET || c->cmsg_type != PACKET_AUXDATA ||
        c->cmsg_len < CMSG_LEN(sizeof(tpacket_auxdata)))
      continue;
    tpacket_auxdata aux;
    std::memcpy(&aux, CMSG_DATA(c), sizeof aux);
    meta.vlan_tagged = (aux.tp_status & TP_STATUS_VLAN_VALID) != 0;
    meta.vlan_tci = aux.tp_vlan_tci;
    meta.udp_checksum_done_elsewhere =
        (aux.tp_status & (TP_STATUS_CSUMNOTREADY | TP_STATUS_CSUM_VALID)) != 0;
  }
  return meta;
}

}  // namespace

bool query_interface(const std::string& name, InterfaceInfo& info, std::string& error) {
  if (name.empty() || name.size() >= IFNAMSIZ) {
    error = "no interface given: use --iface NAME (or interface= in the config)";
    return false;
  }
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  ifreq req{};
  std::strncpy(req.ifr_name, name.c_str(), IFNAMSIZ - 1);
  if (::ioctl(fd, SIOCGIFINDEX, &req) != 0) {
    error = "interface " + name + " does not exist (see `ip link`)";
    ::close(fd);
    return false;
  }
  info.index = req.ifr_ifindex;
  if (::ioctl(fd, SIOCGIFHWADDR, &req) == 0)
    std::memcpy(info.mac.data(), req.ifr_hwaddr.sa_data, 6);
  if (::ioctl(fd, SIOCGIFMTU, &req) == 0) info.mtu = req.ifr_mtu;
  if (::ioctl(fd, SIOCGIFADDR, &req) == 0) info.ip = ifreq_ipv4(req);
  if (::ioctl(fd, SIOCGIFNETMASK, &req) == 0) info.netmask = ifreq_ipv4(req);
  ::close(fd);
  return true;
}

std::string interface_for_address(std::uint32_t address) {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return {};
  std::string found;
  int matches = 0;
  for (ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
    if (a->ifa_addr == nullptr || a->ifa_netmask == nullptr || a->ifa_addr->sa_family != AF_INET)
      continue;
    const auto* addr = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
    const auto* mask = reinterpret_cast<const sockaddr_in*>(a->ifa_netmask);
    const std::uint32_t ip = ntohl(addr->sin_addr.s_addr);
    const std::uint32_t m = ntohl(mask->sin_addr.s_addr);
    if (m == 0 || (ip & m) != (address & m) || (a->ifa_flags & IFF_LOOPBACK)) continue;
    if (found != a->ifa_name) {
      found = a->ifa_name;
      ++matches;
    }
  }
  ::freeifaddrs(list);
  return matches == 1 ? found : std::string();
}

RawDhcpSocket::~RawDhcpSocket() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawDhcpSocket::open(const InterfaceInfo& iface, std::string& error) {
  fd_ = ::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_IP));
  if (fd_ < 0) {
    error = errno == EPERM || errno == EACCES
                ? std::string("no permission to open a raw socket: ") + kSetcapHint
                : std::string("cannot open AF_PACKET socket: ") + std::strerror(errno);
    return false;
  }
  // IPv4, UDP, not a fragment, destination port 67 or 4011 (requests: the fast path, tested
  // first); or 67 -> 68 not sent by us (other servers' replies: the start-up check and the
  // conflict watch). Jump offsets count from the next instruction.
  sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETHERTYPE_IP, 0, 14),  // -> drop
      BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 12),  // -> drop
      BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 20),
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x1fff, 10, 0),  // -> drop
      BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 14),
      BPF_STMT(BPF_LD | BPF_H | BPF_IND, 16),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 67, 6, 0),    // -> accept
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 4011, 5, 0),  // -> accept
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 68, 0, 5),    // -> drop
      BPF_STMT(BPF_LD | BPF_B | BPF_ABS, static_cast<__u32>(SKF_AD_OFF + SKF_AD_PKTTYPE)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING, 3, 0),  // our own: drop
      BPF_STMT(BPF_LD | BPF_H | BPF_IND, 14),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 67, 0, 1),  // -> accept / drop
      BPF_STMT(BPF_RET | BPF_K, 0x40000),
      BPF_STMT(BPF_RET | BPF_K, 0),
  };
  sock_fprog prog{static_cast<unsigned short>(sizeof code / sizeof code[0]), code};
  if (::setsockopt(fd_, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) != 0) {
    error = std::string("cannot attach the BPF filter: ") + std::strerror(errno);
    return false;
  }
  const int one = 1;
  // The VLAN tag the kernel strips and the checksum status come as a control message.
  if (::setsockopt(fd_, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one) != 0) {
    error = std::string("cannot enable PACKET_AUXDATA: ") + std::strerror(errno);
    return false;
  }
#ifdef PACKET_IGNORE_OUTGOING
  ::setsockopt(fd_, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
#endif
  // 32 MiB holds ~40,000 DISCOVER frames; FORCE ignores rmem_max (root/CAP_NET_ADMIN).
  const int wanted = 32 << 20;
  if (::setsockopt(fd_, SOL_SOCKET, SO_RCVBUFFORCE, &wanted, sizeof wanted) != 0)
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &wanted, sizeof wanted);
  socklen_t len = sizeof rcvbuf_;
  ::getsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf_, &len);
  const int sndbuf = 4 << 20;
  if (::setsockopt(fd_, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof sndbuf) != 0)
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);

  sockaddr_ll addr{};
  addr.sll_family = AF_PACKET;
  addr.sll_protocol = htons(ETH_P_IP);
  addr.sll_ifindex = iface.index;
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    error = std::string("cannot bind the raw socket to the interface: ") + std::strerror(errno);
    return false;
  }
  ifindex_ = iface.index;
  // Frames queued between socket() and the filter may be anything: drop them.
  std::uint8_t scratch[64];
  while (::recv(fd_, scratch, sizeof scratch, MSG_DONTWAIT | MSG_TRUNC) >= 0) {
  }
  return true;
}

std::size_t RawDhcpSocket::receive_batch() {
  if (rx_slots_.empty()) rx_slots_.resize(kBatch * kSlot);
  std::array<mmsghdr, kBatch> msgs{};
  std::array<iovec, kBatch> iov{};
  std::array<sockaddr_ll, kBatch> from{};
  std::array<ControlBuffer, kBatch> control;
  for (std::size_t i = 0; i < kBatch; ++i) {
    iov[i] = {rx_slots_.data() + i * kSlot, kSlot};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_name = &from[i];
    msgs[i].msg_hdr.msg_namelen = sizeof from[i];
    msgs[i].msg_hdr.msg_control = control[i].bytes;
    msgs[i].msg_hdr.msg_controllen = sizeof control[i].bytes;
  }
  int n = -1;
  do {
    // MSG_TRUNC: msg_len is the frame's real size, so an oversized frame is known as such.
    n = ::recvmmsg(fd_, msgs.data(), kBatch, MSG_DONTWAIT | MSG_TRUNC, nullptr);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return 0;
  for (int i = 0; i < n; ++i) {
    rx_len_[i] = msgs[i].msg_len > kSlot ? kSlot : msgs[i].msg_len;
    rx_outgoing_[i] = from[i].sll_pkttype == PACKET_OUTGOING;
    rx_link_[i] = link_meta(from[i], msgs[i].msg_hdr);
    rx_link_[i].wire_length = msgs[i].msg_len;
  }
  return static_cast<std::size_t>(n);
}

std::span<const std::uint8_t> RawDhcpSocket::received(std::size_t i) const {
  if (rx_outgoing_[i]) return {};  // our own replies seen on the way out
  return {rx_slots_.data() + i * kSlot, rx_len_[i]};
}

bool RawDhcpSocket::queue(std::span<const std::uint8_t> frame) {
  if (tx_slots_.empty()) tx_slots_.resize(kBatch * kSlot);
  if (tx_count_ >= kBatch || frame.size() > kSlot) return false;
  std::memcpy(tx_slots_.data() + tx_count_ * kSlot, frame.data(), frame.size());
  tx_len_[tx_count_++] = static_cast<std::uint32_t>(frame.size());
  return true;
}

std::size_t RawDhcpSocket::send_queued() {
  std::array<mmsghdr, kBatch> msgs{};
  std::array<iovec, kBatch> iov{};
  std::array<sockaddr_ll, kBatch> to{};
  for (std::size_t i = 0; i < tx_count_; ++i) {
    std::uint8_t* frame = tx_slots_.data() + i * kSlot;
    iov[i] = {frame, tx_len_[i]};
    to[i].sll_family = AF_PACKET;
    to[i].sll_protocol = htons(ETH_P_IP);
    to[i].sll_ifindex = ifindex_;
    to[i].sll_halen = 6;
    std::memcpy(to[i].sll_addr, frame, 6);
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_name = &to[i];
    msgs[i].msg_hdr.msg_namelen = sizeof to[i];
  }
  std::size_t sent = 0;
  for (int attempt = 0; attempt < 8 && sent < tx_count_; ++attempt) {
    const int n = ::sendmmsg(fd_, msgs.data() + sent, static_cast<unsigned>(tx_count_ - sent), 0);
    if (n > 0)
      sent += static_cast<std::size_t>(n);
    else if (n < 0 && errno != EINTR && errno != EAGAIN && errno != ENOBUFS)
      break;
  }
  tx_count_ = 0;
  return sent;
}

PortGuard::~PortGuard() {
  if (fd_ >= 0) ::close(fd_);
}

bool PortGuard::open(const std::string& iface, std::uint16_t port, std::string& error) {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  // No SO_REUSEADDR/SO_REUSEPORT: the bind must fail while any other socket holds the port
  // on this interface (or on all of them), and later binds must fail while we hold it.
  ::setsockopt(fd_, SOL_SOCKET, SO_BINDTODEVICE, iface.c_str(),
               static_cast<socklen_t>(iface.size()));
  sock_filter drop_all[] = {BPF_STMT(BPF_RET | BPF_K, 0)};
  sock_fprog prog{1, drop_all};
  ::setsockopt(fd_, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog);
  int small = 4096;
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    const int e = errno;
    error = e == EACCES
                ? "no permission to bind UDP port " + std::to_string(port) + ": " + kSetcapHint
            : e == EADDRINUSE
                ? port_in_use_message(port, iface)
                : "cannot bind UDP port " + std::to_string(port) + ": " + std::strerror(e);
    ::close(fd_);
    fd_ = -1;
    return false;
  }
  return true;
}

}  // namespace pxescope::responder
