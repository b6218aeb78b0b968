// Writes a pcap of N PXE DISCOVERs for the analyze benchmark: each is the first DISCOVER of a
// real firmware capture (the template), with its own client MAC (Ethernet source and chaddr)
// and xid, 10 µs apart. Usage: bench_generate_discovers OUT.pcap N TEMPLATE.pcap
#include <pcap/pcap.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Layout {
  std::size_t xid = 0, chaddr = 0, udp_checksum = 0;
};

// The first Ethernet/IPv4/UDP frame to port 67 of the template, and where its fields are.
bool find_template(const char* path, std::vector<std::uint8_t>& frame, Layout& at) {
  char err[PCAP_ERRBUF_SIZE];
  pcap_t* p = pcap_open_offline(path, err);
  if (!p) {
    std::fprintf(stderr, "bench_generate_discovers: %s\n", err);
    return false;
  }
  bool found = false;
  if (pcap_datalink(p) == DLT_EN10MB) {
    pcap_pkthdr* h;
    const u_char* d;
    while (!found && pcap_next_ex(p, &h, &d) == 1) {
      if (h->caplen < 14 + 20 + 8 + 240 || d[12] != 0x08 || d[13] != 0x00) continue;
      const std::size_t ip_len = (d[14] & 0x0f) * 4u;
      const std::size_t udp = 14 + ip_len;
      if (d[23] != 17 || udp + 8 + 240 > h->caplen) continue;
      const std::size_t dhcp = udp + 8;
      if (d[udp + 2] != 0 || d[udp + 3] != 67 || d[dhcp] != 1) continue;
      frame.assign(d, d + h->caplen);
      at.xid = dhcp + 4;
      at.chaddr = dhcp + 28;
      at.udp_checksum = udp + 6;
      found = true;
    }
  }
  pcap_close(p);
  if (!found) std::fprintf(stderr, "bench_generate_discovers: no DHCP request in %s\n", path);
  return found;
}

void put32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s OUT.pcap N TEMPLATE.pcap\n", argv[0]);
    return 2;
  }
  const long long n = std::atoll(argv[2]);
  std::vector<std::uint8_t> frame;
  Layout at;
  if (n <= 0 || !find_template(argv[3], frame, at)) return 1;

  pcap_t* dead =
      pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_MICRO);
  pcap_dumper_t* out = pcap_dump_open(dead, argv[1]);
  if (!out) {
    std::fprintf(stderr, "bench_generate_discovers: %s\n", pcap_geterr(dead));
    return 1;
  }
  frame[at.udp_checksum] = frame[at.udp_checksum + 1] = 0;  // "no checksum" stays valid
  pcap_pkthdr h{};
  h.caplen = h.len = static_cast<bpf_u_int32>(frame.size());
  const std::int64_t start_us = 1795824183LL * 1000000;
  for (long long i = 0; i < n; ++i) {
    // Locally administered MACs 02:xx:<i>, like pxeload's simulated clients.
    std::uint8_t mac[6] = {0x02, 0x42, 0, 0, 0, 0};
    put32(mac + 2, static_cast<std::uint32_t>(i));
    std::memcpy(frame.data() + 6, mac, 6);
    std::memcpy(frame.data() + at.chaddr, mac, 6);
    put32(frame.data() + at.xid, 0x10000000u + static_cast<std::uint32_t>(i));
    const std::int64_t t = start_us + i * 10;
    h.ts.tv_sec = static_cast<time_t>(t / 1000000);
    h.ts.tv_usec = static_cast<suseconds_t>(t % 1000000);
    pcap_dump(reinterpret_cast<u_char*>(out), &h, frame.data());
  }
  const bool ok = pcap_dump_flush(out) == 0;
  pcap_dump_close(out);
  pcap_close(dead);
  if (!ok) {
    std::fprintf(stderr, "bench_generate_discovers: write to %s failed\n", argv[1]);
    return 1;
  }
  return 0;
}
