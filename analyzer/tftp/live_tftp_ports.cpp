#include "analyzer/tftp/live_tftp_ports.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <span>
#include <string_view>

#include "analyzer/link/udp_locator.hpp"
#include "analyzer/tftp/tftp_dissector.hpp"

namespace pxescope {
namespace {

constexpr std::uint16_t kTftpPort = 69;
constexpr std::uint16_t kEtherTypeIpv6 = 0x86dd;

// One UDP datagram: its ends as BPF names them, and its payload.
struct Datagram {
  std::string src, dst;
  std::uint16_t src_port = 0, dst_port = 0;
  std::span<const std::uint8_t> payload;
};

std::string address_text(int family, const std::uint8_t* bytes) {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(family, bytes, text, sizeof text);
  return text;
}

// UDP over IPv4 (any link the analyzer reads), or over IPv6 with no extension header.
bool read_datagram(const Frame& frame, Datagram& d) {
  UdpLocation loc;
  const std::uint8_t* p = frame.data.data();
  const std::size_t n = frame.data.size();
  if (locate_udp(frame.data, frame.link_type, loc)) {
    d.src = address_text(AF_INET, p + loc.ip_offset + 12);
    d.dst = address_text(AF_INET, p + loc.ip_offset + 16);
    d.src_port = loc.src_port;
    d.dst_port = loc.dst_port;
    d.payload = frame.data.subspan(loc.payload_offset, loc.payload_length);
    return true;
  }
  const std::size_t ip = loc.ip_offset;
  if (loc.reached < UdpStage::Link || loc.ethertype != kEtherTypeIpv6 || n < ip + 48 ||
      p[ip + 6] != 17)
    return false;
  const std::size_t udp = ip + 40;
  const std::size_t length = (p[udp + 4] << 8) | p[udp + 5];
  d.src = address_text(AF_INET6, p + ip + 8);
  d.dst = address_text(AF_INET6, p + ip + 24);
  d.src_port = static_cast<std::uint16_t>((p[udp] << 8) | p[udp + 1]);
  d.dst_port = static_cast<std::uint16_t>((p[udp + 2] << 8) | p[udp + 3]);
  const std::size_t end = length >= 8 && udp + length < n ? udp + length : n;
  d.payload = frame.data.subspan(udp + 8, end - udp - 8);
  return true;
}

// The blksize an OACK grants (RFC 2348), 0 when it names none.
std::uint32_t oack_block_size(std::span<const std::uint8_t> payload) {
  std::string_view rest(reinterpret_cast<const char*>(payload.data()) + 2, payload.size() - 2);
  while (!rest.empty()) {
    const std::size_t name_end = rest.find('\0');
    if (name_end == std::string_view::npos) return 0;
    const std::string_view name = rest.substr(0, name_end);
    rest.remove_prefix(name_end + 1);
    const std::size_t value_end = rest.find('\0');
    const std::string_view value = rest.substr(0, value_end);
    rest.remove_prefix(value_end == std::string_view::npos ? rest.size() : value_end + 1);
    const bool blksize = std::ranges::equal(name, std::string_view("blksize"),
                                            [](char a, char b) { return (a | 0x20) == b; });
    std::uint32_t size = 0;
    if (blksize &&
        std::from_chars(value.data(), value.data() + value.size(), size).ec == std::errc{})
      return size;
  }
  return 0;
}

}  // namespace

LiveTftpPorts::Transfer* LiveTftpPorts::find(const std::string& address, std::uint16_t port) {
  for (Transfer& t : transfers_)
    if (t.client_port == port && t.client == address) return &t;
  return nullptr;
}

bool LiveTftpPorts::on_frame(const Frame& frame, double now) {
  Datagram d;
  TftpHeader header;
  if (!read_datagram(frame, d) || !peek_tftp(d.payload, header)) return expire(now);
  bool changed = false;
  if (d.dst_port == kTftpPort && (header.opcode == kTftpRrq || header.opcode == kTftpWrq)) {
    Transfer* t = find(d.src, d.src_port);
    if (!t) {
      if (transfers_.size() == kMaxTransfers) transfers_.erase(transfers_.begin());
      transfers_.push_back({d.src, d.src_port});
      t = &transfers_.back();
      changed = true;
    }
    *t = {t->client, t->client_port, 512, now, 0};
    return expire(now) || changed;
  }
  // A packet of a followed transfer goes to or comes from the client's port.
  const bool from_client = find(d.src, d.src_port) != nullptr;
  Transfer* t = from_client ? find(d.src, d.src_port) : find(d.dst, d.dst_port);
  if (!t) return expire(now);
  t->last_seen = now;
  const std::size_t data_length = d.payload.size() >= 4 ? d.payload.size() - 4 : 0;
  if (header.opcode == kTftpOack) {
    const std::uint32_t size = oack_block_size(d.payload);
    if (size) t->block_size = size;
  } else if (header.opcode == kTftpError) {
    t->ends_at = now;  // nothing follows an ERROR (RFC 1350)
  } else if (header.opcode == kTftpData && data_length < t->block_size && t->ends_at == 0) {
    t->ends_at = now + kLastBlockGraceSeconds;
  }
  return expire(now);
}

bool LiveTftpPorts::expire(double now) {
  const std::size_t before = transfers_.size();
  std::erase_if(transfers_, [now](const Transfer& t) {
    return (t.ends_at > 0 && now >= t.ends_at) || now - t.last_seen >= kIdleSeconds;
  });
  return transfers_.size() != before;
}

std::string LiveTftpPorts::filter() const {
  if (transfers_.empty()) return base_;
  std::string f = "(" + base_ + ")";
  for (const Transfer& t : transfers_)
    f += " or (host " + t.client + " and udp port " + std::to_string(t.client_port) + ")";
  return f;
}

}  // namespace pxescope
