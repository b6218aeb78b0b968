// DHCPv6 load client for bench/dhcp6/run.sh: Solicits as EDK2's PXEv6 sends them (built by
// the responder's own build_solicit6, one DUID-LL per simulated client), sent from this
// namespace to ff02::1:2 on IFACE; answers counted by transaction id.
//   bench_dhcp6_solicit IFACE burst COUNT [WAIT_S]   send COUNT at once, then collect
//   bench_dhcp6_solicit IFACE window COUNT WINDOW    keep WINDOW outstanding (saturated rate)
//   bench_dhcp6_solicit IFACE rate COUNT PER_SECOND  paced; p50/p99 Solicit -> Advertise
// Prints one line: "sent N answered A (P %) seconds S advertise_per_s R [p50_us X p99_us Y]".
#include <arpa/inet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "responder/dhcp6/dhcp6_report.hpp"

namespace {

using Clock = std::chrono::steady_clock;

int open_client(const char* iface) {
  const int fd = ::socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  ::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, iface, static_cast<socklen_t>(std::strlen(iface)));
  const int buffer = 32 << 20;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buffer, sizeof buffer);
  sockaddr_in6 local{};
  local.sin6_family = AF_INET6;
  local.sin6_port = htons(546);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
    std::perror("bind [::]:546");
    std::exit(1);
  }
  return fd;
}

// The client must cost less than the servers it measures: on two cores it holds one of them
// while the server holds the other. So every Solicit is built before the clock starts, sends
// go out in batches (sendmmsg) and answers come in by batches (recvmmsg).
constexpr std::size_t kBatch = 64;

struct Load {
  int fd = -1;
  sockaddr_in6 to{};
  std::vector<std::vector<std::uint8_t>> solicits;
  std::vector<Clock::time_point> sent_at;
  std::vector<bool> answered;
  std::vector<double> latency_us;
  std::size_t answers = 0;

  void build(std::uint32_t count) {
    solicits.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      const std::array<std::uint8_t, 6> mac = {0x02,
                                               0x62,
                                               static_cast<std::uint8_t>(i >> 24),
                                               static_cast<std::uint8_t>(i >> 16),
                                               static_cast<std::uint8_t>(i >> 8),
                                               static_cast<std::uint8_t>(i)};
      solicits.push_back(pxescope::responder::build_solicit6(7, false, false, mac, i + 1));
    }
  }
  void send(std::uint32_t i) { send_batch(i, 1); }
  // Sends Solicits first .. first + n in batches; a full send buffer is waited out, never dropped.
  void send_batch(std::uint32_t first, std::uint32_t n) {
    mmsghdr msgs[kBatch];
    iovec iov[kBatch];
    while (n > 0) {
      const std::uint32_t k = std::min<std::uint32_t>(n, kBatch);
      const auto now = Clock::now();
      for (std::uint32_t j = 0; j < k; ++j) {
        auto& solicit = solicits[first + j];
        iov[j] = {solicit.data(), solicit.size()};
        msgs[j] = {};
        msgs[j].msg_hdr.msg_name = &to;
        msgs[j].msg_hdr.msg_namelen = sizeof to;
        msgs[j].msg_hdr.msg_iov = &iov[j];
        msgs[j].msg_hdr.msg_iovlen = 1;
        sent_at[first + j] = now;
      }
      const int sent = ::sendmmsg(fd, msgs, k, 0);
      if (sent <= 0) {
        ::usleep(50);
        continue;
      }
      first += static_cast<std::uint32_t>(sent);
      n -= static_cast<std::uint32_t>(sent);
    }
  }
  // Reads what arrived, for at most `ms` (0: what is there now).
  void collect(int ms) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0) return;
    static std::uint8_t bufs[kBatch][2048];
    mmsghdr msgs[kBatch];
    iovec iov[kBatch];
    for (;;) {
      for (std::size_t j = 0; j < kBatch; ++j) {
        iov[j] = {bufs[j], sizeof bufs[j]};
        msgs[j] = {};
        msgs[j].msg_hdr.msg_iov = &iov[j];
        msgs[j].msg_hdr.msg_iovlen = 1;
      }
      const int got = ::recvmmsg(fd, msgs, kBatch, 0, nullptr);
      if (got <= 0) return;
      const auto now = Clock::now();
      for (int j = 0; j < got; ++j) {
        const std::uint8_t* buf = bufs[j];
        if (msgs[j].msg_len < 4) continue;
        const std::uint32_t xid = (std::uint32_t{buf[1]} << 16) | (buf[2] << 8) | buf[3];
        if (buf[0] != 2 && buf[0] != 7) continue;  // Advertise or Reply
        if (xid == 0 || xid > answered.size() || answered[xid - 1]) continue;
        answered[xid - 1] = true;
        ++answers;
        latency_us.push_back(
            std::chrono::duration<double, std::micro>(now - sent_at[xid - 1]).count());
      }
    }
  }
};

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s IFACE burst|window|rate COUNT [ARG]\n", argv[0]);
    return 2;
  }
  const std::string mode = argv[2];
  const std::uint32_t count = static_cast<std::uint32_t>(std::atoi(argv[3]));
  const int arg = argc > 4 ? std::atoi(argv[4]) : 0;
  Load load;
  load.fd = open_client(argv[1]);
  load.to.sin6_family = AF_INET6;
  load.to.sin6_port = htons(547);
  inet_pton(AF_INET6, "ff02::1:2", &load.to.sin6_addr);
  load.to.sin6_scope_id = if_nametoindex(argv[1]);
  load.sent_at.resize(count);
  load.answered.assign(count, false);
  load.latency_us.reserve(count);
  load.build(count);
  const auto start = Clock::now();
  if (mode == "burst") {
    load.send_batch(0, count);
    const auto until = Clock::now() + std::chrono::seconds(arg > 0 ? arg : 10);
    while (load.answers < count && Clock::now() < until) load.collect(100);
  } else if (mode == "window") {
    const std::uint32_t window = arg > 0 ? static_cast<std::uint32_t>(arg) : 64;
    std::uint32_t next = 0;
    auto last_progress = Clock::now();
    while (load.answers < count && Clock::now() - last_progress < std::chrono::seconds(2)) {
      const std::size_t before = load.answers;
      if (next < count && next - load.answers < window) {
        const auto n = std::min<std::uint32_t>(
            count - next, window - static_cast<std::uint32_t>(next - load.answers));
        load.send_batch(next, n);
        next += n;
      }
      load.collect(10);
      if (load.answers != before) last_progress = Clock::now();
      // A lost answer would stall the window: after 200 ms without one, send the next.
      if (load.answers == before && next < count &&
          Clock::now() - last_progress > std::chrono::milliseconds(200))
        load.send(next++);
    }
  } else if (mode == "rate") {
    const double per_s = arg > 0 ? arg : 5000;
    for (std::uint32_t i = 0; i < count; ++i) {
      const auto due = start + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(i / per_s));
      while (Clock::now() < due) load.collect(0);
      load.send(i);
      load.collect(0);
    }
    const auto until = Clock::now() + std::chrono::seconds(3);
    while (load.answers < count && Clock::now() < until) load.collect(100);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(
      "%s sent %u answered %zu (%.1f %%) seconds %.3f advertise_per_s %.0f p50_us %.0f "
      "p99_us %.0f\n",
      mode.c_str(), count, load.answers, 100.0 * load.answers / count, seconds,
      load.answers / seconds, percentile(load.latency_us, 0.5), percentile(load.latency_us, 0.99));
  return 0;
}
