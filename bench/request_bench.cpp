// The responder's read side under callgrind: Ir per request of parse_dhcp_request, and of
// the whole offer path (Engine::handle_frame: parse, decide, encode, frame), on the first
// DHCP request of a real firmware capture. Run the same program built from the old and the
// new source side by side (bench/README.md, "One read model").
// Usage: bench_request_parse parse|offer N TEMPLATE.pcap
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/first_request.hpp"
#include "responder/dhcp_request.hpp"
#include "responder/engine.hpp"

using namespace pxescope;
using namespace pxescope::responder;

int main(int argc, char** argv) {
  if (argc != 4 || (std::strcmp(argv[1], "parse") != 0 && std::strcmp(argv[1], "offer") != 0)) {
    std::fprintf(stderr, "usage: bench_request_parse parse|offer N TEMPLATE.pcap\n");
    return 2;
  }
  const long n = std::atol(argv[2]);
  std::vector<std::uint8_t> frame;
  if (n <= 0 || !bench::first_request("bench_request_parse", argv[3], frame)) return 1;
  const std::size_t udp = 14 + (frame[14] & 0x0f) * 4u;
  const std::span<const std::uint8_t> payload(frame.data() + udp + 8, frame.size() - udp - 8);
  long answered = 0;
  if (std::strcmp(argv[1], "parse") == 0) {
    DhcpRequest req;
    for (long i = 0; i < n; ++i) answered += parse_dhcp_request(payload, req) == ParseError::None;
  } else {
    const ResponderConfig cfg = bench::offer_config();
    const ServerIdentity server = bench::offer_server();
    Engine engine(cfg, server);
    engine.set_check_destination(false);
    for (long i = 0; i < n; ++i) answered += engine.handle_frame(frame, 0) == FrameOutcome::Reply;
  }
  std::printf("%s: %ld of %ld requests %s\n", argv[1], answered, n,
              argv[1][0] == 'p' ? "parsed" : "answered");
  return answered == n ? 0 : 1;
}
