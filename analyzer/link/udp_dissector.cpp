#include "analyzer/link/udp_dissector.hpp"

#include <span>

#include "analyzer/link/bytes.hpp"
#include "analyzer/link/internet_checksum.hpp"
#include "analyzer/link/tree_add.hpp"

namespace pxescope {

using bytes::be16;

std::uint32_t udp_ipv4_pseudo_sum(std::uint32_t src_ip, std::uint32_t dst_ip) {
  return ipv4_pseudo_header_sum(src_ip, dst_ip, 17, 0);
}

namespace {

ChecksumStatus udp_checksum_status(std::uint16_t sent, std::uint16_t computed, bool whole) {
  if (sent == 0) return ChecksumStatus::NotPresent;  // RFC 768: the sender did not compute one
  if (!whole) return ChecksumStatus::Unverified;
  return sent == computed ? ChecksumStatus::Good : ChecksumStatus::Bad;
}

}  // namespace

NodeId add_udp(FieldTree& t, NodeId parent, const std::uint8_t* p, std::size_t end,
               std::uint32_t off, const UdpHeaderContext& context) {
  const std::size_t avail = end > off ? end - off : 0;
  const NodeId udp = t.add(parent, "udp", off, static_cast<std::uint32_t>(avail < 8 ? avail : 8));
  Line line;
  if (avail < 8) {
    t.set_text(udp, "User Datagram Protocol");
    t.warn(udp, context.quoted ? Severity::Note : Severity::Error,
           context.quoted ? "quoted UDP header cut short: 8 bytes needed"
                          : "truncated UDP header: 8 bytes needed");
    return udp;
  }
  const std::uint8_t* h = p + off;
  const std::uint16_t src_port = be16(h), dst_port = be16(h + 2), length = be16(h + 4);
  // Lines are made when a view asks (NodeLine): no text is formatted per packet here.
  t.set_line(udp, NodeLine::port_pair("User Datagram Protocol", src_port, dst_port));
  add_uint(t, udp, "udp.srcport", off, 2, src_port, NodeLine::labeled("Source Port"));
  add_uint(t, udp, "udp.dstport", off + 2, 2, dst_port, NodeLine::labeled("Destination Port"));
  const NodeId len =
      add_uint(t, udp, "udp.length", off + 4, 2, length, NodeLine::labeled("Length"));
  // The checksum covers the pseudo-header and the whole datagram as its length field says.
  const bool whole = context.checkable && length >= 8 && length <= avail;
  const std::uint16_t sent = be16(h + 6);
  std::uint16_t computed = 0;
  if (whole) {
    computed = checksum_for_field(std::span<const std::uint8_t>(h, length), 6,
                                  context.pseudo_header_sum + length);
    if (computed == 0) computed = 0xffff;  // 0 means "no checksum": sent as all ones
  }
  add_checksum(t, udp, "udp.checksum", "udp.checksum.status", off + 6, sent, computed,
               udp_checksum_status(sent, computed, whole));
  if (length < 8) {
    t.warn(len, Severity::Warn, "UDP length smaller than its 8-byte header");
  } else if (length > avail && !context.quoted) {
    t.warn(len, Severity::Warn,
           line("UDP length %u goes past the captured data (%zu payload bytes present)", length,
                avail - 8));
  }
  if (!context.quoted && !t.info_wanted()) {
    t.set_summary("UDP", {});
  } else if (!context.quoted) {
    TextLine info;  // "68 → 67 Len=347", for every UDP frame: no printf
    t.set_summary("UDP", (info << src_port << " \xe2\x86\x92 " << dst_port
                               << " Len=" << (length >= 8 ? length - 8u : 0u))
                             .view());
  }
  return udp;
}

}  // namespace pxescope
