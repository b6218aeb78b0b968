#include "analyzer/arp/arp_dissector.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "analyzer/link/bytes.hpp"
#include "analyzer/link/tree_add.hpp"

namespace pxescope {
namespace {

using bytes::be16;
using bytes::be32;

constexpr std::uint32_t kFixedHeader = 8;  // htype, ptype, hlen, plen, opcode
constexpr std::uint16_t kHwEthernet = 1, kProtoIpv4 = 0x0800;
constexpr std::uint16_t kRequest = 1, kReply = 2;

struct Opcode {
  std::uint16_t value;
  const char* name;
};
// RFC 826, 903, 1293, 1931, 2390; as tshark's op_vals.
constexpr std::array<Opcode, 10> kOpcodes = {{{1, "request"},
                                              {2, "reply"},
                                              {3, "reverse request"},
                                              {4, "reverse reply"},
                                              {5, "DRARP-Request"},
                                              {6, "DRARP-Reply"},
                                              {7, "DRARP-Error"},
                                              {8, "InARP request"},
                                              {9, "InARP reply"},
                                              {10, "ARP-NAK"}}};

const char* opcode_name(std::uint16_t op) {
  for (const Opcode& o : kOpcodes)
    if (o.value == op) return o.name;
  return "Unknown";
}

// The four addresses, by where they are in the packet.
struct ArpLayout {
  std::uint32_t sha, spa, tha, tpa, end;
};

ArpLayout layout(std::uint32_t off, std::uint8_t hlen, std::uint8_t plen) {
  ArpLayout l;
  l.sha = off + kFixedHeader;
  l.spa = l.sha + hlen;
  l.tha = l.spa + plen;
  l.tpa = l.tha + hlen;
  l.end = l.tpa + plen;
  return l;
}

bool all_zero(const std::uint8_t* p, std::size_t n) {
  return std::all_of(p, p + n, [](std::uint8_t b) { return b == 0; });
}

// Hardware and protocol addresses of other kinds: colon hex, as tshark's FT_BYTES.
void add_bytes(FieldTree& t, NodeId arp, std::string_view name, const std::uint8_t* p,
               std::uint32_t off, std::uint8_t len, const char* label) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char hex[255 * 3];
  std::size_t used = 0;
  for (std::uint8_t i = 0; i < len; ++i) {
    if (i) hex[used++] = ':';
    hex[used++] = kDigits[p[off + i] >> 4];
    hex[used++] = kDigits[p[off + i] & 15];
  }
  add_str(t, arp, name, off, len, {hex, used}, label);
}

// RFC 5227 kinds, by tshark's rules: the sender asks for (or answers about) its own address.
struct ArpKind {
  bool gratuitous = false, announcement = false, probe = false;
};

ArpKind classify(const std::uint8_t* p, const ArpLayout& l, std::uint16_t op, std::uint8_t hlen,
                 std::uint8_t plen) {
  ArpKind k;
  const bool request_or_reply = op == kRequest || op == kReply;
  const bool target_hw_zero = all_zero(p + l.tha, hlen);
  if (request_or_reply && std::memcmp(p + l.spa, p + l.tpa, plen) == 0) {
    k.gratuitous = true;
    k.announcement = op == kRequest && target_hw_zero;
  } else {
    k.probe = op == kRequest && target_hw_zero && all_zero(p + l.spa, plen);
  }
  return k;
}

void set_arp_summary(FieldTree& t, std::uint16_t op, const ArpKind& k, std::string_view sender,
                     std::string_view sender_ip, std::string_view target_ip) {
  if (!t.info_wanted()) return t.set_summary("ARP", {});
  Line line;
  const int sl = static_cast<int>(sender_ip.size()), tl = static_cast<int>(target_ip.size());
  std::string_view info;
  if (op == kRequest && k.announcement)
    info = line("ARP Announcement for %.*s", tl, target_ip.data());
  else if (op == kRequest && k.gratuitous)
    info = line("Gratuitous ARP for %.*s (Request)", tl, target_ip.data());
  else if (op == kRequest && k.probe)
    info = line("Who has %.*s? (ARP Probe)", tl, target_ip.data());
  else if (op == kRequest)
    info = line("Who has %.*s? Tell %.*s", tl, target_ip.data(), sl, sender_ip.data());
  else if (op == kReply && k.gratuitous)
    info = line("Gratuitous ARP for %.*s (Reply)", sl, sender_ip.data());
  else if (op == kReply)
    info = line("%.*s is at %.*s", sl, sender_ip.data(), static_cast<int>(sender.size()),
                sender.data());
  else
    info = line("ARP %s", opcode_name(op));
  t.set_summary("ARP", info);
}

}  // namespace

