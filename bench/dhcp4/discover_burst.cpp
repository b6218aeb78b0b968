// DHCPv4 load client for bench/dhcp6/run.sh's RSS phase: PXE DISCOVERs as a PXE 2.1 BIOS ROM
// sends them (options 53, 57, 55, 97, 93, 94, 60 "PXEClient:Arch:00000:UNDI:002001", the
// broadcast flag; built with libtins by the probe's builder, the project's client-side packet
// library), one MAC per simulated client, the MACs of the DHCPv6 client's DUID-LLs
// (bench::client_mac): client i of both loads is one dual-stack machine. Each is a whole
// frame from its client's MAC and 0.0.0.0:68 to ff:ff:ff:ff:ff:ff, 255.255.255.255:67, sent
// on an AF_PACKET socket on IFACE (the responder reads AF_PACKET too; the namespace's
// interface has no IPv4 address), and the answers (OFFERs, broadcast since the flag is set)
// are read there and counted by xid.
//   bench_dhcp4_discover IFACE burst COUNT [WAIT_S]   send COUNT at once, then collect
//   bench_dhcp4_discover IFACE window COUNT WINDOW    keep WINDOW outstanding
//   bench_dhcp4_discover IFACE rate COUNT PER_SECOND  paced; p50/p99 DISCOVER -> OFFER
// Prints one line: "MODE sent N answered A (P %) seconds S offer_per_s R p50_us X p99_us Y".
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "bench/load/batch_load.hpp"
#include "probe/probe_packets.hpp"

namespace {

constexpr std::uint16_t kClientPort = 68, kServerPort = 67;

// An AF_PACKET socket on `iface` for IPv4 frames, our own outgoing ones left out.
int open_client(const char* iface, sockaddr_ll& broadcast) {
  const int fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    std::perror("socket(AF_PACKET)");
    std::exit(1);
  }
  const int one = 1;
  ::setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
  pxescope::bench::large_buffers(fd);
  broadcast = {};
  broadcast.sll_family = AF_PACKET;
  broadcast.sll_protocol = htons(ETH_P_IP);
  broadcast.sll_ifindex = static_cast<int>(if_nametoindex(iface));
  broadcast.sll_halen = 6;
  std::memset(broadcast.sll_addr, 0xff, 6);
  if (broadcast.sll_ifindex == 0 ||
      ::bind(fd, reinterpret_cast<const sockaddr*>(&broadcast), sizeof broadcast) != 0) {
    std::perror(iface);
    std::exit(1);
  }
  return fd;
}

// A BOOTREPLY to port 68 in an Ethernet/IPv4/UDP frame: its xid.
std::uint32_t offer_xid(const std::uint8_t* f, std::size_t size) {
  if (size < 14 + 20 || f[12] != 0x08 || f[13] != 0x00 || f[14 + 9] != IPPROTO_UDP) return 0;
  const std::size_t udp = 14 + std::size_t{f[14] & 0x0fu} * 4, bootp = udp + 8;
  if (size < bootp + 8 || ((f[udp + 2] << 8) | f[udp + 3]) != kClientPort || f[bootp] != 2)
    return 0;
  return (std::uint32_t{f[bootp + 4]} << 24) | (std::uint32_t{f[bootp + 5]} << 16) |
         (std::uint32_t{f[bootp + 6]} << 8) | f[bootp + 7];
}

void prepare(pxescope::bench::BatchLoad& load, const char* iface, std::uint32_t count) {
  sockaddr_ll broadcast{};
  load.fd = open_client(iface, broadcast);
  std::memcpy(&load.to, &broadcast, sizeof broadcast);
  load.to_len = sizeof broadcast;
  load.answer_xid = offer_xid;
  load.messages.reserve(count);
  pxescope::probe::Mac all_ones;
  all_ones.fill(0xff);
  for (std::uint32_t i = 0; i < count; ++i) {
    pxescope::probe::Dhcp4Request discover;
    discover.arch = 0;  // BIOS: option 60 "PXEClient:Arch:00000:UNDI:002001"
    discover.mac = pxescope::bench::client_mac(i);
    discover.xid = i + 1;
    discover.type = 1;
    load.messages.push_back(pxescope::probe::udp4_frame(discover.mac, all_ones, 0, kClientPort,
                                                        0xffffffffu, kServerPort,
                                                        pxescope::probe::build_dhcp4(discover))
                                .serialize());
  }
}

}  // namespace

int main(int argc, char** argv) {
  return pxescope::bench::load_main(argc, argv, "offer", prepare);
}
