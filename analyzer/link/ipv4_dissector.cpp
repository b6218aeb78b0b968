#include "analyzer/link/ipv4_dissector.hpp"

#include <array>
#include <span>

#include "analyzer/link/bytes.hpp"
#include "analyzer/link/internet_checksum.hpp"
#include "analyzer/link/tree_add.hpp"

namespace pxescope {
namespace {

using bytes::be16;
using bytes::be32;

struct Named {
  std::uint8_t value;
  const char* name;
};

// tshark's names for the protocol numbers a boot network carries (ipproto.c).
constexpr std::array<Named, 14> kProtocolNames = {{{1, "ICMP"},
                                                   {2, "IGMP"},
                                                   {4, "IPIP"},
                                                   {6, "TCP"},
                                                   {17, "UDP"},
                                                   {41, "IPv6"},
                                                   {47, "GRE"},
                                                   {50, "ESP"},
                                                   {51, "AH"},
                                                   {58, "IPv6-ICMP"},
                                                   {89, "OSPF IGP"},
                                                   {103, "PIM"},
                                                   {112, "VRRP"},
                                                   {132, "SCTP"}}};

// RFC 2474/2597/3246/5865/8622 codepoints, as tshark's dscp_vals.
constexpr std::array<Named, 23> kDscpNames = {{{0, "Default"},
                                               {1, "Lower Effort"},
                                               {8, "Class Selector 1"},
                                               {10, "Assured Forwarding 11"},
                                               {12, "Assured Forwarding 12"},
                                               {14, "Assured Forwarding 13"},
                                               {16, "Class Selector 2"},
                                               {18, "Assured Forwarding 21"},
                                               {20, "Assured Forwarding 22"},
                                               {22, "Assured Forwarding 23"},
                                               {24, "Class Selector 3"},
                                               {26, "Assured Forwarding 31"},
                                               {28, "Assured Forwarding 32"},
                                               {30, "Assured Forwarding 33"},
                                               {32, "Class Selector 4"},
                                               {34, "Assured Forwarding 41"},
                                               {36, "Assured Forwarding 42"},
                                               {38, "Assured Forwarding 43"},
                                               {40, "Class Selector 5"},
                                               {44, "Voice Admit"},
                                               {46, "Expedited Forwarding"},
                                               {48, "Class Selector 6"},
                                               {56, "Class Selector 7"}}};

constexpr std::array<const char*, 4> kEcnNames = {
    "Not ECN-Capable Transport", "ECN-Capable Transport codepoint '01'",
    "ECN-Capable Transport codepoint '10'", "Congestion Experienced"};

template <std::size_t N>
const char* name_of(const std::array<Named, N>& table, std::uint8_t v, const char* other) {
  for (const Named& e : table)
    if (e.value == v) return e.name;
  return other;
}

// Lines are made when a view asks (NodeLine): no text is formatted per packet here.
void add_dsfield(FieldTree& t, NodeId ip, std::uint32_t off, std::uint8_t ds) {
  const std::uint8_t dscp = ds >> 2, ecn = ds & 3;
  const NodeId field =
      add_uint(t, ip, "ip.dsfield", off, 1, ds, NodeLine::hex("Differentiated Services Field", 2));
  add_uint(
      t, field, "ip.dsfield.dscp", off, 1, dscp,
      NodeLine::named("Differentiated Services Codepoint", name_of(kDscpNames, dscp, "Unknown")));
  add_uint(t, field, "ip.dsfield.ecn", off, 1, ecn,
           NodeLine::named("Explicit Congestion Notification", kEcnNames[ecn]));
}

void add_flags(FieldTree& t, NodeId ip, std::uint32_t off, std::uint16_t flags_fragment) {
  // "Flags: 0x2, Don't fragment": the names of the set DF and MF bits, by those two bits.
  static constexpr std::string_view kFlagNames[4] = {"", ", More fragments", ", Don't fragment",
                                                     ", Don't fragment, More fragments"};
  const std::uint8_t flags = flags_fragment >> 13;
  const NodeId field =
      add_uint(t, ip, "ip.flags", off, 1, flags, NodeLine::hex("Flags", 1, kFlagNames[flags & 3]));
  add_flag(t, field, "ip.flags.rb", off, 1, flags & 4, "Reserved bit");
  add_flag(t, field, "ip.flags.df", off, 1, flags & 2, "Don't fragment");
  add_flag(t, field, "ip.flags.mf", off, 1, flags & 1, "More fragments");
  const std::uint32_t fragment = (flags_fragment & 0x1fffu) * 8u;
  add_uint(t, ip, "ip.frag_offset", off, 2, fragment, NodeLine::labeled("Fragment Offset"));
  if (flags & 4) t.warn(field, Severity::Warn, "reserved flag bit set (RFC 791: must be zero)");
}

// Options, one node for all of them (type names are not needed by any boot story).
void add_options(FieldTree& t, NodeId ip, std::uint32_t off, std::size_t avail,
                 std::uint32_t header_length) {
  Line line;
  const std::uint32_t want = header_length - 20;
  const std::uint32_t have =
      avail > 20 ? static_cast<std::uint32_t>(avail - 20 < want ? avail - 20 : want) : 0;
  const NodeId opts = t.add(ip, "ip.options", off + 20, have);
  t.set_text(opts, line("Options: (%u bytes)", want));
  if (have < want) t.warn(opts, Severity::Error, "truncated IPv4 options");
}

// What the frame is when nothing above IPv4 decodes it (a layer above overwrites it).
void set_ipv4_summary(FieldTree& t, std::uint8_t protocol, std::uint16_t flags_fragment,
                      std::uint16_t id) {
  if (!t.info_wanted()) return t.set_summary("IPv4", {});
  const char* name = name_of(kProtocolNames, protocol, "Unknown");
  if ((flags_fragment & 0x3fff) != 0) {  // MF set or a non-zero offset: tshark's wording
    Line line;
    t.set_summary("IPv4", line("Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)", name,
                               protocol, (flags_fragment & 0x1fffu) * 8u, id));
  } else {
    TextLine line;  // every unfragmented IPv4 frame: no printf
    t.set_summary("IPv4", (line << "IPv4, protocol " << protocol << " (" << name << ")").view());
  }
}

}  // namespace

std::string_view ip_protocol_name(std::uint8_t protocol) {
  return name_of(kProtocolNames, protocol, "Unknown");
}

NodeId add_ipv4(FieldTree& t, NodeId parent, const std::uint8_t* frame, std::size_t n,
                std::uint32_t off, bool quoted) {
  const std::size_t avail = n > off ? n - off : 0;
  const std::uint8_t* h = frame + off;
  const std::uint32_t hl = avail >= 1 ? (h[0] & 0x0fu) * 4u : 20;
  const std::uint32_t node_length = static_cast<std::uint32_t>(avail < hl ? avail : hl);
  const NodeId ip = t.add(parent, "ip", off, node_length);
  if (avail < 20 || (h[0] >> 4) != 4 || hl < 20) {
    t.set_text(ip, "Internet Protocol Version 4");
    t.warn(ip, quoted ? Severity::Note : Severity::Error,
           avail < 20 ? (quoted ? "quoted IPv4 header cut short: 20 bytes needed"
                                : "truncated IPv4 header: 20 bytes needed")
                      : "bad IPv4 version or header length");
    return ip;
  }
  const Ipv4Text src(be32(h + 12)), dst(be32(h + 16));
  t.set_line(ip, NodeLine::ipv4_pair("Internet Protocol Version 4", be32(h + 12), be32(h + 16)));
  const std::uint16_t total_length = be16(h + 2);
  add_uint(t, ip, "ip.version", off, 1, h[0] >> 4, NodeLine::labeled("Version"));
  add_uint(t, ip, "ip.hdr_len", off, 1, hl, NodeLine::bytes("Header Length", hl / 4));
  add_dsfield(t, ip, off + 1, h[1]);
  add_uint(t, ip, "ip.len", off + 2, 2, total_length, NodeLine::labeled("Total Length"));
  add_uint(t, ip, "ip.id", off + 4, 2, be16(h + 4), NodeLine::hex_decimal("Identification", 4));
  const std::uint16_t flags_fragment = be16(h + 6);
  add_flags(t, ip, off + 6, flags_fragment);
  add_uint(t, ip, "ip.ttl", off + 8, 1, h[8], NodeLine::labeled("Time to Live"));
  add_uint(t, ip, "ip.proto", off + 9, 1, h[9],
           NodeLine::named("Protocol", ip_protocol_name(h[9])));
  // The checksum covers the header only: checkable whenever the whole header is there.
  const bool whole_header = avail >= hl;
  const std::uint16_t sent = be16(h + 10);
  const std::uint16_t computed =
      whole_header ? checksum_for_field(std::span<const std::uint8_t>(h, hl), 10) : 0;
  add_checksum(t, ip, "ip.checksum", "ip.checksum.status", off + 10, sent, computed,
               !whole_header      ? ChecksumStatus::Unverified
               : computed == sent ? ChecksumStatus::Good
                                  : ChecksumStatus::Bad,
               "Header Checksum");
  add_str(t, ip, "ip.src", off + 12, 4, src.view(), "Source Address");
  add_str(t, ip, "ip.dst", off + 16, 4, dst.view(), "Destination Address");
  if (hl > 20) add_options(t, ip, off, avail, hl);

  const bool more_fragments = (flags_fragment & 0x2000) != 0;
  const std::uint16_t fragment_offset = flags_fragment & 0x1fff;
  if (quoted) return ip;
  set_ipv4_summary(t, h[9], flags_fragment, be16(h + 4));
  if (more_fragments && fragment_offset == 0)
    t.warn(ip, Severity::Warn,
           "first fragment only: the rest of the datagram is in later fragments (not reassembled)");
  else if (fragment_offset != 0)
    t.warn(ip, Severity::Note, "later IPv4 fragment: not reassembled, not decoded");
  if (total_length < hl) t.warn(ip, Severity::Warn, "IPv4 total length smaller than the header");
  return ip;
}

}  // namespace pxescope
