// DHCPv6 load client for bench/dhcp6/run.sh: Solicits as EDK2's PXEv6 sends them (built by
// the responder's own build_solicit6, one DUID-LL per simulated client), sent from this
// namespace to ff02::1:2 on IFACE; answers counted by transaction id.
//   bench_dhcp6_solicit IFACE burst COUNT [WAIT_S]   send COUNT at once, then collect
//   bench_dhcp6_solicit IFACE window COUNT WINDOW    keep WINDOW outstanding (saturated rate)
//   bench_dhcp6_solicit IFACE rate COUNT PER_SECOND  paced; p50/p99 Solicit -> Advertise
// Prints one line: "MODE sent N answered A (P %) seconds S advertise_per_s R p50_us X p99_us Y".
// The batching and the modes are bench/load/batch_load.hpp's, shared with the DHCPv4 client.
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "bench/load/batch_load.hpp"
#include "responder/dhcp6/dhcp6_report.hpp"

namespace {

int open_client(const char* iface) {
  const int fd = ::socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  ::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, iface, static_cast<socklen_t>(std::strlen(iface)));
  pxescope::bench::large_buffers(fd);
  sockaddr_in6 local{};
  local.sin6_family = AF_INET6;
  local.sin6_port = htons(546);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
    std::perror("bind [::]:546");
    std::exit(1);
  }
  return fd;
}

// An Advertise or Reply: its 24-bit transaction id.
std::uint32_t advertise_xid(const std::uint8_t* buf, std::size_t size) {
  if (size < 4 || (buf[0] != 2 && buf[0] != 7)) return 0;
  return (std::uint32_t{buf[1]} << 16) | (buf[2] << 8) | buf[3];
}

void prepare(pxescope::bench::BatchLoad& load, const char* iface, std::uint32_t count) {
  load.fd = open_client(iface);
  sockaddr_in6 to{};
  to.sin6_family = AF_INET6;
  to.sin6_port = htons(547);
  inet_pton(AF_INET6, "ff02::1:2", &to.sin6_addr);
  to.sin6_scope_id = if_nametoindex(iface);
  std::memcpy(&load.to, &to, sizeof to);
  load.to_len = sizeof to;
  load.answer_xid = advertise_xid;
  load.messages.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i)
    load.messages.push_back(
        pxescope::responder::build_solicit6(7, false, false, pxescope::bench::client_mac(i), i + 1));
}

}  // namespace

int main(int argc, char** argv) {
  return pxescope::bench::load_main(argc, argv, "advertise", prepare);
}
