// Seed extractor: writes a libFuzzer corpus (format: fuzz_input.hpp) from capture files.
// For every frame: the whole frame (mode 3, with its link type: 802.11 and radiotap too); for
// UDP on the DHCP ports the payload (modes 0 and 1); for other UDP (TFTP) the payload (mode
// 2); DNS messages (mode 7), TCP payloads on HTTP ports (mode 8) and CAPWAP data packets
// (mode 9), each in its own mode as well, whatever the cap on non-DHCP frames. For every capture,
// its first frames as a small pcapng file (mode 4), written here in one of three shapes in
// turn so that both byte orders, if_tsresol/if_tsoffset and every packet block type are
// seeded; and each such file after the previous one (two sections). Files are named by a
// hash of their bytes, so duplicates collapse. Before the captures: one DHCP OFFER per row
// of the option table (modes 0 and 1), made by the same encoder and writer as the
// responder's replies (analyzer/dhcp/option_samples.hpp), so every option the table knows
// is seeded even when no capture carries it.
//   pxescope_fuzz_seeds OUT_DIR FILE.pcap[ng]...
#include <pcap/pcap.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/dhcp/option_samples.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "fuzz/fuzz_input.hpp"

namespace {

using Bytes = std::span<const std::uint8_t>;

std::uint16_t be16(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

// The upper layer of an IPv6 frame on Ethernet (no extension headers): a DHCPv6 message
// (mode 5) or an ICMPv6 message (mode 6); nothing otherwise.
struct Ipv6Seed {
  pxescope::fuzz::Mode mode = pxescope::fuzz::Mode::WholeFrame;
  Bytes payload;
};
Ipv6Seed find_ipv6_seed(Bytes frame, int dlt) {
  if (dlt != 1 || frame.size() < 54 || be16(frame, 12) != 0x86dd) return {};
  const std::uint8_t next = frame[20];
  if (next == 58) return {pxescope::fuzz::Mode::Icmpv6, frame.subspan(54)};
  if (next == 17 && frame.size() >= 62 && (be16(frame, 56) == 547 || be16(frame, 56) == 546))
    return {pxescope::fuzz::Mode::Dhcpv6Udp, frame.subspan(62)};
  return {};
}

struct Udp {
  bool found = false;
  std::uint16_t src_port = 0, dst_port = 0;
  Bytes payload;
  Bytes capwap;  // a CAPWAP data packet on UDP 5247 (header + what it carries)
  Bytes http;    // a TCP payload on port 80 or 8080
};

// The analyzer's own walk (every link type it reads, CAPWAP tunnels entered) finds the UDP
// payload; TCP payloads to HTTP ports are found from where it stopped.
Udp find_udp(Bytes frame, int dlt) {
  pxescope::UdpLocation loc;
  Udp u;
  u.found = pxescope::locate_udp(frame, static_cast<std::uint32_t>(dlt), loc);
  if (loc.has_capwap) {
    const std::size_t udp_end =
        loc.tunnelled ? std::min<std::size_t>(
                            frame.size(), loc.outer.udp_offset + std::size_t{loc.outer.udp_length})
                      : std::size_t{loc.payload_offset} + loc.payload_length;
    if (udp_end > loc.capwap.offset)
      u.capwap = frame.subspan(loc.capwap.offset, udp_end - loc.capwap.offset);
  }
  if (u.found) {
    u.src_port = loc.src_port;
    u.dst_port = loc.dst_port;
    u.payload = frame.subspan(loc.payload_offset, loc.payload_length);
  } else if (loc.reached >= pxescope::UdpStage::Ipv4 && loc.ip_proto == 6) {
    const std::size_t tcp = std::size_t{loc.ip_offset} + loc.ip_header_length;
    const std::size_t end = pxescope::ipv4_payload_end(loc, frame.size());
    if (end < tcp + 20) return u;
    const std::size_t data = tcp + (frame[tcp + 12] >> 4) * 4u;
    const std::uint16_t sport = be16(frame, tcp), dport = be16(frame, tcp + 2);
    const bool http = sport == 80 || dport == 80 || sport == 8080 || dport == 8080;
    if (http && end > data) u.http = frame.subspan(data, end - data);
  }
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

struct Packet {
  std::int64_t sec;
  std::uint32_t nsec, length;
  std::vector<std::uint8_t> data;
};

// A pcapng section in either byte order (the reader under test is not used to write it).
class PcapngSection {
 public:
  explicit PcapngSection(bool big_endian) : big_(big_endian) {}
  const std::vector<std::uint8_t>& bytes() const { return out_; }

  // Shape 0: little-endian, microseconds (no if_tsresol), enhanced packet blocks.
  // Shape 1: big-endian, if_tsresol 9 and if_tsoffset (the first frame's second).
  // Shape 2: little-endian, if_tsresol 2^-30, a snap length, a second interface, a name
  //          resolution block to skip, and enhanced, simple and obsolete packet blocks in turn.
  void write(int shape, std::uint32_t link_type, const std::vector<Packet>& packets) {
    const std::int64_t offset = shape == 1 && !packets.empty() ? packets[0].sec : 0;
    block(0x0A0D0D0A, [&] {
      u32(0x1A2B3C4D);
      u16(1);
      u16(0);
      u32(0xffffffff);  // section length unknown
      u32(0xffffffff);
    });
    const auto interface = [&](std::uint32_t dlt, std::uint32_t snap, bool options) {
      block(1, [&] {
        u16(static_cast<std::uint16_t>(dlt));
        u16(0);
        u32(snap);
        if (options && shape == 1) {
          option(9, {9});
          u16(14);  // if_tsoffset: 64 bits
          u16(8);
          append(static_cast<std::uint64_t>(offset), 8);
        } else if (options && shape == 2) {
          option(9, {0x80 | 30});
        }
        u16(0);  // opt_endofopt
        u16(0);
      });
    };
    interface(link_type, shape == 2 ? 65535 : 0, true);
    if (shape == 2) {
      interface(147, 64, false);
      block(4, [&] {  // name resolution: one IPv4 record, then the end record
        u16(1);
        u16(12);
        out_.insert(out_.end(), {192, 168, 77, 2, 'p', 'x', 'e', 0, 0, 0, 0, 0});
        u32(0);
      });
    }
    for (std::size_t n = 0; n < packets.size(); ++n) {
      const Packet& p = packets[n];
      const std::uint64_t sec = static_cast<std::uint64_t>(p.sec - offset);
      const std::uint64_t units = shape == 0 ? sec * 1000000 + p.nsec / 1000
                                  : shape == 1
                                      ? sec * 1000000000 + p.nsec
                                      : (sec << 30) + (std::uint64_t{p.nsec} << 30) / 1000000000;
      // A simple packet block cannot say that a frame was cut: those go in enhanced ones.
      const bool whole = p.data.size() == p.length;
      const int type = shape == 2 && (n % 3 != 1 || whole) ? static_cast<int>(n % 3) : 0;
      const auto payload = [&] { out_.insert(out_.end(), p.data.begin(), p.data.end()); };
      if (type == 1) {  // simple: no time, the original length only
        block(3, [&] {
          u32(p.length);
          payload();
        });
        continue;
      }
      block(type == 0 ? 6 : 2, [&] {
        if (type == 0) {
          u32(0);
        } else {
          u16(0);  // obsolete packet block: interface id, drops
          u16(0);
        }
        u32(static_cast<std::uint32_t>(units >> 32));
        u32(static_cast<std::uint32_t>(units));
        u32(static_cast<std::uint32_t>(p.data.size()));
        u32(p.length);
        payload();
      });
    }
  }

 private:
  // `size` bytes of `v` at `at`, in the section's byte order.
  void store(std::size_t at, std::uint64_t v, int size) {
    for (int i = 0; i < size; ++i)
      out_[at + static_cast<std::size_t>(i)] =
          static_cast<std::uint8_t>(v >> (big_ ? 8 * (size - 1 - i) : 8 * i));
  }
  void append(std::uint64_t v, int size) {
    out_.resize(out_.size() + static_cast<std::size_t>(size));
    store(out_.size() - static_cast<std::size_t>(size), v, size);
  }
  void u16(std::uint16_t v) { append(v, 2); }
  void u32(std::uint32_t v) { append(v, 4); }
  void option(std::uint16_t code, const std::vector<std::uint8_t>& value) {
    u16(code);
    u16(static_cast<std::uint16_t>(value.size()));
    out_.insert(out_.end(), value.begin(), value.end());
    out_.resize((out_.size() + 3) & ~std::size_t{3}, 0);
  }
  // type, total length, the body fill() appends (padded to 4 bytes), total length again.
  template <class Fill>
  void block(std::uint32_t type, Fill fill) {
    const std::size_t start = out_.size();
    u32(type);
    u32(0);
    fill();
    out_.resize((out_.size() + 3) & ~std::size_t{3}, 0);
    const auto total = static_cast<std::uint32_t>(out_.size() - start + 4);
    u32(total);
    store(start + 4, total, 4);
  }

  bool big_;
  std::vector<std::uint8_t> out_;
};

}  // namespace

constexpr std::string_view kHttpSeeds[] = {
    "GET /boot.ipxe HTTP/1.1\r\nConnection: keep-alive\r\nUser-Agent: iPXE/1.21.1+\r\nHost: "
    "10.0.0.1\r\n\r\n",
    "GET /vmlinuz HTTP/1.1\r\nHost: 10.0.0.1\r\nRange: bytes=0-1048575\r\n\r\n"
    "GET /initrd.gz HTTP/1.1\r\nHost: 10.0.0.1\r\nRange: bytes=-512\r\n\r\n",
    "HEAD /EFI/BOOT/BOOTX64.EFI HTTP/1.1\r\nHost: 10.0.0.1\r\nUser-Agent: UefiHttpBoot/1.0\r\n\r\n",
    "GET http://10.0.0.1:8080/a%20b?x=1 HTTP/1.0\nConnection: keep-alive\n\n",
    "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nRange: bytes=5-,7-9\r\n\r\n",
    "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: "
    "chunked\r\n\r\nhello",
    "\r\nGET / HTTP/1.1\r\nHost: x\r\n folded\r\nConnection: close, Upgrade\r\n\r\n",
};

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s OUT_DIR CAPTURE...\n", argv[0]);
    return 2;
  }
  Writer w{argv[1]};
  std::filesystem::create_directories(w.dir);
  for (const pxescope::dhcp::SampleMessage& m : pxescope::dhcp::sample_messages()) {
    w.write(static_cast<std::uint8_t>(pxescope::fuzz::Mode::DhcpPayload), {}, m.payload);
    w.write(static_cast<std::uint8_t>(pxescope::fuzz::Mode::DhcpUdp), {}, m.payload);
  }
  // Mode 10: request heads as firmware, iPXE, curl and attackers send them.
  for (const std::string_view head : kHttpSeeds)
    w.write(static_cast<std::uint8_t>(pxescope::fuzz::Mode::HttpRequest), {},
            {reinterpret_cast<const std::uint8_t*>(head.data()), head.size()});
  constexpr std::size_t kMaxTftpPerFile = 40;  // bulk DATA blocks add nothing new
  // Frame bytes per pcapng seed: two of them together stay under run.sh's -max_len 4096.
  constexpr std::size_t kPcapngFrameBytes = 1500;
  int shape = 0;
  std::vector<std::uint8_t> previous_section;
  for (int i = 2; i < argc; ++i) {
    char err[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_offline_with_tstamp_precision(argv[i], PCAP_TSTAMP_PRECISION_NANO, err);
    if (!p) {
      std::fprintf(stderr, "seeds: %s: %s (skipped)\n", argv[i], err);
      continue;
    }
    const int dlt = pcap_datalink(p);
    std::size_t tftp = 0, http = 0, pcapng_bytes = 0;
    std::vector<Packet> first_frames;
    pcap_pkthdr* h = nullptr;
    const u_char* data = nullptr;
    while (pcap_next_ex(p, &h, &data) == 1) {
      const Bytes frame(data, h->caplen);
      if (pcapng_bytes + frame.size() <= kPcapngFrameBytes) {
        pcapng_bytes += frame.size();
        first_frames.push_back({h->ts.tv_sec,
                                static_cast<std::uint32_t>(h->ts.tv_usec),
                                h->len,
                                {frame.begin(), frame.end()}});
      }
      if (const Ipv6Seed v6 = find_ipv6_seed(frame, dlt);
          v6.mode != pxescope::fuzz::Mode::WholeFrame) {
        w.write(static_cast<std::uint8_t>(v6.mode), {}, v6.payload);
        // DHCPv6 messages to the responder's request view too (mode 11).
        if (v6.mode == pxescope::fuzz::Mode::Dhcpv6Udp)
          w.write(static_cast<std::uint8_t>(pxescope::fuzz::Mode::Dhcpv6Request), {}, v6.payload);
      }
      const Udp u = find_udp(frame, dlt);
      const bool dhcp = u.found && (is_dhcp_port(u.src_port) || is_dhcp_port(u.dst_port));
      const auto mode = [](pxescope::fuzz::Mode m) { return static_cast<std::uint8_t>(m); };
      if (!u.capwap.empty()) w.write(mode(pxescope::fuzz::Mode::CapwapUdp), {}, u.capwap);
      if (!u.http.empty() && http++ < kMaxTftpPerFile)  // heads, then a few body segments
        w.write(mode(pxescope::fuzz::Mode::HttpTcp), {}, u.http);
      if (u.found && (u.src_port == 53 || u.dst_port == 53))
        w.write(mode(pxescope::fuzz::Mode::DnsUdp), {}, u.payload);
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
    PcapngSection section(shape == 1);
    section.write(shape, static_cast<std::uint32_t>(dlt), first_frames);
    shape = (shape + 1) % 3;
    const auto pcapng = static_cast<std::uint8_t>(pxescope::fuzz::Mode::Pcapng);
    w.write(pcapng, {}, section.bytes());
    if (!previous_section.empty()) w.write(pcapng, previous_section, section.bytes());
    previous_section = section.bytes();
  }
  std::printf("seeds: %zu new corpus files in %s\n", w.written, argv[1]);
  return 0;
}
