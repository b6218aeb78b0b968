#include "analyzer/icmp/icmp_dissector.hpp"

#include <array>
#include <cstdio>
#include <span>

#include "analyzer/link/bytes.hpp"
#include "analyzer/link/internet_checksum.hpp"
#include "analyzer/link/ipv4_dissector.hpp"
#include "analyzer/link/tree_add.hpp"
#include "analyzer/link/udp_dissector.hpp"

namespace pxescope {
namespace {

using bytes::be16;
using bytes::be32;

constexpr std::uint8_t kEchoReply = 0, kUnreachable = 3, kSourceQuench = 4, kRedirect = 5,
                       kEchoRequest = 8, kTimeExceeded = 11, kParameterProblem = 12;
constexpr std::uint32_t kHeader = 8;

struct IcmpType {
  std::uint8_t type;
  const char* name;
  std::span<const char* const> codes;  // by code number; empty: no code names
};

// As tshark's icmp_type_str and the per-type code strings (RFC 792, 1122, 1812).
constexpr const char* kUnreachableCodes[] = {"Network unreachable",
                                             "Host unreachable",
                                             "Protocol unreachable",
                                             "Port unreachable",
                                             "Fragmentation needed",
                                             "Source route failed",
                                             "Destination network unknown",
                                             "Destination host unknown",
                                             "Source host isolated",
                                             "Network administratively prohibited",
                                             "Host administratively prohibited",
                                             "Network unreachable for TOS",
                                             "Host unreachable for TOS",
                                             "Communication administratively filtered",
                                             "Host precedence violation",
                                             "Precedence cutoff in effect"};
constexpr const char* kRedirectCodes[] = {"Redirect for network", "Redirect for host",
                                          "Redirect for TOS and network",
                                          "Redirect for TOS and host"};
constexpr const char* kTimeExceededCodes[] = {"Time to live exceeded in transit",
                                              "Fragment reassembly time exceeded"};
constexpr const char* kParameterProblemCodes[] = {"Pointer indicates the error",
                                                  "Required option missing", "Bad length"};

constexpr std::array<IcmpType, 15> kTypes = {{
    {kEchoReply, "Echo (ping) reply", {}},
    {kUnreachable, "Destination unreachable", kUnreachableCodes},
    {kSourceQuench, "Source quench (flow control)", {}},
    {kRedirect, "Redirect", kRedirectCodes},
    {kEchoRequest, "Echo (ping) request", {}},
    {9, "Router advertisement", {}},
    {10, "Router solicitation", {}},
    {kTimeExceeded, "Time-to-live exceeded", kTimeExceededCodes},
    {kParameterProblem, "Parameter problem", kParameterProblemCodes},
    {13, "Timestamp request", {}},
    {14, "Timestamp reply", {}},
    {15, "Information request", {}},
    {16, "Information reply", {}},
    {17, "Address mask request", {}},
    {18, "Address mask reply", {}},
}};

const IcmpType* find_type(std::uint8_t type) {
  for (const IcmpType& t : kTypes)
    if (t.type == type) return &t;
  return nullptr;
}

const char* code_name(const IcmpType* type, std::uint8_t code) {
  if (!type || code >= type->codes.size()) return nullptr;
  return type->codes[code];
}

bool is_error(std::uint8_t type) {
  return type == kUnreachable || type == kSourceQuench || type == kRedirect ||
         type == kTimeExceeded || type == kParameterProblem;
}

// The quoted datagram: IPv4 header, then UDP when it is UDP. Returns the UDP offset, or 0.
std::uint32_t add_quoted(FieldTree& t, NodeId icmp, const std::uint8_t* p, std::size_t end,
                         std::uint32_t off) {
  add_ipv4(t, icmp, p, end, off, /*quoted=*/true);
  if (end < off + 20) return 0;
  const std::uint8_t* q = p + off;
  const std::uint32_t hl = (q[0] & 0x0fu) * 4u;
  const bool first_fragment = (be16(q + 6) & 0x1fff) == 0;
  if ((q[0] >> 4) != 4 || hl < 20 || q[9] != 17 || !first_fragment || end < off + hl) return 0;
  UdpHeaderContext context;
  context.pseudo_header_sum = udp_ipv4_pseudo_sum(be32(q + 12), be32(q + 16));
  context.quoted = true;
  add_udp(t, icmp, p, end, off + hl, context);
  return end >= off + hl + 8 ? off + hl : 0;
}

// "Port unreachable (192.168.1.5:69 ← RRQ pxelinux.0)": the refused endpoint and what was
// sent to it, found among the earlier frames.
void set_refused_summary(FieldTree& t, NodeId icmp, const std::uint8_t* p, std::uint32_t quoted,
                         std::uint32_t udp, const char* code, const IcmpContext& context) {
  const std::uint8_t* q = p + quoted;
  const UdpRequestLog::Flow flow{be32(q + 12), be32(q + 16), be16(p + udp), be16(p + udp + 2)};
  const Ipv4Text dst(flow.dst_ip);
  const UdpRequestLog::Entry* request =
      context.log ? context.log->find(flow, context.frame) : nullptr;
  Line line;
  if (request) {
    add_uint(
        t, icmp, "icmp.refused_request_in", quoted, 0, request->frame,
        line("[Refused request in frame: %llu]", static_cast<unsigned long long>(request->frame)));
    t.set_summary("ICMP", line("%s (%s:%u \xe2\x86\x90 %.*s)", code, dst.buf, flow.dst_port,
                               static_cast<int>(request->length), request->text));
  } else {
    t.set_summary("ICMP", line("%s (%s:%u)", code, dst.buf, flow.dst_port));
  }
}

}  // namespace

NodeId add_icmp(FieldTree& t, const std::uint8_t* p, std::size_t end, std::uint32_t off,
                const IcmpContext& context) {
  const std::size_t avail = end > off ? end - off : 0;
  const NodeId icmp = t.add(kNoNode, "icmp", off, static_cast<std::uint32_t>(avail));
  t.set_text(icmp, "Internet Control Message Protocol");
  Line line;
  if (avail < 4) {
    t.warn(icmp, Severity::Error, "truncated ICMP header: 4 bytes needed");
    t.set_summary("ICMP", "Truncated ICMP message");
    return icmp;
  }
  const std::uint8_t* h = p + off;
  const std::uint8_t type = h[0], code = h[1];
  const IcmpType* known = find_type(type);
  const char* type_text = known ? known->name : "Unknown ICMP type";
  const char* code_text = code_name(known, code);
  add_uint(t, icmp, "icmp.type", off, 1, type, line("Type: %u (%s)", type, type_text));
  add_uint(t, icmp, "icmp.code", off + 1, 1, code,
           code_text ? line("Code: %u (%s)", code, code_text) : line("Code: %u", code));
  const std::uint16_t sent = be16(h + 2);
  const std::uint16_t computed = checksum_for_field(std::span<const std::uint8_t>(h, avail), 2);
  // What is captured is what the IP length says unless the snap length cut it.
  add_checksum(t, icmp, "icmp.checksum", "icmp.checksum.status", off + 2, sent, computed,
               computed == sent ? ChecksumStatus::Good : ChecksumStatus::Bad);
  if (avail < kHeader) {
    t.warn(icmp, Severity::Error, "truncated ICMP header: 8 bytes needed");
    t.set_summary("ICMP", type_text);
    return icmp;
  }
  if (type == kEchoRequest || type == kEchoReply) {
    const std::uint16_t id = be16(h + 4), seq = be16(h + 6);
    const auto swap = [](std::uint16_t v) {
      return static_cast<std::uint16_t>((v >> 8) | (v << 8));
    };
    add_uint(t, icmp, "icmp.ident", off + 4, 2, id, line("Identifier (BE): %u (0x%04x)", id, id));
    add_uint(t, icmp, "icmp.ident_le", off + 4, 2, swap(id),
             line("Identifier (LE): %u (0x%04x)", swap(id), swap(id)));
    add_uint(t, icmp, "icmp.seq", off + 6, 2, seq,
             line("Sequence Number (BE): %u (0x%04x)", seq, seq));
    add_uint(t, icmp, "icmp.seq_le", off + 6, 2, swap(seq),
             line("Sequence Number (LE): %u (0x%04x)", swap(seq), swap(seq)));
    t.set_summary("ICMP", line("%-20s id=0x%04x, seq=%u/%u, ttl=%u", type_text, id, seq, swap(seq),
                               context.ttl));
    return icmp;
  }
  std::uint32_t udp = 0;
  if (is_error(type)) {
    if (type != kRedirect && type != kParameterProblem) {
      char unused[12];
      std::snprintf(unused, sizeof unused, "%02x:%02x:%02x:%02x", h[4], h[5], h[6], h[7]);
      add_str(t, icmp, "icmp.unused", off + 4, 4, {unused, 11}, "Unused");
    }
    udp = add_quoted(t, icmp, p, end, off + kHeader);
  }
  if (type == kUnreachable && udp != 0 && code_text)
    set_refused_summary(t, icmp, p, off + kHeader, udp, code_text, context);
  else if (code_text)
    t.set_summary("ICMP", line("%-20s (%s)", type_text, code_text));
  else
    t.set_summary("ICMP", type_text);
  return icmp;
}

}  // namespace pxescope
