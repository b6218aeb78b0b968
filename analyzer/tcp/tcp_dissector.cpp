#include "analyzer/tcp/tcp_dissector.hpp"

#include <algorithm>
#include <cstdio>
#include <span>

#include "analyzer/link/bytes.hpp"
#include "analyzer/link/internet_checksum.hpp"
#include "analyzer/link/tree_add.hpp"

namespace pxescope {
namespace {

using bytes::be16;
using bytes::be32;

// tshark's flag names, by bit (FIN = bit 0): the Info column lists the set ones in this order.
constexpr const char* kFlagNames[] = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE"};

struct FlagBit {
  const char* field;
  std::uint16_t mask;
  const char* label;
};
// The bits in header order, as tshark lists tcp.flags_tree.
constexpr FlagBit kFlagBits[] = {
    {"tcp.flags.ae", kTcpAe, "Accurate ECN"},
    {"tcp.flags.cwr", kTcpCwr, "Congestion Window Reduced"},
    {"tcp.flags.ece", kTcpEce, "ECN-Echo"},
    {"tcp.flags.urg", kTcpUrg, "Urgent"},
    {"tcp.flags.ack", kTcpAck, "Acknowledgment"},
    {"tcp.flags.push", kTcpPsh, "Push"},
    {"tcp.flags.reset", kTcpRst, "Reset"},
    {"tcp.flags.syn", kTcpSyn, "Syn"},
    {"tcp.flags.fin", kTcpFin, "Fin"},
};

// Bytes as tshark prints FT_BYTES ("02:04:05:b4") into a fixed buffer.
struct HexText {
  char buf[3 * 60];
  std::size_t len = 0;
  HexText(const std::uint8_t* p, std::size_t n) {
    static constexpr char kDigits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < n && len + 3 <= sizeof buf; ++i) {
      if (i) buf[len++] = ':';
      buf[len++] = kDigits[p[i] >> 4];
      buf[len++] = kDigits[p[i] & 15];
    }
  }
  std::string_view view() const { return {buf, len}; }
};

using InfoText = LineBuilder<256>;

NodeId add_bytes(FieldTree& t, NodeId parent, std::string_view name, std::uint32_t off,
                 const std::uint8_t* p, std::uint32_t n, std::string_view text) {
  const NodeId id = t.add(parent, name, off, n);
  t.set_string(id, HexText(p, n).view());
  t.set_text(id, text);
  return id;
}

void add_flags(FieldTree& t, NodeId tcp, std::uint32_t off, std::uint16_t flags) {
  Line line;
  const NodeId field = add_uint(t, tcp, "tcp.flags", off, 2, flags, line("Flags: 0x%03x", flags));
  const unsigned reserved = (flags >> 9) & 7;
  add_uint(t, field, "tcp.flags.res", off, 1, reserved, line("Reserved: %u", reserved));
  for (const FlagBit& bit : kFlagBits)
    add_flag(t, field, bit.field, bit.mask > 0xff ? off : off + 1, 1, flags & bit.mask, bit.label);
  // tshark's 12-character picture: a letter for each set bit, a middle dot otherwise.
  static constexpr char kLetters[] = "RRRACEUAPRSF";
  std::string_view dot = "\xc2\xb7";
  char str[12 * 2 + 1];
  std::size_t n = 0;
  for (int i = 0; i < 12; ++i) {
    if (flags & (1u << (11 - i))) {
      str[n++] = kLetters[i];
    } else {
      str[n++] = dot[0];
      str[n++] = dot[1];
    }
  }
  const NodeId s = t.add(field, "tcp.flags.str", off, 2);
  t.set_string(s, {str, n});
  t.set_text(s, line("[TCP Flags: %.*s]", static_cast<int>(n), str));
  if (reserved)
    t.warn(field, Severity::Warn, "reserved TCP flag bits set (RFC 9293: must be zero)");
}

// The options, each under tcp.options with tshark's names; their Info words appended to `info`.
void add_options(FieldTree& t, NodeId tcp, const std::uint8_t* p, std::uint32_t off,
                 std::uint32_t n, InfoText& info) {
  Line line;
  const NodeId opts =
      add_bytes(t, tcp, "tcp.options", off, p + off, n, line("Options: (%u bytes)", n));
  std::uint32_t i = 0;
  while (i < n) {
    const std::uint8_t* o = p + off + i;
    const std::uint32_t at = off + i;
    const std::uint8_t kind = o[0];
    if (kind == 0 || kind == 1) {  // EOL, NOP: one byte, no length
      const NodeId id = add_bytes(t, opts, kind ? "tcp.options.nop" : "tcp.options.eol", at, o, 1,
                                  kind ? "No-Operation (NOP)" : "End of Option List (EOL)");
      add_uint(t, id, "tcp.option_kind", at, 1, kind, line("Kind: %u", kind));
      ++i;
      if (kind == 0) break;
      continue;
    }
    if (i + 1 >= n || o[1] < 2 || i + o[1] > n) {
      t.warn(opts, Severity::Warn,
             line("TCP option kind %u at byte %u: bad length (runs past the options)", kind, i));
      break;
    }
    const std::uint32_t len = o[1];
    const char* name = nullptr;
    switch (kind) {
      case 2:
        name = "tcp.options.mss";
        break;
      case 3:
        name = "tcp.options.wscale";
        break;
      case 4:
        name = "tcp.options.sack_perm";
        break;
      case 5:
        name = "tcp.options.sack";
        break;
      case 8:
        name = "tcp.options.timestamp";
        break;
      default:
        name = "tcp.options.unknown";
        break;
    }
    const NodeId id = add_bytes(t, opts, name, at, o, len, line("TCP Option: kind %u", kind));
    add_uint(t, id, "tcp.option_kind", at, 1, kind, line("Kind: %u", kind));
    add_uint(t, id, "tcp.option_len", at + 1, 1, len, line("Length: %u", len));
    if (kind == 2 && len == 4) {
      t.set_text(id, line("Maximum segment size: %u bytes", be16(o + 2)));
      add_uint(t, id, "tcp.options.mss_val", at + 2, 2, be16(o + 2),
               line("MSS Value: %u", be16(o + 2)));
      info.add(" MSS=%u", be16(o + 2));
    } else if (kind == 3 && len == 3) {
      const unsigned shift = o[2], multiplier = 1u << (shift > 14 ? 14 : shift);
      t.set_text(id, line("Window scale: %u (multiply by %u)", shift, multiplier));
      add_uint(t, id, "tcp.options.wscale.shift", at + 2, 1, shift, line("Shift count: %u", shift));
      add_uint(t, id, "tcp.options.wscale.multiplier", at + 2, 1, multiplier,
               line("[Multiplier: %u]", multiplier));
      if (shift > 14)
        t.warn(id, Severity::Warn, "window scale shift over 14 (RFC 7323): used as 14");
      info.add(" WS=%u", multiplier);
    } else if (kind == 4 && len == 2) {
      t.set_text(id, "TCP SACK Permitted Option: True");
      info.add(" SACK_PERM");
    } else if (kind == 5 && len >= 2 && (len - 2) % 8 == 0) {
      t.set_text(id, line("SACK: %u blocks", (len - 2) / 8));
      for (std::uint32_t b = 2; b + 8 <= len; b += 8) {
        add_uint(t, id, "tcp.options.sack_le", at + b, 4, be32(o + b),
                 line("left edge = %u", be32(o + b)));
        add_uint(t, id, "tcp.options.sack_re", at + b + 4, 4, be32(o + b + 4),
                 line("right edge = %u", be32(o + b + 4)));
      }
    } else if (kind == 8 && len == 10) {
      t.set_text(id, line("Timestamps: TSval %u, TSecr %u", be32(o + 2), be32(o + 6)));
      add_uint(t, id, "tcp.options.timestamp.tsval", at + 2, 4, be32(o + 2),
               line("Timestamp value: %u", be32(o + 2)));
      add_uint(t, id, "tcp.options.timestamp.tsecr", at + 6, 4, be32(o + 6),
               line("Timestamp echo reply: %u", be32(o + 6)));
      info.add(" TSval=%u TSecr=%u", be32(o + 2), be32(o + 6));
    } else if (kind == 2 || kind == 3 || kind == 4 || kind == 5 || kind == 8) {
      t.warn(id, Severity::Warn, line("TCP option kind %u with a wrong length %u", kind, len));
    }
    i += len;
  }
}

ChecksumStatus tcp_checksum_status(std::uint16_t sent, std::uint16_t computed, bool whole) {
  if (!whole) return ChecksumStatus::Unverified;
  return sent == computed ? ChecksumStatus::Good : ChecksumStatus::Bad;
}

}  // namespace

