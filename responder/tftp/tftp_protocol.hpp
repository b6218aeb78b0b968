// TFTP wire format (RFC 1350) and option negotiation (RFC 2347, 2348, 2349, 7440).
// Pure functions over byte buffers: no sockets, no files, no allocation on the data path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pxescope::tftp {

enum class Opcode : uint16_t { kRrq = 1, kWrq = 2, kData = 3, kAck = 4, kError = 5, kOack = 6 };

enum class ErrorCode : uint16_t {
  kNotDefined = 0,
  kFileNotFound = 1,
  kAccessViolation = 2,
  kDiskFull = 3,
  kIllegalOperation = 4,
  kUnknownTransferId = 5,
  kFileExists = 6,
  kNoSuchUser = 7,
  kOptionRefused = 8,  // RFC 2347: the client aborts an OACK it does not like (or a tsize probe)
};

inline constexpr size_t kHeaderSize = 4;  // opcode + block number / error code
inline constexpr uint16_t kDefaultBlksize = 512;
inline constexpr uint16_t kMinBlksize = 8;         // RFC 2348
inline constexpr uint16_t kMaxBlksize = 65464;     // RFC 2348
inline constexpr uint16_t kMaxWindowsize = 65535;  // RFC 7440
inline constexpr size_t kMaxPacket = kHeaderSize + kMaxBlksize;

// Options a client asked for, as parsed (absent = not requested or not a valid number).
struct RequestedOptions {
  std::optional<uint32_t> blksize;
  std::optional<uint64_t> tsize;
  std::optional<uint32_t> timeout_s;
  std::optional<uint32_t> windowsize;
};

// An RRQ or WRQ. `filename` is the raw name as sent (not yet checked against the root).
struct Request {
  Opcode opcode = Opcode::kRrq;
  std::string filename;
  std::string mode;  // lowercased: "octet", "netascii", "mail", ...
  RequestedOptions options;
};

struct ParseResult {
  std::optional<Request> request;
  std::string error;  // why parsing failed (empty on success)
};

// Parses an RRQ/WRQ datagram. Unknown options are ignored (RFC 2347); malformed numbers drop
// the option; a missing filename/mode terminator or a non-request opcode is an error.
ParseResult parse_request(std::span<const uint8_t> datagram);

// The parameters a transfer runs with after negotiation, and what the OACK must carry.
struct Negotiated {
  uint16_t blksize = kDefaultBlksize;
  uint16_t windowsize = 1;
  std::optional<uint32_t> timeout_s;  // accepted client timeout (1..255 s)
  bool ack_blksize = false;
  bool ack_tsize = false;
  bool ack_windowsize = false;
  bool any() const { return ack_blksize || ack_tsize || ack_windowsize || timeout_s.has_value(); }
};

// Server limits that bound what a client may negotiate.
struct NegotiationLimits {
  uint16_t max_blksize = kMaxBlksize;  // already clamped to the interface MTU by the caller
  uint16_t max_windowsize = 64;
};

// RFC 2348: blksize outside 8..65464 is ignored, a larger-than-limit value is lowered to the
// limit (the OACK then carries the lower value). RFC 2349: timeout 1..255, else ignored.
// RFC 7440: windowsize 1..65535, lowered to the limit.
Negotiated negotiate(const RequestedOptions& requested, const NegotiationLimits& limits);

// Packet builders write into `out` (at least kMaxPacket bytes) and return the packet length.
size_t build_oack(std::span<uint8_t> out, const Negotiated& negotiated, uint64_t file_size);
size_t build_error(std::span<uint8_t> out, ErrorCode code, std::string_view message);
// Writes only the 4-byte DATA header; the payload goes at out[kHeaderSize..].
void write_data_header(std::span<uint8_t> out, uint16_t block);

// A parsed ACK or ERROR from the client (what a transfer socket receives).
struct ClientPacket {
  Opcode opcode = Opcode::kAck;
  uint16_t block = 0;           // ACK block number
  uint16_t error_code = 0;      // ERROR code
  std::string_view error_text;  // ERROR message (points into the datagram)
};
std::optional<ClientPacket> parse_client_packet(std::span<const uint8_t> datagram);

std::string_view error_code_name(uint16_t code);

}  // namespace pxescope::tftp
