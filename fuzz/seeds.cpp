// Seed extractor: writes a libFuzzer corpus (format: fuzz_input.hpp) from capture files.
// For every frame: the whole frame (mode 3, with its link type); for UDP on the DHCP ports
// the payload (modes 0 and 1); for other UDP (TFTP) the payload (mode 2). Files are named
// by a hash of their bytes, so duplicates collapse.
//   pxescope_fuzz_seeds OUT_DIR FILE.pcap[ng]...
#include <pcap/pcap.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

#include "fuzz/fuzz_input.hpp"

namespace {

using Bytes = std::span<const std::uint8_t>;

std::uint16_t be16(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

struct Udp {
  bool found = false;
  std::uint16_t src_port = 0, dst_port = 0;
  Bytes payload;
};

// Just enough of a walk to find UDP payloads in the project's captures.
Udp find_udp(Bytes frame, int dlt) {
  std::size_t ip = 0;
  if (dlt == 1) {
    std::size_t type_at = 12;
    while (frame.size() >= type_at + 2 &&
           (be16(frame, type_at) == 0x8100 || be16(frame, type_at) == 0x88a8))
      type_at += 4;
    if (frame.size() < type_at + 2 || be16(frame, type_at) != 0x0800) return {};
    ip = type_at + 2;
  } else if (dlt == 113) {
    ip = 16;
  } else if (dlt == 276) {
    ip = 20;
  } else if (dlt != 101 && dlt != 12 && dlt != 228) {
    return {};
  }
  if (frame.size() < ip + 20 || (frame[ip] >> 4) != 4 || frame[ip + 9] != 17) return {};
  const std::size_t udp = ip + (frame[ip] & 0x0f) * 4u;
  if (frame.size() < udp + 8) return {};
  Udp u;
  u.found = true;
  u.src_port = be16(frame, udp);
  u.dst_port = be16(frame, udp + 2);
  const std::size_t end = std::min<std::size_t>(frame.size(), udp + be16(frame, udp + 4));
  u.payload = end > udp + 8 ? frame.subspan(udp + 8, end - udp - 8) : Bytes{};
  return u;
}

bool is_dhcp_port(std::uint16_t p) {
  return p == 67 || p == 68 || p == 4011;
}

struct Writer {
  std::filesystem::path dir;
  std::size_t written = 0;

  void write(std::uint8_t mode, Bytes prefix, Bytes body) {
    std::vector<std::uint8_t> bytes{mode};
    bytes.insert(bytes.end(), prefix.begin(), prefix.end());
    bytes.insert(bytes.end(), body.begin(), body.end());
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (std::uint8_t b : bytes) h = (h ^ b) * 1099511628211ull;
    char name[32];
    std::snprintf(name, sizeof name, "%016llx", static_cast<unsigned long long>(h));
    const auto path = dir / name;
    if (std::filesystem::exists(path)) return;
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    ++written;
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s OUT_DIR CAPTURE...\n", argv[0]);
    return 2;
  }
  Writer w{argv[1]};
  std::filesystem::create_directories(w.dir);
  constexpr std::size_t kMaxTftpPerFile = 40;  // bulk DATA blocks add nothing new
  for (int i = 2; i < argc; ++i) {
    char err[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_offline_with_tstamp_precision(argv[i], PCAP_TSTAMP_PRECISION_NANO, err);
    if (!p) {
      std::fprintf(stderr, "seeds: %s: %s (skipped)\n", argv[i], err);
      continue;
    }
    const int dlt = pcap_datalink(p);
    std::size_t tftp = 0;
    pcap_pkthdr* h = nullptr;
    const u_char* data = nullptr;
    while (pcap_next_ex(p, &h, &data) == 1) {
      const Bytes frame(data, h->caplen);
      const Udp u = find_udp(frame, dlt);
      const bool dhcp = u.found && (is_dhcp_port(u.src_port) || is_dhcp_port(u.dst_port));
      if (!dhcp && tftp >= kMaxTftpPerFile) continue;
      const std::uint8_t cut =
          static_cast<std::uint8_t>(std::min<std::uint32_t>(h->len - h->caplen, 255));
      const std::uint8_t frame_prefix[2] = {
          pxescope::fuzz::byte_for_link_type(static_cast<std::uint32_t>(dlt)), cut};
      w.write(static_cast<std::uint8_t>(pxescope::fuzz::Mode::WholeFrame), frame_prefix, frame);
      if (dhcp) {
        w.write(static_cast<std::uint8_t>(pxescope::fuzz::Mode::DhcpPayload), {}, u.payload);
        w.write(static_cast<std::uint8_t>(pxescope::fuzz::Mode::DhcpUdp), {}, u.payload);
      } else if (u.found) {
        ++tftp;
        w.write(static_cast<std::uint8_t>(pxescope::fuzz::Mode::TftpUdp), {}, u.payload);
      }
    }
    pcap_close(p);
  }
  std::printf("seeds: %zu new corpus files in %s\n", w.written, argv[1]);
  return 0;
}
