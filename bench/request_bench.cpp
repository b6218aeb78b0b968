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

#include "analyzer/capture_reader.hpp"
#include "responder/dhcp_request.hpp"
#include "responder/engine.hpp"

using namespace pxescope;
using namespace pxescope::responder;

namespace {

// The first Ethernet/IPv4/UDP frame to port 67 of the capture.
bool first_request(const char* path, std::vector<std::uint8_t>& frame) {
  CaptureReader reader;
  if (!reader.open_file(path)) {
    std::fprintf(stderr, "bench_request_parse: %s\n", reader.error().c_str());
    return false;
  }
  Frame f;
  while (reader.next(f)) {
    const auto& d = f.data;
    if (f.link_type != 1 || d.size() < 42 + 240 || d[12] != 0x08 || d[13] != 0x00) continue;
    const std::size_t udp = 14 + (d[14] & 0x0f) * 4u;
    if (d[23] != 17 || d[udp + 2] != 0 || d[udp + 3] != 67 || d[udp + 8] != 1) continue;
    frame.assign(d.begin(), d.end());
    return true;
  }
  std::fprintf(stderr, "bench_request_parse: no DHCP request in %s\n", path);
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || (std::strcmp(argv[1], "parse") != 0 && std::strcmp(argv[1], "offer") != 0)) {
    std::fprintf(stderr, "usage: bench_request_parse parse|offer N TEMPLATE.pcap\n");
    return 2;
  }
  const long n = std::atol(argv[2]);
  std::vector<std::uint8_t> frame;
  if (n <= 0 || !first_request(argv[3], frame)) return 1;
  const std::size_t udp = 14 + (frame[14] & 0x0f) * 4u;
  const std::span<const std::uint8_t> payload(frame.data() + udp + 8, frame.size() - udp - 8);
  long answered = 0;
  if (std::strcmp(argv[1], "parse") == 0) {
    DhcpRequest req;
    for (long i = 0; i < n; ++i) answered += parse_dhcp_request(payload, req) == ParseError::None;
  } else {
    ResponderConfig cfg;
    BootRule rule;
    rule.file = "pxelinux.0";
    cfg.boot_rules.push_back(rule);
    ServerIdentity server;
    server.ip = 0xc0a84d02u;
    server.netmask = 0xffffff00u;
    server.mac = {0x02, 0, 0, 0, 0, 1};
    Engine engine(cfg, server);
    engine.set_check_destination(false);
    for (long i = 0; i < n; ++i) answered += engine.handle_frame(frame, 0) == FrameOutcome::Reply;
  }
  std::printf("%s: %ld of %ld requests %s\n", argv[1], answered, n,
              argv[1][0] == 'p' ? "parsed" : "answered");
  return answered == n ? 0 : 1;
}
