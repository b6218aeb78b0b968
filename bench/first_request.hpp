// The benchmarks' DHCP request template: the first Ethernet/IPv4/UDP frame to port 67 of a
// capture (a real firmware's DISCOVER in captures/real/).
#pragma once

#include <cstdint>
#include <cstdio>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "responder/config.hpp"
#include "responder/reply.hpp"

namespace pxescope::bench {

// False (and a line on stderr, naming `program`) when the file has none.
inline bool first_request(const char* program, const char* path, std::vector<std::uint8_t>& frame) {
  CaptureReader reader;
  if (!reader.open_file(path)) {
    std::fprintf(stderr, "%s: %s\n", program, reader.error().c_str());
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
  std::fprintf(stderr, "%s: no DHCP request in %s\n", program, path);
  return false;
}

// The offer benchmarks' server: pxelinux.0 for every client, 192.168.77.2/24.
inline responder::ResponderConfig offer_config() {
  responder::ResponderConfig cfg;
  responder::BootRule rule;
  rule.file = "pxelinux.0";
  cfg.boot_rules.push_back(rule);
  return cfg;
}
inline responder::ServerIdentity offer_server() {
  responder::ServerIdentity server;
  server.ip = 0xc0a84d02u;
  server.netmask = 0xffffff00u;
  server.mac = {0x02, 0, 0, 0, 0, 1};
  return server;
}

}  // namespace pxescope::bench
