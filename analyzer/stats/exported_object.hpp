// One file a capture carries (File ▸ Export Objects): a TFTP transfer reassembled block by
// block, or an HTTP response body over reassembled TCP. Only the facts and the running hash
// are kept; the bytes go to an ObjectListener as they arrive (a file, the throughput graph).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "analyzer/frame.hpp"

namespace pxescope {

enum class ObjectProtocol : std::uint8_t { Tftp, Http };
std::string_view object_protocol_name(ObjectProtocol p);  // "TFTP", "HTTP"

struct ExportedObject {
  std::size_t id = 0;  // order of the object's first data in the capture: same in every pass
  ObjectProtocol protocol = ObjectProtocol::Tftp;
  // TFTP: the request's frame (tftp.request_frame); HTTP: the TCP stream (tcp.stream).
  std::uint64_t transfer_key = 0;
  std::uint64_t first_frame = 0, last_frame = 0;  // frames that carried its bytes
  std::string client, server;                     // addresses
  std::string host;          // HTTP Host header (else the server's address); TFTP: the server
  std::string name;          // the TFTP file name or the HTTP request URI, as the wire said
  std::string content_type;  // HTTP
  std::uint64_t size = 0;    // bytes reassembled (without holes)
  std::int64_t announced_size = -1;   // HTTP Content-Length, TFTP tsize; -1 unknown
  bool complete = false;              // the last block / the whole body arrived, with no hole
  std::uint32_t retransmissions = 0;  // repeated DATA/ACK blocks, TCP retransmissions
  std::string sha256;                 // of the `size` bytes
  double start = 0, end = 0;          // seconds since the capture's first frame
};

// What a pass tells about the objects as it goes. Defaults ignore everything.
class ObjectListener {
 public:
  virtual ~ObjectListener() = default;
  virtual void begin(const ExportedObject&) {}
  virtual void bytes(const ExportedObject&, std::span<const std::uint8_t>, double /*time*/) {}
  // A frame that repeated what was sent before (the object's bytes or their acknowledgment).
  virtual void retransmission(const ExportedObject&, double /*time*/) {}
  virtual void end(const ExportedObject&) {}
};

}  // namespace pxescope