NodeId add_arp(FieldTree& t, const std::uint8_t* p, std::size_t n, std::uint32_t off) {
  const std::size_t avail = n > off ? n - off : 0;
  const NodeId arp = t.add(kNoNode, "arp", off, static_cast<std::uint32_t>(avail));
  Line line;
  if (avail < kFixedHeader) {
    t.set_text(arp, "Address Resolution Protocol");
    t.warn(arp, Severity::Error, "truncated ARP header: 8 bytes needed");
    t.set_summary("ARP", "Truncated ARP packet");
    return arp;
  }
  const std::uint8_t* h = p + off;
  const std::uint16_t htype = be16(h), ptype = be16(h + 2), op = be16(h + 6);
  const std::uint8_t hlen = h[4], plen = h[5];
  add_uint(t, arp, "arp.hw.type", off, 2, htype,
           line("Hardware type: %s (%u)", htype == kHwEthernet ? "Ethernet" : "Unknown", htype));
  add_uint(t, arp, "arp.proto.type", off + 2, 2, ptype,
           line("Protocol type: %s (0x%04x)", ptype == kProtoIpv4 ? "IPv4" : "Unknown", ptype));
  add_uint(t, arp, "arp.hw.size", off + 4, 1, hlen, line("Hardware size: %u", hlen));
  add_uint(t, arp, "arp.proto.size", off + 5, 1, plen, line("Protocol size: %u", plen));
  add_uint(t, arp, "arp.opcode", off + 6, 2, op, line("Opcode: %s (%u)", opcode_name(op), op));

  const ArpLayout l = layout(off, hlen, plen);
  t[arp].length = static_cast<std::uint32_t>(std::min<std::size_t>(avail, l.end - off));
  if (n < l.end) {
    t.set_text(arp, "Address Resolution Protocol");
    t.warn(arp, Severity::Error,
           line("truncated ARP packet: %u bytes needed for its addresses, %zu captured",
                l.end - off, avail));
    t.set_summary("ARP", "Truncated ARP packet");
    return arp;
  }
  const ArpKind kind = classify(p, l, op, hlen, plen);
  const bool ether_ipv4 = htype == kHwEthernet && ptype == kProtoIpv4 && hlen == 6 && plen == 4;
  t.set_text(arp, line("Address Resolution Protocol (%s)",
                       kind.announcement ? "ARP Announcement"
                       : kind.probe      ? "ARP Probe"
                       : kind.gratuitous
                           ? (op == kRequest ? "request/gratuitous ARP" : "reply/gratuitous ARP")
                           : opcode_name(op)));
  if (kind.gratuitous) add_uint(t, arp, "arp.isgratuitous", off + 6, 0, 1, "[Is gratuitous: True]");
  if (kind.probe) add_uint(t, arp, "arp.isprobe", off + 6, 0, 1, "[Is probe: True]");
  if (kind.announcement)
    add_uint(t, arp, "arp.isannouncement", off + 6, 0, 1, "[Is announcement: True]");
  if (!ether_ipv4) {
    add_bytes(t, arp, "arp.src.hw", p, l.sha, hlen, "Sender hardware address");
    add_bytes(t, arp, "arp.src.proto", p, l.spa, plen, "Sender protocol address");
    add_bytes(t, arp, "arp.dst.hw", p, l.tha, hlen, "Target hardware address");
    add_bytes(t, arp, "arp.dst.proto", p, l.tpa, plen, "Target protocol address");
    if (htype == kHwEthernet && ptype == kProtoIpv4)
      t.warn(arp, Severity::Warn,
             line("Ethernet/IPv4 ARP with address sizes %u/%u (6/4 expected)", hlen, plen));
    t.set_summary("ARP", line("ARP %s", opcode_name(op)));
    return arp;
  }
  const MacText sender(p + l.sha), target(p + l.tha);
  const Ipv4Text sender_ip(be32(p + l.spa)), target_ip(be32(p + l.tpa));
  add_str(t, arp, "arp.src.hw_mac", l.sha, 6, sender.view(), "Sender MAC address");
  add_str(t, arp, "arp.src.proto_ipv4", l.spa, 4, sender_ip.view(), "Sender IP address");
  add_str(t, arp, "arp.dst.hw_mac", l.tha, 6, target.view(), "Target MAC address");
  add_str(t, arp, "arp.dst.proto_ipv4", l.tpa, 4, target_ip.view(), "Target IP address");
  set_arp_summary(t, op, kind, sender.view(), sender_ip.view(), target_ip.view());
  return arp;
}

}  // namespace pxescope
