#include "bench/load/batch_load.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace pxescope::bench {

// The client must cost less than the servers it measures: on two cores it holds one of them
// while the server holds the other. So every message is built before the clock starts, sends
// go out in batches (sendmmsg) and answers come in by batches (recvmmsg).
constexpr std::size_t kBatch = 64;

std::array<std::uint8_t, 6> client_mac(std::uint32_t i) {
  return {0x02,
          0x62,
          static_cast<std::uint8_t>(i >> 24),
          static_cast<std::uint8_t>(i >> 16),
          static_cast<std::uint8_t>(i >> 8),
          static_cast<std::uint8_t>(i)};
}

void large_buffers(int fd) {
  const int buffer = 32 << 20;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buffer, sizeof buffer);
}

void BatchLoad::send_batch(std::uint32_t first, std::uint32_t n) {
  mmsghdr msgs[kBatch];
  iovec iov[kBatch];
  while (n > 0) {
    const std::uint32_t k = std::min<std::uint32_t>(n, kBatch);
    const auto now = Clock::now();
    for (std::uint32_t j = 0; j < k; ++j) {
      auto& message = messages[first + j];
      iov[j] = {message.data(), message.size()};
      msgs[j] = {};
      msgs[j].msg_hdr.msg_name = &to;
      msgs[j].msg_hdr.msg_namelen = to_len;
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

void BatchLoad::collect(int ms) {
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
    const int got = ::recvmmsg(fd, msgs, kBatch, MSG_DONTWAIT, nullptr);
    if (got <= 0) return;
    const auto now = Clock::now();
    for (int j = 0; j < got; ++j) {
      const std::uint32_t xid = answer_xid(bufs[j], msgs[j].msg_len);
      if (xid == 0 || xid > answered.size() || answered[xid - 1]) continue;
      answered[xid - 1] = true;
      ++answers;
      latency_us.push_back(std::chrono::duration<double, std::micro>(now - sent_at[xid - 1]).count());
    }
  }
}

namespace {

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

}  // namespace

int run_load(BatchLoad& load, const std::string& mode, int arg, const char* answer_name) {
  const auto count = static_cast<std::uint32_t>(load.messages.size());
  load.sent_at.resize(count);
  load.answered.assign(count, false);
  load.latency_us.reserve(count);
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
  } else {
    std::fprintf(stderr, "unknown mode %s (burst, window, rate)\n", mode.c_str());
    return 2;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("%s sent %u answered %zu (%.1f %%) seconds %.3f %s_per_s %.0f p50_us %.0f p99_us %.0f\n",
              mode.c_str(), count, load.answers, count ? 100.0 * load.answers / count : 0.0,
              seconds, answer_name, load.answers / seconds, percentile(load.latency_us, 0.5),
              percentile(load.latency_us, 0.99));
  return 0;
}

int load_main(int argc, char** argv, const char* answer_name, Prepare prepare) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s IFACE burst|window|rate COUNT [ARG]\n", argv[0]);
    return 2;
  }
  BatchLoad load;
  prepare(load, argv[1], static_cast<std::uint32_t>(std::atoi(argv[3])));
  return run_load(load, argv[2], argc > 4 ? std::atoi(argv[4]) : 0, answer_name);
}

}  // namespace pxescope::bench
