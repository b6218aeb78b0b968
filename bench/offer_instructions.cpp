// Instructions per reply of the responder's engine, for callgrind (bench/README.md "One
// writer"): COUNT requests of one kind through one Engine under one configuration. Run it
// twice (COUNT and 11 x COUNT) and divide the difference in Ir by 10 x COUNT, so start-up
// and config parsing cancel out.
//   bench_offer_instructions proxy|full|options COUNT
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "responder/config.hpp"
#include "responder/engine.hpp"
#include "responder/net/frame_builder.hpp"

namespace {

using namespace pxescope::responder;

constexpr std::string_view kConfigs[][2] = {
    {"proxy", "dhcp-range=192.0.2.0,proxy\ndhcp-boot=pxelinux.0\n"},
    {"full",
     "dhcp-range=192.0.2.100,192.0.2.199\ndhcp-option=3,192.0.2.1\n"
     "dhcp-option=option:dns-server,192.0.2.53\ndhcp-boot=pxelinux.0\n"},
    {"options",
     "dhcp-range=192.0.2.0,proxy\ndhcp-boot=pxelinux.0\ndhcp-userclass=set:ipxe,iPXE\n"
     "dhcp-option=vendor:PXEClient,1,0.0.0.0\ndhcp-option=encap:175,176,1\n"
     "pxe-service=x86PC,\"PXE\",pxelinux\n"},
};

// A PXE DISCOVER from a BIOS client, as SeaBIOS/iPXE sends it.
std::vector<std::uint8_t> discover() {
  std::vector<std::uint8_t> p(240, 0);
  p[0] = 1, p[1] = 1, p[2] = 6, p[10] = 0x80;
  const MacAddress client = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
  for (int i = 0; i < 6; ++i) p[28 + i] = client[i];
  p[236] = 0x63, p[237] = 0x82, p[238] = 0x53, p[239] = 0x63;
  auto opt = [&](std::uint8_t code, std::string_view v) {
    p.push_back(code);
    p.push_back(static_cast<std::uint8_t>(v.size()));
    p.insert(p.end(), v.begin(), v.end());
  };
  opt(53, "\x01");
  opt(55, std::string_view("\x01\x03\x06\x0c\x0f\x11\x2b\x3c\x42\x43\x61", 11));
  opt(60, "PXEClient:Arch:00000:UNDI:002001");
  opt(93, std::string_view("\0\0", 2));
  opt(97, std::string_view("\0abcdefghijklmnop", 17));
  p.push_back(255);
  if (p.size() < 300) p.resize(300, 0);  // BOOTP minimum
  const UdpEndpoints ep = client_broadcast(client);
  std::vector<std::uint8_t> frame;
  build_udp_frame(ep, p, 1, frame);
  return frame;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s proxy|full|options COUNT\n", argv[0]);
    return 2;
  }
  std::string_view text;
  for (const auto& c : kConfigs)
    if (c[0] == argv[1]) text = c[1];
  if (text.empty()) {
    std::fprintf(stderr, "unknown configuration '%s' (proxy, full, options)\n", argv[1]);
    return 2;
  }
  ResponderConfig cfg;
  std::vector<std::string> warnings;
  parse_config_text(text, "bench.conf", cfg, warnings);
  for (const auto& w : warnings) std::fprintf(stderr, "%s\n", w.c_str());
  ServerIdentity server;
  server.ip = 0xc0000201u;
  server.netmask = 0xffffff00u;
  Engine engine(cfg, server);
  engine.set_check_destination(false);
  const auto frame = discover();
  const long count = std::atol(argv[2]);
  long replies = 0;
  std::size_t bytes = 0;
  for (long i = 0; i < count; ++i) {
    const FrameOutcome outcome = engine.handle_frame(frame, 1000);
    if (outcome != FrameOutcome::Reply && i == 0)
      std::fprintf(stderr, "no reply: outcome %d (parse error %d), %s\n", static_cast<int>(outcome),
                   static_cast<int>(engine.parse_error()),
                   std::string(verdict_text(engine.verdict())).c_str());
    replies += outcome == FrameOutcome::Reply;
    bytes += engine.reply_frame().size();
  }
  std::printf("%ld replies, %zu bytes\n", replies, bytes);
  return replies == count ? 0 : 1;
}
