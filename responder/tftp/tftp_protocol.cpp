#include "responder/tftp/tftp_protocol.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "analyzer/ascii.hpp"

namespace pxescope::tftp {
namespace {

uint16_t read_u16(std::span<const uint8_t> bytes, size_t at) {
  return static_cast<uint16_t>((bytes[at] << 8) | bytes[at + 1]);
}

void write_u16(std::span<uint8_t> out, size_t at, uint16_t value) {
  out[at] = static_cast<uint8_t>(value >> 8);
  out[at + 1] = static_cast<uint8_t>(value & 0xff);
}

// Reads the NUL-terminated string starting at `at`; nullopt when no NUL follows.
std::optional<std::string_view> read_cstring(std::span<const uint8_t> bytes, size_t& at) {
  const auto* begin = bytes.data() + at;
  const auto* end = bytes.data() + bytes.size();
  const auto* nul = std::find(begin, end, uint8_t{0});
  if (nul == end) return std::nullopt;
  std::string_view text(reinterpret_cast<const char*>(begin), static_cast<size_t>(nul - begin));
  at += text.size() + 1;
  return text;
}

template <typename Number>
std::optional<Number> parse_number(std::string_view text) {
  Number value{};
  if (text.empty()) return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// Appends "name\0value\0" at `at`; returns the new length.
size_t append_option(std::span<uint8_t> out, size_t at, std::string_view name, uint64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  (void)ec;  // 24 digits always fit a uint64_t
  std::memcpy(out.data() + at, name.data(), name.size());
  at += name.size();
  out[at++] = 0;
  const auto length = static_cast<size_t>(end - digits);
  std::memcpy(out.data() + at, digits, length);
  at += length;
  out[at++] = 0;
  return at;
}

}  // namespace

ParseResult parse_request(std::span<const uint8_t> datagram) {
  ParseResult result;
  if (datagram.size() < 4) {
    result.error = "datagram too short for a TFTP request";
    return result;
  }
  const uint16_t opcode = read_u16(datagram, 0);
  if (opcode != static_cast<uint16_t>(Opcode::kRrq) &&
      opcode != static_cast<uint16_t>(Opcode::kWrq)) {
    result.error = "opcode " + std::to_string(opcode) + " is not a read or write request";
    return result;
  }
  size_t at = 2;
  auto filename = read_cstring(datagram, at);
  if (!filename) {
    result.error = "file name is not NUL-terminated";
    return result;
  }
  auto mode = read_cstring(datagram, at);
  if (!mode) {
    result.error = "transfer mode is missing or not NUL-terminated";
    return result;
  }
  Request request;
  request.opcode = static_cast<Opcode>(opcode);
  request.filename = std::string(*filename);
  request.mode = ascii_lowercase(*mode);
  // RFC 2347 options: pairs of NUL-terminated strings; a dangling name ends the list.
  while (at < datagram.size()) {
    auto name = read_cstring(datagram, at);
    if (!name) break;
    auto value = read_cstring(datagram, at);
    if (!value) break;
    const std::string key = ascii_lowercase(*name);
    if (key == "blksize") {
      request.options.blksize = parse_number<uint32_t>(*value);
    } else if (key == "tsize") {
      request.options.tsize = parse_number<uint64_t>(*value);
    } else if (key == "timeout") {
      request.options.timeout_s = parse_number<uint32_t>(*value);
    } else if (key == "windowsize") {
      request.options.windowsize = parse_number<uint32_t>(*value);
    }
  }
  result.request = std::move(request);
  return result;
}

Negotiated negotiate(const RequestedOptions& requested, const NegotiationLimits& limits) {
  Negotiated out;
  if (requested.blksize && *requested.blksize >= kMinBlksize && *requested.blksize <= kMaxBlksize) {
    const uint32_t limit = std::clamp<uint32_t>(limits.max_blksize, kMinBlksize, kMaxBlksize);
    out.blksize = static_cast<uint16_t>(std::min(*requested.blksize, limit));
    out.ack_blksize = true;
  }
  if (requested.tsize) out.ack_tsize = true;
  if (requested.timeout_s && *requested.timeout_s >= 1 && *requested.timeout_s <= 255) {
    out.timeout_s = *requested.timeout_s;
  }
  if (requested.windowsize && *requested.windowsize >= 1 &&
      *requested.windowsize <= kMaxWindowsize) {
    const uint32_t limit = std::max<uint32_t>(1, limits.max_windowsize);
    out.windowsize = static_cast<uint16_t>(std::min(*requested.windowsize, limit));
    out.ack_windowsize = true;
  }
  return out;
}

size_t build_oack(std::span<uint8_t> out, const Negotiated& negotiated, uint64_t file_size) {
  write_u16(out, 0, static_cast<uint16_t>(Opcode::kOack));
  size_t at = 2;
  if (negotiated.ack_blksize) at = append_option(out, at, "blksize", negotiated.blksize);
  if (negotiated.ack_tsize) at = append_option(out, at, "tsize", file_size);
  if (negotiated.timeout_s) at = append_option(out, at, "timeout", *negotiated.timeout_s);
  if (negotiated.ack_windowsize) at = append_option(out, at, "windowsize", negotiated.windowsize);
  return at;
}

size_t build_error(std::span<uint8_t> out, ErrorCode code, std::string_view message) {
  write_u16(out, 0, static_cast<uint16_t>(Opcode::kError));
  write_u16(out, 2, static_cast<uint16_t>(code));
  const size_t length = std::min(message.size(), out.size() - kHeaderSize - 1);
  std::memcpy(out.data() + kHeaderSize, message.data(), length);
  out[kHeaderSize + length] = 0;
  return kHeaderSize + length + 1;
}

void write_data_header(std::span<uint8_t> out, uint16_t block) {
  write_u16(out, 0, static_cast<uint16_t>(Opcode::kData));
  write_u16(out, 2, block);
}

std::optional<ClientPacket> parse_client_packet(std::span<const uint8_t> datagram) {
  if (datagram.size() < 4) return std::nullopt;
  ClientPacket packet;
  const uint16_t opcode = read_u16(datagram, 0);
  if (opcode == static_cast<uint16_t>(Opcode::kAck)) {
    packet.opcode = Opcode::kAck;
    packet.block = read_u16(datagram, 2);
    return packet;
  }
  if (opcode == static_cast<uint16_t>(Opcode::kError)) {
    packet.opcode = Opcode::kError;
    packet.error_code = read_u16(datagram, 2);
    size_t at = kHeaderSize;
    if (auto text = read_cstring(datagram, at)) {
      packet.error_text = *text;
    } else {  // tolerate a missing terminator: the message is informational only
      packet.error_text =
          std::string_view(reinterpret_cast<const char*>(datagram.data()) + 4, datagram.size() - 4);
    }
    return packet;
  }
  if (opcode == static_cast<uint16_t>(Opcode::kRrq) ||
      opcode == static_cast<uint16_t>(Opcode::kWrq) ||
      opcode == static_cast<uint16_t>(Opcode::kData) ||
      opcode == static_cast<uint16_t>(Opcode::kOack)) {
    packet.opcode = static_cast<Opcode>(opcode);
    return packet;
  }
  return std::nullopt;
}

std::string_view error_code_name(uint16_t code) {
  switch (code) {
    case 0:
      return "not defined";
    case 1:
      return "file not found";
    case 2:
      return "access violation";
    case 3:
      return "disk full";
    case 4:
      return "illegal operation";
    case 5:
      return "unknown transfer ID";
    case 6:
      return "file exists";
    case 7:
      return "no such user";
    case 8:
      return "option negotiation refused";
    default:
      return "unknown error code";
  }
}

}  // namespace pxescope::tftp
