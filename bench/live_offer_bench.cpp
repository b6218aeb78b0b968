// What live boot stories and --metrics add to each offer: N DISCOVERs from N different clients
// (the template's MAC with the client number in its last three bytes) through
// Engine::handle_frame, and with `on` through LiveService::on_dhcp too (stories, metrics, one
// tick per 64 requests as the loop's batches). Run `off` and `on` under callgrind in the same run
// for Ir per offer (bench/README.md, "Live stories and metrics"); the wall time per offer is
// printed as well (noisy on a shared machine).
// Usage: bench_live_offer off|on N TEMPLATE.pcap
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "bench/first_request.hpp"
#include "responder/engine.hpp"
#include "responder/event_log.hpp"
#include "responder/live/live_service.hpp"

using namespace pxescope;
using namespace pxescope::responder;

int main(int argc, char** argv) {
  if (argc != 4 || (std::strcmp(argv[1], "off") != 0 && std::strcmp(argv[1], "on") != 0)) {
    std::fprintf(stderr, "usage: bench_live_offer off|on N TEMPLATE.pcap\n");
    return 2;
  }
  const bool on = std::strcmp(argv[1], "on") == 0;
  const long n = std::atol(argv[2]);
  std::vector<std::uint8_t> frame;
  if (n <= 0 || !bench::first_request("bench_live_offer", argv[3], frame)) return 1;
  const std::size_t udp = 14 + (frame[14] & 0x0f) * 4u;
  const std::size_t chaddr = udp + 8 + 28;
  frame[udp + 6] = frame[udp + 7] = 0;  // no UDP checksum: the MAC changes per client
  ResponderConfig cfg = bench::offer_config();
  cfg.live_stories = on;
  const ServerIdentity server = bench::offer_server();
  Engine engine(cfg, server);
  engine.set_check_destination(false);
  std::FILE* null_out = std::fopen("/dev/null", "w");
  EventLog log(null_out, false, true);
  live::LiveService live(live::live_options(cfg), cfg, log);
  live.set_server_ip(server.ip);
  long answered = 0;
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < n; ++i) {
    for (int k = 0; k < 3; ++k) {
      frame[chaddr + 3 + k] = static_cast<std::uint8_t>(i >> (16 - 8 * k));
      frame[6 + 3 + k] = frame[chaddr + 3 + k];
    }
    const FrameOutcome outcome = engine.handle_frame(frame, 0);
    answered += outcome == FrameOutcome::Reply;
    if (on) {
      live.on_dhcp(engine, outcome, true, frame, 0);
      if (i % 64 == 63) live.tick(std::chrono::nanoseconds(1000));
    }
  }
  const double ns =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  const std::size_t stories = live.stories() ? live.stories()->live() : 0;
  std::printf("%s: %ld of %ld requests answered, %.0f ns/offer, %zu live stories, %llu evicted\n",
              argv[1], answered, n, ns / static_cast<double>(n), stories,
              static_cast<unsigned long long>(live.stories() ? live.stories()->evicted() : 0));
  std::fclose(null_out);
  return answered == n ? 0 : 1;
}
