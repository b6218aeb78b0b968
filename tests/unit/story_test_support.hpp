// Hand-built BOOTP/DHCP, TFTP and ICMP frames for the story, linter and fingerprint tests,
// and a scripted "capture" fed straight to the StoryBuilder.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include "analyzer/capture_reader.hpp"
#include "analyzer/frame.hpp"
#include "analyzer/story/boot_story.hpp"

#include "packet_test_support.hpp"

namespace pxescope::testing {

using Mac = std::array<std::uint8_t, 6>;
inline constexpr Mac kStoryMac = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

struct Opt {
  std::uint8_t code;
  Bytes value;
};
inline Opt opt(std::uint8_t code, std::string_view text) {
  return {code, Bytes(text.begin(), text.end())};
}
inline Opt opt(std::uint8_t code, std::initializer_list<std::uint8_t> bytes) {
  return {code, Bytes(bytes)};
}

struct Bootp {
  std::uint8_t op = 1;
  std::uint32_t xid = 0x11223344;
  std::uint32_t ciaddr = 0, yiaddr = 0, siaddr = 0;
  Mac mac = kStoryMac;
  std::string file;  // up to 128 bytes (exactly 128: no NUL)
  std::vector<Opt> options;
};

inline Bytes bootp_payload(const Bootp& m) {
  Bytes b(236, 0);
  b[0] = m.op;
  b[1] = 1;
  b[2] = 6;
  auto put_at = [&b](std::size_t at, std::uint32_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 24);
    b[at + 1] = static_cast<std::uint8_t>(v >> 16);
    b[at + 2] = static_cast<std::uint8_t>(v >> 8);
    b[at + 3] = static_cast<std::uint8_t>(v);
  };
  put_at(4, m.xid);
  put_at(12, m.ciaddr);
  put_at(16, m.yiaddr);
  put_at(20, m.siaddr);
  std::copy(m.mac.begin(), m.mac.end(), b.begin() + 28);
  std::copy_n(m.file.begin(), std::min<std::size_t>(m.file.size(), 128), b.begin() + 108);
  put32(b, 0x63825363);
  for (const Opt& o : m.options) {
    // Values over 255 bytes are split in several options (RFC 3396).
    std::size_t at = 0;
    do {
      const std::size_t n = std::min<std::size_t>(255, o.value.size() - at);
      b.push_back(o.code);
      b.push_back(static_cast<std::uint8_t>(n));
      b.insert(b.end(), o.value.begin() + static_cast<long>(at),
               o.value.begin() + static_cast<long>(at + n));
      at += n;
    } while (at < o.value.size());
  }
  b.push_back(255);
  while (b.size() < 300) b.push_back(0);
  return b;
}

