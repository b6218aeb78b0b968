#include "analyzer/tftp/tftp_dissector.hpp"

#include <charconv>
#include <cstring>

#include "analyzer/ascii.hpp"
#include "analyzer/link/bytes.hpp"
#include "analyzer/link/text_format.hpp"

namespace pxescope {

std::string_view tftp_opcode_name(std::uint16_t opcode) {
  switch (opcode) {
    case kTftpRrq:
      return "Read Request";
    case kTftpWrq:
      return "Write Request";
    case kTftpData:
      return "Data Packet";
    case kTftpAck:
      return "Acknowledgement";
    case kTftpError:
      return "Error Code";
    case kTftpOack:
      return "Option Acknowledgement";
    default:
      return "Unknown";
  }
}

std::string_view tftp_error_name(std::uint16_t code) {
  switch (code) {
    case 0:
      return "Not defined";
    case 1:
      return "File not found";
    case 2:
      return "Access violation";
    case 3:
      return "Disk full or allocation exceeded";
    case 4:
      return "Illegal TFTP Operation";
    case 5:
      return "Unknown transfer ID";
    case 6:
      return "File already exists";
    case 7:
      return "No such user";
    case 8:
      return "Option negotiation failed";
    default:
      return "Unknown";
  }
}

namespace {

int len_of(std::string_view s) {
  return static_cast<int>(s.size());
}

// A NUL-terminated string at `pos`: its text, its byte length including the NUL when
// present, and whether the NUL was there.
struct ZString {
  std::string_view text;
  std::size_t consumed = 0;
  bool terminated = false;
};

ZString read_zstring(std::span<const std::uint8_t> p, std::size_t pos) {
  ZString z;
  if (pos >= p.size()) return z;
  const auto* start = p.data() + pos;
  const std::size_t left = p.size() - pos;
  const void* nul = std::memchr(start, 0, left);
  const std::size_t len =
      nul ? static_cast<std::size_t>(static_cast<const std::uint8_t*>(nul) - start) : left;
  z.text = {reinterpret_cast<const char*>(start), len};
  z.terminated = nul != nullptr;
  z.consumed = len + (nul ? 1 : 0);
  return z;
}

// Range check of the options pxescope knows; unknown options are shown as they are.
void check_option_value(FieldTree& t, NodeId value_node, std::string_view name,
                        std::string_view value) {
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  const bool numeric = ec == std::errc{} && ptr == value.data() + value.size() && !value.empty();
  struct Range {
    std::string_view name;
    std::uint64_t lo, hi;
    const char* why;
  };
  static constexpr Range kRanges[] = {
      {"blksize", 8, 65464, "blksize must be 8..65464 (RFC 2348)"},
      {"timeout", 1, 255, "timeout must be 1..255 seconds (RFC 2349)"},
      {"tsize", 0, UINT64_MAX, "tsize must be a number of bytes (RFC 2349)"},
      {"windowsize", 1, 65535, "windowsize must be 1..65535 (RFC 7440)"},
  };
  for (const Range& r : kRanges) {
    if (!ascii_iequals(name, r.name)) continue;
    if (!numeric || v < r.lo || v > r.hi) t.warn(value_node, Severity::Warn, r.why);
    return;
  }
}

struct Builder {
  FieldTree& t;
  std::span<const std::uint8_t> p;
  std::uint32_t base;
  NodeId top;
  Line line;

  std::uint32_t at(std::size_t pos) const { return base + static_cast<std::uint32_t>(pos); }

  // A NUL-terminated string field; returns the position after it.
  std::size_t zstring(std::size_t pos, std::string_view name, const char* label,
                      ZString* out = nullptr, NodeId parent = kNoNode) {
    const ZString z = read_zstring(p, pos);
    if (out) *out = z;
    if (parent == kNoNode) parent = top;
    if (pos >= p.size()) {
      t.warn(parent, Severity::Warn, line("%s missing: the packet ends before it", label));
      return pos;
    }
    const NodeId id = t.add(parent, name, at(pos), static_cast<std::uint32_t>(z.consumed));
    t.set_string(id, z.text);
    t.set_text(id, line("%s: %.*s", label, len_of(z.text), z.text.data()));
    if (!z.terminated) t.warn(id, Severity::Warn, "string not terminated by a NUL byte");
    return pos + z.consumed;
  }

  void options(std::size_t pos) {
    while (pos < p.size()) {
      const ZString name = read_zstring(p, pos);
      const ZString value = read_zstring(p, pos + name.consumed);
      const std::size_t total = name.consumed + value.consumed;
      const NodeId opt = t.add(top, "tftp.option", at(pos), static_cast<std::uint32_t>(total));
      t.set_text(opt, line("Option: %.*s = %.*s", len_of(name.text), name.text.data(),
                           len_of(value.text), value.text.data()));
      zstring(pos, "tftp.option.name", "Option name", nullptr, opt);
      if (!name.terminated) break;
      ZString v;
      zstring(pos + name.consumed, "tftp.option.value", "Option value", &v, opt);
      if (pos + name.consumed < p.size())
        check_option_value(t, t.find("tftp.option.value", opt), name.text, value.text);
      pos += total;
    }
  }

