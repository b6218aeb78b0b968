// Instructions per DHCPv6 Solicit -> Advertise through Dhcp6Engine (no sockets), for
// callgrind (bench/README.md "DHCPv6 Solicit"): COUNT Solicits from COUNT different clients
// (EDK2's, built by build_solicit6, the DUID-LL's MAC changed per client) under one
// configuration. Run it twice (COUNT and 11 x COUNT) and divide the difference in Ir by
// 10 x COUNT, so start-up and config parsing cancel out. The last line's checksum (FNV-1a of
// every reply) must not change when the writer changes: replies stay byte-identical.
// `stories`: each request and reply also go to respond's live boot stories (on by default in
// `respond`), as the DHCPv6 service hands them over.
//   bench_dhcp6_instructions full|stateless COUNT [stories]
// Full mode's range holds 61,439 addresses: COUNT at most 5,000 for the 11 x COUNT run.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "responder/config.hpp"
#include "responder/dhcp6/dhcp6_engine.hpp"
#include "responder/dhcp6/dhcp6_report.hpp"
#include "responder/live/live_service.hpp"

namespace {

using namespace pxescope::responder;

constexpr std::string_view kConfigs[][2] = {
    // bench/dhcp6/run.sh's two pxescope servers
    {"full",
     "dhcp-range=fd00:62::1000,fd00:62::ffff,64,1h\n"
     "dhcp-option=option6:bootfile-url,tftp://[::]/ipxe.efi\n"},
    {"stateless", "dhcp-range=fd00:62::,ra-stateless\ndhcp-boot=ipxe.efi\n"},
};

// Where build_solicit6 puts the DUID-LL's MAC: header 4, option 1's code and length 4, DUID
// type and hardware type 4.
constexpr std::size_t kMacOffset = 12;

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && !(argc == 4 && std::string_view(argv[3]) == "stories")) {
    std::fprintf(stderr, "usage: %s full|stateless COUNT [stories]\n", argv[0]);
    return 2;
  }
  std::string_view text;
  for (const auto& c : kConfigs)
    if (c[0] == argv[1]) text = c[1];
  if (text.empty()) {
    std::fprintf(stderr, "unknown configuration '%s' (full, stateless)\n", argv[1]);
    return 2;
  }
  ResponderConfig cfg;
  std::vector<std::string> warnings;
  parse_config_text(text, "bench.conf", cfg, warnings);
  for (const auto& w : warnings) std::fprintf(stderr, "%s\n", w.c_str());
  Dhcp6Identity server;
  server.duid = duid_ll({0x02, 0x62, 0, 0, 0, 0x02});
  parse_ipv6("fd00:62::2", server.address);
  Dhcp6Engine engine(cfg, server);
  std::FILE* devnull = std::fopen("/dev/null", "w");
  EventLog log(devnull, false, true);
  live::LiveService live(live::live_options(cfg), cfg, log);
  const bool stories = argc == 4;
  live::Dhcp6Datagram where;
  parse_ipv6("fe80::62:ff:fe00:0", where.peer);
  where.server_mac = {0x02, 0x62, 0, 0, 0, 0x02};
  parse_ipv6("fe80::62:ff:fe00:2", where.server_source);
  where.server_address = server.address;
  std::vector<std::uint8_t> solicit = build_solicit6(7, false, false, {0x02, 0x62, 0, 0, 0, 0}, 1);
  const long count = std::atol(argv[2]);
  long replies = 0;
  std::uint64_t fnv = 1469598103934665603ull;
  for (long i = 0; i < count; ++i) {
    solicit[kMacOffset + 3] = static_cast<std::uint8_t>(i >> 16);
    solicit[kMacOffset + 4] = static_cast<std::uint8_t>(i >> 8);
    solicit[kMacOffset + 5] = static_cast<std::uint8_t>(i);
    const Outcome6 outcome = engine.handle(solicit, 1000);
    if (stories) {
      std::copy_n(solicit.begin() + kMacOffset + 3, 3, where.peer.begin() + 13);  // its EUI-64
      live.on_dhcp6(engine, outcome, outcome == Outcome6::Reply, solicit, where);
    }
    if (outcome != Outcome6::Reply && replies == i) {
      std::fprintf(stderr, "no reply to Solicit %ld: %s\n", i,
                   outcome == Outcome6::Malformed
                       ? std::string(parse_error6_text(engine.parse_error())).c_str()
                       : std::string(verdict6_text(engine.verdict())).c_str());
    }
    if (outcome != Outcome6::Reply) continue;
    ++replies;
    for (const std::uint8_t b : engine.reply_payload()) fnv = (fnv ^ b) * 1099511628211ull;
  }
  std::printf("%ld replies, checksum %016llx\n", replies, static_cast<unsigned long long>(fnv));
  return replies == count ? 0 : 1;
}