// A legacy BIOS PXE 2.1 ROM (UNDI 2.1, arch 0, Intel Boot Agent's 57 = 1260): 53, 57, 55 order.
inline std::vector<Opt> bios_rom_discover_options() {
  return {opt(53, {1}),
          opt(57, {4, 0xec}),
          opt(55, {1, 3, 43, 60, 66, 67}),
          opt(97, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
          opt(93, {0, 0}),
          opt(94, {1, 2, 1}),
          opt(60, "PXEClient:Arch:00000:UNDI:002001")};
}

// The PXE client of the tests: arch 7 (x64 UEFI), UUID, EDK2-like option order.
inline std::vector<Opt> pxe_request_options(std::uint8_t type, int arch = 7) {
  const auto a = static_cast<std::uint8_t>(arch);
  std::string vci = "PXEClient:Arch:0000" + std::to_string(arch) + ":UNDI:003000";
  if (arch >= 10) vci = "PXEClient:Arch:000" + std::to_string(arch) + ":UNDI:003000";
  return {opt(53, {type}),
          opt(57, {0x05, 0xc0}),
          opt(55, {1, 3, 43, 60, 66, 67}),
          opt(97, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
          opt(94, {1, 3, 0}),
          opt(93, {0, a}),
          opt(60, vci)};
}

inline Bytes eth_frame(const Mac& src, const Bytes& ip_packet) {
  Bytes b;
  for (int i = 0; i < 6; ++i) b.push_back(0xff);
  b.insert(b.end(), src.begin(), src.end());
  put16(b, 0x0800);
  append(b, ip_packet);
  return b;
}

inline Bytes tftp(std::uint16_t opcode, std::initializer_list<std::string_view> strings,
                  std::uint16_t number = 0, std::size_t data_bytes = 0) {
  Bytes b;
  put16(b, opcode);
  if (opcode == 3 || opcode == 4 || opcode == 5) put16(b, number);
  for (std::string_view s : strings) {
    append(b, s);
    b.push_back(0);
  }
  for (std::size_t i = 0; i < data_bytes; ++i) b.push_back(static_cast<std::uint8_t>(i));
  return b;
}

// ICMP destination unreachable (code 3: port) quoting a UDP datagram src->dst:dport.
inline Bytes icmp_port_unreachable(std::uint32_t from, std::uint32_t client, std::uint16_t cport,
                                   std::uint32_t server, std::uint16_t sport) {
  Bytes quoted = ipv4_udp(client, server, cport, sport, Bytes{0, 1, 'x', 0});
  Bytes icmp = {3, 3, 0, 0, 0, 0, 0, 0};
  append(icmp, quoted);
  Bytes ip;
  ip.push_back(0x45);
  ip.push_back(0);
  put16(ip, static_cast<std::uint16_t>(20 + icmp.size()));
  put16(ip, 1);
  put16(ip, 0);
  ip.push_back(64);
  ip.push_back(1);  // ICMP
  put16(ip, 0);
  put32(ip, from);
  put32(ip, client);
  append(ip, icmp);
  return ip;
}

// An IPv4 TCP segment (no options; checksums left 0: the story does not check them).
inline Bytes ipv4_tcp(std::uint32_t src, std::uint32_t dst, std::uint16_t sport,
                      std::uint16_t dport, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                      std::string_view payload = {}) {
  Bytes ip = {0x45, 0};
  put16(ip, static_cast<std::uint16_t>(40 + payload.size()));
  put16(ip, 1);
  put16(ip, 0);
  ip.push_back(64);
  ip.push_back(6);
  put16(ip, 0);
  put32(ip, src);
  put32(ip, dst);
  put16(ip, sport);
  put16(ip, dport);
  put32(ip, seq);
  put32(ip, ack);
  ip.push_back(0x50);
  ip.push_back(flags);
  put16(ip, 64240);
  put32(ip, 0);
  append(ip, payload);
  return ip;
}

// A scripted capture: frames at given times, fed to a StoryBuilder.
class Script {
 public:
  static constexpr std::uint32_t kServer = ip4(192, 168, 77, 2);
  static constexpr std::uint32_t kRouter = ip4(192, 168, 77, 1);
  static constexpr std::uint32_t kClient = ip4(192, 168, 77, 150);

  void at(double t, Bytes frame) { frames_.push_back({t, std::move(frame)}); }
  void client_dhcp(double t, const Bootp& m, std::uint32_t src = 0, std::uint32_t dst = 0xffffffff,
                   std::uint16_t sport = 68, std::uint16_t dport = 67) {
    at(t, eth_frame(kStoryMac, ipv4_udp(src, dst, sport, dport, bootp_payload(m))));
  }
  void server_dhcp(double t, const Bootp& m, std::uint32_t src, std::uint16_t sport = 67,
                   std::uint16_t dport = 68, std::uint32_t dst = 0xffffffff) {
    at(t, eth_frame(server_mac_, ipv4_udp(src, dst, sport, dport, bootp_payload(m))));
  }
  void client_udp(double t, std::uint16_t cport, std::uint32_t dst, std::uint16_t dport,
                  const Bytes& p) {
    at(t, eth_frame(kStoryMac, ipv4_udp(kClient, dst, cport, dport, p)));
  }
  void server_udp(double t, std::uint32_t src, std::uint16_t sport, std::uint16_t cport,
                  const Bytes& p) {
    at(t, eth_frame(server_mac_, ipv4_udp(src, kClient, sport, cport, p)));
  }

  // A TCP segment between the client (port `cport`) and `server`:80.
  void tcp(double t, bool from_client, std::uint32_t server, std::uint16_t cport, std::uint32_t seq,
           std::uint32_t ack, std::uint8_t flags, std::string_view data = {}) {
    at(t, eth_frame(from_client ? kStoryMac : server_mac_,
                    from_client ? ipv4_tcp(kClient, server, cport, 80, seq, ack, flags, data)
                                : ipv4_tcp(server, kClient, 80, cport, seq, ack, flags, data)));
  }

  // Captures only the first `bytes` of every frame from now on, as `tcpdump -s bytes` would.
  void snap_length(std::size_t bytes) { snap_length_ = bytes; }

  std::vector<ClientStory> run() const {
    StoryBuilder builder;
    std::uint64_t index = 0;
    for (const auto& [t, data] : frames_) {
      Frame f;
      f.index = ++index;
      f.ts_sec = 1700000000 + static_cast<std::int64_t>(t);
      f.ts_nsec =
          static_cast<std::uint32_t>((t - static_cast<double>(static_cast<std::int64_t>(t))) * 1e9);
      f.link_type = 1;
      f.original_length = static_cast<std::uint32_t>(data.size());
      f.data = std::span<const std::uint8_t>(data).first(std::min(data.size(), snap_length_));
      builder.add(f);
    }
    return builder.finish();
  }

  // The same frames for write_pcap (whole, µs timestamps).
  std::vector<TestFrame> test_frames() const {
    std::vector<TestFrame> out;
    for (const auto& [t, data] : frames_) {
      TestFrame f;
      f.data = data;
      f.ts_sec = 1700000000 + static_cast<std::uint32_t>(t);
      f.ts_frac = static_cast<std::uint32_t>((t - static_cast<std::uint32_t>(t)) * 1e6);
      out.push_back(std::move(f));
    }
    return out;
  }

 private:
  std::size_t snap_length_ = SIZE_MAX;
  Mac server_mac_ = {0x02, 0, 0, 0, 0, 2};
  std::vector<std::pair<double, Bytes>> frames_;
};

// The stories of a capture file.
inline std::vector<ClientStory> stories_of(const std::string& path) {
  CaptureReader reader;
  EXPECT_TRUE(reader.open_file(path)) << reader.error();
  StoryBuilder builder;
  Frame frame;
  while (reader.next(frame)) builder.add(frame);
  return builder.finish();
}

// --- the scripted boots' building blocks ---

inline bool has_event(const ClientStory& s, std::string_view kind) {
  return std::any_of(s.timeline.begin(), s.timeline.end(),
                     [&](const TimelineEvent& e) { return e.kind == kind; });
}

inline Bootp discover(std::uint32_t xid = 0x11223344, int arch = 7) {
  Bootp m;
  m.xid = xid;
  m.options = pxe_request_options(1, arch);
  return m;
}
inline Bootp request(std::uint32_t xid = 0x11223344, int arch = 7) {
  Bootp m;
  m.xid = xid;
  m.options = pxe_request_options(3, arch);
  return m;
}
inline Bootp reply(std::uint8_t type, std::uint32_t server, std::uint32_t yiaddr,
                   std::string file = {}, std::uint32_t siaddr = 0, bool pxe = true) {
  Bootp m;
  m.op = 2;
  m.yiaddr = yiaddr;
  m.siaddr = siaddr;
  m.file = std::move(file);
  m.options = {
      opt(53, {type}),
      opt(54, {static_cast<std::uint8_t>(server >> 24), static_cast<std::uint8_t>(server >> 16),
               static_cast<std::uint8_t>(server >> 8), static_cast<std::uint8_t>(server)})};
  if (pxe) {
    m.options.push_back(opt(60, "PXEClient"));
    m.options.push_back(opt(97, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}));
  }
  return m;
}

// DORA with the router, the proxy offering `file` directly.
inline void dora_with_file(Script& s, const std::string& file, int arch = 7) {
  s.client_dhcp(0.0, discover(0x11223344, arch));
  s.server_dhcp(0.01, reply(2, Script::kServer, 0, file, Script::kServer), Script::kServer);
  s.server_dhcp(1.0, reply(2, Script::kRouter, Script::kClient, {}, 0, false), Script::kRouter);
  s.client_dhcp(1.1, request(0x11223344, arch));
  s.server_dhcp(1.2, reply(5, Script::kRouter, Script::kClient, {}, 0, false), Script::kRouter);
}

// A complete TFTP download of `blocks` blocks of 512 (last one short) on client port `port`.
inline void download(Script& s, double t, std::uint16_t port, const std::string& file, int blocks,
                     std::size_t head_fill = 0) {
  s.client_udp(t, port, Script::kServer, 69, tftp(1, {file, "octet"}));
  for (int b = 1; b <= blocks; ++b) {
    const std::size_t n = b == blocks ? 100 : 512;
    Bytes data = tftp(3, {}, static_cast<std::uint16_t>(b), n);
    if (b == 1 && head_fill)
      std::fill(data.begin() + 4, data.begin() + 4 + static_cast<long>(head_fill), 0x90);
    s.server_udp(t + 0.01 * b, Script::kServer, 40000 + port, port, data);
    s.client_udp(t + 0.01 * b + 0.001, port, Script::kServer, 40000 + port,
                 tftp(4, {}, static_cast<std::uint16_t>(b)));
  }
}

inline const ClientStory& only(const std::vector<ClientStory>& v) {
  EXPECT_EQ(v.size(), 1u);
  return v.front();
}

// The router's DORA and nothing about booting; the client starts over at 9 s.
inline void address_without_boot_info(Script& s) {
  s.client_dhcp(0.0, discover());
  s.server_dhcp(1.0, reply(2, Script::kRouter, Script::kClient, {}, 0, false), Script::kRouter);
  s.client_dhcp(1.1, request());
  s.server_dhcp(1.2, reply(5, Script::kRouter, Script::kClient, {}, 0, false), Script::kRouter);
  s.client_dhcp(9.0, discover(0x55));
}

// The downloaded undionly.kpxe (iPXE) asks DHCP and is handed undionly.kpxe again, twice.
inline void undionly_loops(Script& s) {
  download(s, 2.0, 2000, "undionly.kpxe", 3);
  s.client_dhcp(4.0, discover(0x2222, 0));
  download(s, 5.0, 2001, "undionly.kpxe", 3);
  s.client_dhcp(7.0, discover(0x3333, 0));
}

}  // namespace pxescope::testing