TcpDissection add_tcp(FieldTree& t, const std::uint8_t* p, std::size_t end, std::uint32_t off,
                      const TcpHeaderContext& context, TcpStreamTable& streams) {
  TcpDissection out;
  const std::size_t avail = end > off ? end - off : 0;
  const std::uint8_t* h = p + off;
  const std::uint32_t hl = avail >= 13 ? (h[12] >> 4) * 4u : 20;
  const NodeId tcp =
      t.add(kNoNode, "tcp", off, static_cast<std::uint32_t>(avail < hl ? avail : hl));
  out.node = tcp;
  Line line;
  if (avail < 20 || hl < 20 || avail < hl) {
    t.set_text(tcp, "Transmission Control Protocol");
    t.warn(tcp, Severity::Error,
           avail < 20 ? "truncated TCP header: 20 bytes needed"
           : hl < 20  ? "bad TCP header length (under 20 bytes)"
                      : "truncated TCP header: options run past the captured data");
    return out;
  }
  out.header_ok = true;
  out.ends = context.ends;
  out.ends.src_port = be16(h);
  out.ends.dst_port = be16(h + 2);
  const std::uint32_t seq = be32(h + 4), ack = be32(h + 8);
  const std::uint16_t flags = be16(h + 12) & 0x0fff;
  out.flags = flags;
  out.seq = seq;
  out.payload_offset = off + hl;
  out.payload_length = static_cast<std::uint32_t>(avail - hl);

  // Options first (not yet in the tree): the SYN's window scale feeds the stream analysis.
  InfoText option_info;
  TcpSegmentHeader header{seq, ack, flags, out.payload_length, -2};
  if (flags & kTcpSyn)
    for (std::uint32_t i = 20; i < hl;) {  // a quick scan for kind 3
      const std::uint8_t kind = h[i];
      if (kind == 0) break;
      if (kind == 1) {
        ++i;
        continue;
      }
      if (i + 1 >= hl || h[i + 1] < 2) break;
      if (kind == 3 && h[i + 1] == 3 && i + 3 <= hl)
        header.syn_window_shift = h[i + 2] > 14 ? 14 : h[i + 2];
      i += h[i + 1];
    }
  const TcpSegmentAnalysis a = streams.analyze(context.frame_index, out.ends, header);
  out.analysis = a;

  t.set_text(tcp,
             line("Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u, Len: %u",
                  out.ends.src_port, out.ends.dst_port, a.relative_seq, out.payload_length));
  add_uint(t, tcp, "tcp.srcport", off, 2, out.ends.src_port,
           line("Source Port: %u", out.ends.src_port));
  add_uint(t, tcp, "tcp.dstport", off + 2, 2, out.ends.dst_port,
           line("Destination Port: %u", out.ends.dst_port));
  add_uint(t, tcp, "tcp.stream", off, 0, a.stream, line("[Stream index: %u]", a.stream));
  add_uint(t, tcp, "tcp.len", off, 0, out.payload_length,
           line("[TCP Segment Len: %u]", out.payload_length));
  add_uint(t, tcp, "tcp.seq", off + 4, 4, a.relative_seq,
           line("Sequence Number: %u    (relative sequence number)", a.relative_seq));
  add_uint(t, tcp, "tcp.seq_raw", off + 4, 4, seq, line("Sequence Number (raw): %u", seq));
  add_uint(t, tcp, "tcp.nxtseq", off, 0, a.next_relative_seq,
           line("[Next Sequence Number: %u    (relative sequence number)]", a.next_relative_seq));
  add_uint(t, tcp, "tcp.ack", off + 8, 4, a.relative_ack,
           line("Acknowledgment Number: %u    (relative ack number)", a.relative_ack));
  add_uint(t, tcp, "tcp.ack_raw", off + 8, 4, ack, line("Acknowledgment number (raw): %u", ack));
  add_uint(t, tcp, "tcp.hdr_len", off + 12, 1, hl,
           line("Header Length: %u bytes (%u)", hl, hl / 4));
  add_flags(t, tcp, off + 12, flags);
  const std::uint16_t window = be16(h + 14);
  const std::uint32_t scaled =
      a.window_shift >= 0 ? std::uint32_t{window} << a.window_shift : window;
  add_uint(t, tcp, "tcp.window_size_value", off + 14, 2, window, line("Window: %u", window));
  add_uint(t, tcp, "tcp.window_size", off + 14, 2, scaled,
           line("[Calculated window size: %u]", scaled));
  if (a.window_shift >= 0) {
    const NodeId factor = t.add(tcp, "tcp.window_size_scalefactor", off + 14, 2);
    t.set_int(factor, std::int64_t{1} << a.window_shift);
    t.set_text(factor, line("[Window size scaling factor: %d]", 1 << a.window_shift));
  }
  // The checksum covers the pseudo-header and the whole segment.
  const std::size_t segment_length = avail;
  const bool whole = context.checkable;
  std::uint16_t computed = 0;
  if (whole)
    computed =
        checksum_for_field(std::span<const std::uint8_t>(h, segment_length), 16,
                           context.pseudo_header_sum + static_cast<std::uint32_t>(segment_length));
  add_checksum(t, tcp, "tcp.checksum", "tcp.checksum.status", off + 16, be16(h + 16), computed,
               tcp_checksum_status(be16(h + 16), computed, whole));
  add_uint(t, tcp, "tcp.urgent_pointer", off + 18, 2, be16(h + 18),
           line("Urgent Pointer: %u", be16(h + 18)));
  if (hl > 20) add_options(t, tcp, p, off + 20, hl - 20, option_info);
  if (a.retransmission) {
    const NodeId analysis = t.add(tcp, "tcp.analysis", off, 0);
    t.set_text(analysis, "[SEQ/ACK analysis]");
    const NodeId r = t.add(analysis, "tcp.analysis.retransmission", off, 0);
    t.set_text(r, "[This frame is a (suspected) retransmission]");
    t.warn(r, Severity::Note,
           "this frame is a (suspected) retransmission: its data was sent before");
  }

  // Info: "[TCP Retransmission] 50000 → 80 [SYN, ACK] Seq=0 Ack=1 Win=65160 Len=0 MSS=1460 ..."
  if (!t.info_wanted()) {
    t.set_summary("TCP", {});
    return out;
  }
  InfoText info;
  if (a.retransmission) info.add("[TCP Retransmission] ");
  info.add("%u \xe2\x86\x92 %u [", out.ends.src_port, out.ends.dst_port);
  bool first = true;
  for (int bit = 0; bit < 9; ++bit)
    if (flags & (1u << bit)) {
      info.add(first ? "%s" : ", %s", kFlagNames[bit]);
      first = false;
    }
  if (first) info.add("<None>");
  info.add("] Seq=%u", a.relative_seq);
  if (flags & kTcpAck) info.add(" Ack=%u", a.relative_ack);
  info.add(" Win=%u Len=%u", scaled, out.payload_length);
  if (flags & kTcpUrg) info.add(" Urg=%u", be16(h + 18));
  info.add("%.*s", static_cast<int>(option_info.len), option_info.buf);
  t.set_summary("TCP", info.view());
  return out;
}

}  // namespace pxescope