  void generated_context(const TftpTransferContext& c, std::uint16_t opcode) {
    if (!c.file_name.empty()) {
      const NodeId id = t.add(top, "tftp.destination_file", at(0), 0);
      t.set_string(id, c.file_name);
      t.set_text(id, line("[Destination File: %.*s]", len_of(c.file_name), c.file_name.data()));
    }
    if (c.request_frame != 0 && opcode != kTftpRrq && opcode != kTftpWrq) {
      const NodeId id = t.add(top, "tftp.request_frame", at(0), 0);
      t.set_uint(id, c.request_frame);
      t.set_text(id, line("[%s Request in frame %llu]", c.write_request ? "Write" : "Read",
                          static_cast<unsigned long long>(c.request_frame)));
    }
  }

  void block(std::uint16_t value, std::uint32_t wraps) {
    NodeId id = t.add(top, "tftp.block", at(2), 2);
    t.set_uint(id, value);
    t.set_text(id, line("Block: %u", value));
    const std::uint64_t full = std::uint64_t{wraps} * 65536u + value;
    id = t.add(top, "tftp.block.full", at(2), 2);
    t.set_uint(id, full);
    t.set_text(id, line("[Full Block Number: %llu]", static_cast<unsigned long long>(full)));
  }
};

}  // namespace

bool peek_tftp(std::span<const std::uint8_t> payload, TftpHeader& out) {
  out = {};
  if (payload.size() < 2) return false;
  out.opcode = bytes::be16(payload.data());
  if ((out.opcode == kTftpData || out.opcode == kTftpAck) && payload.size() >= 4)
    out.block = bytes::be16(payload.data() + 2);
  if (out.opcode == kTftpRrq || out.opcode == kTftpWrq)
    out.file_name = read_zstring(payload, 2).text;
  return true;
}

NodeId dissect_tftp(std::span<const std::uint8_t> payload, std::uint32_t base_offset,
                    FieldTree& tree, const TftpTransferContext& context, NodeId parent) {
  const NodeId top =
      tree.add(parent, "tftp", base_offset, static_cast<std::uint32_t>(payload.size()));
  tree.set_text(top, "Trivial File Transfer Protocol");
  Builder b{tree, payload, base_offset, top, {}};
  if (payload.size() < 2) {
    tree.warn(top, Severity::Error, "TFTP packet shorter than its 2-byte opcode");
    return top;
  }
  const std::uint16_t opcode = bytes::be16(payload.data());
  const NodeId op = tree.add(top, "tftp.opcode", base_offset, 2);
  tree.set_uint(op, opcode);
  const std::string_view op_name = tftp_opcode_name(opcode);
  tree.set_text(op, b.line("Opcode: %.*s (%u)", len_of(op_name), op_name.data(), opcode));
  b.generated_context(context, opcode);

  switch (opcode) {
    case kTftpRrq:
    case kTftpWrq: {
      std::size_t pos =
          b.zstring(2, opcode == kTftpRrq ? "tftp.source_file" : "tftp.destination_file",
                    opcode == kTftpRrq ? "Source File" : "Destination File");
      ZString mode;
      pos = b.zstring(pos, "tftp.type", "Type", &mode);
      if (mode.terminated && !ascii_iequals(mode.text, "octet") &&
          !ascii_iequals(mode.text, "netascii") && !ascii_iequals(mode.text, "mail"))
        tree.warn(tree.find("tftp.type", top), Severity::Warn,
                  "unknown transfer mode (RFC 1350 knows netascii, octet, mail)");
      b.options(pos);
      break;
    }
    case kTftpData:
    case kTftpAck: {
      if (payload.size() < 4) {
        tree.warn(top, Severity::Error, "truncated: the block number is missing");
        break;
      }
      b.block(bytes::be16(payload.data() + 2), context.block_wraps);
      if (opcode == kTftpData) {
        const NodeId data = tree.add(top, "tftp.data", base_offset + 4,
                                     static_cast<std::uint32_t>(payload.size() - 4));
        tree.set_text(data, b.line("Data (%zu bytes)", payload.size() - 4));
      } else if (payload.size() > 4) {
        tree.warn(top, Severity::Note, "bytes after the block number of an ACK");
      }
      break;
    }
    case kTftpError: {
      if (payload.size() < 4) {
        tree.warn(top, Severity::Error, "truncated: the error code is missing");
        break;
      }
      const std::uint16_t code = bytes::be16(payload.data() + 2);
      const NodeId c = tree.add(top, "tftp.error.code", base_offset + 2, 2);
      tree.set_uint(c, code);
      const std::string_view name = tftp_error_name(code);
      tree.set_text(c, b.line("Error code: %.*s (%u)", len_of(name), name.data(), code));
      if (code > 8) tree.warn(c, Severity::Note, "error code not defined by RFC 1350/2347");
      b.zstring(4, "tftp.error.message", "Error message");
      if (code == 8 && context.request_frame != 0)
        tree.warn(top, Severity::Note,
                  "likely a transfer size (tsize) probe: the client asked "
                  "for the size, then aborted");
      break;
    }
    case kTftpOack:
      if (payload.size() == 2) tree.warn(top, Severity::Warn, "OACK without any option");
      b.options(2);
      break;
    default:
      tree.warn(op, Severity::Error, "unknown TFTP opcode (valid: 1..6)");
      break;
  }
  return top;
}

}  // namespace pxescope
