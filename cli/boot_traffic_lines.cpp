#include "cli/boot_traffic_lines.hpp"

#include <algorithm>
#include <charconv>

#include "analyzer/icmp/icmp_unreachable.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "analyzer/tftp/tftp_dissector.hpp"
#include "cli/line_text.hpp"

namespace pxescope::cli {
namespace {

constexpr std::uint16_t kBootpServer = 67, kBootpClient = 68, kPxeBinl = 4011, kTftpPort = 69;

bool is_boot_port(std::uint16_t p) {
  return p == kBootpServer || p == kBootpClient || p == kPxeBinl || p == kTftpPort;
}

// Wire strings go in escaped like every summary line's (put_quoted), at most 255 bytes.
void append_quoted(std::string& out, std::string_view s) {
  char buf[4 * 255 + 2];
  out.append(buf, put_quoted(buf, s.substr(0, 255)));
}
void append_escaped(std::string& out, std::string_view s) {
  char buf[4 * 255 + 2];
  char* end = put_quoted(buf, s.substr(0, 255));
  out.append(buf + 1, end - 1);  // without the quotes
}

void append_uint(std::string& out, std::uint64_t v) {
  char buf[20];
  out.append(buf, put_uint(buf, v));
}

void append_endpoint(std::string& out, std::uint32_t ip, std::uint16_t port) {
  char buf[24];
  char* p = put_ipv4(buf, ip);
  *p++ = ':';
  out.append(buf, put_uint(p, port));
}

std::string_view string_of(const FieldTree& tree, std::string_view name, NodeId under) {
  const NodeId id = tree.find(name, under);
  return id == kNoNode ? std::string_view() : std::string_view(tree[id].str_value);
}

std::uint64_t uint_of(const FieldTree& tree, std::string_view name, NodeId under) {
  const NodeId id = tree.find(name, under);
  return id == kNoNode ? 0 : tree[id].uint_value;
}

// " tsize=0 blksize=1468", as tshark's Info column; the blksize value into `blksize`.
void append_options(const FieldTree& tree, NodeId top, std::string& out, std::uint32_t& blksize) {
  tree.for_each_child(top, [&](NodeId option) {
    if (tree[option].name != "tftp.option") return;
    const std::string_view name = string_of(tree, "tftp.option.name", option);
    const std::string_view value = string_of(tree, "tftp.option.value", option);
    out += ' ';
    append_escaped(out, name.substr(0, 64));
    out += '=';
    append_escaped(out, value.substr(0, 64));
    std::uint32_t size = 0;
    if (name == "blksize" &&
        std::from_chars(value.data(), value.data() + value.size(), size).ec == std::errc{} &&
        size >= 8)
      blksize = size;
  });
}

// A line at this frame, between these addresses (ports left to the caller).
BootLine line_at(const Frame& frame, std::uint32_t src_ip, std::uint32_t dst_ip) {
  BootLine line;
  line.frame = frame.index;
  line.ts_sec = frame.ts_sec;
  line.ts_nsec = frame.ts_nsec;
  line.src_ip = src_ip;
  line.dst_ip = dst_ip;
  return line;
}

}  // namespace

BootTrafficLines::PairKey BootTrafficLines::pair_key(Endpoint a, Endpoint b) {
  const std::uint64_t x = a.key(), y = b.key();
  return x < y ? PairKey{x, y} : PairKey{y, x};
}

BootLine BootTrafficLines::collapsed_line(const Transfer& t, std::string_view outcome) {
  BootLine line;
  line.frame = t.last_frame;
  line.ts_sec = t.last_sec;
  line.ts_nsec = t.last_nsec;
  line.src_ip = t.sender.ip;
  line.src_port = t.sender.port;
  line.dst_ip = t.receiver.ip;
  line.dst_port = t.receiver.port;
  std::string& s = line.text;
  s = "TFTP DATA/ACK ";
  if (!t.file.empty()) {
    append_quoted(s, t.file);
    s += ' ';
  }
  append_uint(s, t.blocks);
  s += t.blocks == 1 ? " block, " : " blocks, ";
  append_uint(s, t.bytes);
  s += " bytes (from frame ";
  append_uint(s, t.first_frame);
  if (t.retransmitted) {
    s += ", ";
    append_uint(s, t.retransmitted);
    s += " retransmitted";
  }
  s += ") ";
  s += outcome;
  return line;
}

void BootTrafficLines::tftp(const Frame& frame, const FieldTree& tree, std::vector<BootLine>& out) {
  UdpLocation loc;
  const NodeId top = tree.find("tftp");
  if (top == kNoNode || !locate_udp(frame.data, frame.link_type, loc)) return;
  const auto opcode = static_cast<std::uint16_t>(uint_of(tree, "tftp.opcode", top));
  const Endpoint src{loc.src_ip, loc.src_port}, dst{loc.dst_ip, loc.dst_port};
  const PairKey key = pair_key(src, dst);
  auto found = transfers_.find(key);

  if (opcode == kTftpData || opcode == kTftpAck) {
    if (found == transfers_.end() ||
        (found->second.done && opcode == kTftpData && uint_of(tree, "tftp.block", top) == 1)) {
      if (transfers_.size() >= kMaxTransfers) transfers_.clear();
      Transfer fresh;
      if (found != transfers_.end()) fresh.block_size = found->second.block_size;
      found = transfers_.insert_or_assign(key, fresh).first;
    }
    Transfer& t = found->second;
    if (t.done) return;        // the final ACK, or a late duplicate
    if (t.first_frame == 0) {  // the OACK made the entry: the first DATA/ACK says who sends
      t.sender = opcode == kTftpData ? src : dst;
      t.receiver = opcode == kTftpData ? dst : src;
      t.first_frame = frame.index;
    }
    t.last_frame = frame.index;
    t.last_sec = frame.ts_sec;
    t.last_nsec = frame.ts_nsec;
    if (t.file.empty()) {
      t.file = string_of(tree, "tftp.source_file", top);
      if (t.file.empty()) t.file = string_of(tree, "tftp.destination_file", top);
    }
    if (opcode == kTftpAck) {
      ++t.acks;
      return;
    }
    const auto block = static_cast<std::uint16_t>(uint_of(tree, "tftp.block", top));
    const NodeId data = tree.find("tftp.data", top);
    const std::uint32_t length = data == kNoNode ? 0 : tree[data].length;
    if (!t.any_data || static_cast<std::uint16_t>(block - t.last_block) == 1) {
      ++t.blocks;
      t.bytes += length;
      t.last_block = block;
      t.any_data = true;
    } else {
      ++t.retransmitted;
    }
    if (length < t.block_size) {  // a short block ends the transfer (RFC 1350)
      out.push_back(collapsed_line(t, "complete"));
      t.done = true;
    }
    return;
  }

  BootLine line = line_at(frame, loc.src_ip, loc.dst_ip);
  line.src_port = loc.src_port;
  line.dst_port = loc.dst_port;
  std::string& s = line.text;
  s = "TFTP ";
  s += tftp_opcode_name(opcode);
  if (opcode == kTftpRrq || opcode == kTftpWrq) {
    s += ' ';
    append_quoted(
        s, string_of(tree, opcode == kTftpRrq ? "tftp.source_file" : "tftp.destination_file", top));
    s += ' ';
    append_escaped(s, string_of(tree, "tftp.type", top).substr(0, 16));
    std::uint32_t unused = 0;
    append_options(tree, top, s, unused);
  } else if (opcode == kTftpOack) {
    if (found == transfers_.end()) {
      if (transfers_.size() >= kMaxTransfers) transfers_.clear();
      found = transfers_.emplace(key, Transfer{}).first;
    }
    append_options(tree, top, s, found->second.block_size);
  } else if (opcode == kTftpError) {
    const auto code = static_cast<std::uint16_t>(uint_of(tree, "tftp.error.code", top));
    s += ' ';
    append_uint(s, code);
    s += " (";
    s += tftp_error_name(code);
    s += ") ";
    append_quoted(s, string_of(tree, "tftp.error.message", top));
    // An error ends the transfer it belongs to: its DATA/ACK line goes first.
    if (found != transfers_.end() && !found->second.done &&
        (found->second.any_data || found->second.acks)) {
      out.push_back(collapsed_line(found->second, "ended by this error"));
      found->second.done = true;
    }
  }
  out.push_back(std::move(line));
}

bool BootTrafficLines::icmp(const Frame& frame, std::vector<BootLine>& out) {
  IcmpUnreachable u;
  if (!parse_icmp_unreachable(frame, u)) return false;
  const bool known_transfer = transfers_.contains(
      pair_key({u.quoted_src_ip, u.quoted_src_port}, {u.quoted_dst_ip, u.quoted_dst_port}));
  if (!known_transfer && !is_boot_port(u.quoted_src_port) && !is_boot_port(u.quoted_dst_port))
    return false;
  BootLine line = line_at(frame, u.src_ip, u.dst_ip);
  line.with_ports = false;
  std::string& s = line.text;
  s = "ICMP ";
  s += icmp_unreachable_code_name(u.code);
  s += " (";
  append_endpoint(s, u.quoted_dst_ip, u.quoted_dst_port);
  s += " \xe2\x86\x90 ";  // ←
  TftpHeader header;
  if (u.quoted_dst_port == kTftpPort && peek_tftp(u.quoted_payload, header) &&
      (header.opcode == kTftpRrq || header.opcode == kTftpWrq)) {
    s += header.opcode == kTftpRrq ? "RRQ " : "WRQ ";
    append_quoted(s, header.file_name);
  } else {
    const bool tftp =
        known_transfer || u.quoted_dst_port == kTftpPort || u.quoted_src_port == kTftpPort;
    s += tftp ? "TFTP" : "DHCP";
  }
  s += " from ";
  append_endpoint(s, u.quoted_src_ip, u.quoted_src_port);
  s += ')';
  out.push_back(std::move(line));
  return true;
}

void BootTrafficLines::finish(std::vector<BootLine>& out) {
  std::vector<const Transfer*> open;
  for (const auto& [key, t] : transfers_)
    if (!t.done && (t.any_data || t.acks)) open.push_back(&t);
  std::ranges::sort(open, {}, &Transfer::last_frame);  // in frame order, as the rest
  for (const Transfer* t : open) out.push_back(collapsed_line(*t, "incomplete: no last block"));
  transfers_.clear();
}

}  // namespace pxescope::cli
