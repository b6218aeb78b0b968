// Export Objects' pass: follows TFTP transfers (tftp.request_frame from the dissector) and
// HTTP over TCP (its own reassembly of each direction) frame by frame, and turns each file
// they carry into an ExportedObject with its sha256. Holds no file: the bytes of the transfers
// in flight go to the listener as they arrive; only their hash state and the facts are kept
// (plus TCP segments waiting for a hole to fill, bounded).
//
//   ObjectExtractor extractor(&listener);
//   read_dissected_frames(path, [&](const Frame& f, const FieldTree& t) { extractor.add(f, t); },
//   e); std::vector<ExportedObject> objects = extractor.finish();
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/stats/exported_object.hpp"
#include "analyzer/stats/sha256.hpp"
#include "analyzer/stats/tcp_byte_stream.hpp"

namespace pxescope {

class ObjectExtractor {
 public:
  explicit ObjectExtractor(ObjectListener* listener = nullptr) : listener_(listener) {}
  ~ObjectExtractor();
  ObjectExtractor(const ObjectExtractor&) = delete;
  ObjectExtractor& operator=(const ObjectExtractor&) = delete;

  // Every frame of the capture, in order, after the dissector made its tree.
  void add(const Frame& frame, const FieldTree& tree);
  // Ends the transfers still open (incomplete) and returns every object, by id.
  std::vector<ExportedObject> finish();

 private:
  struct Active {
    ExportedObject object;
    Sha256 hash;
  };
  using ActivePtr = std::unique_ptr<Active>;

  struct TftpFlow {
    ActivePtr active;
    std::uint64_t next_block = 1;
    std::uint64_t last_ack = 0;
    std::uint32_t block_size = 512;
    std::int64_t tsize = -1;
    bool ended = false;
  };

  // HTTP/1.x message framing over one direction's bytes.
  struct HttpDirection {
    enum class State : std::uint8_t {
      Head,
      Body,
      ChunkSize,
      ChunkData,
      ChunkEnd,
      Trailer,
      UntilClose,
      Lost
    };
    TcpByteStream stream;
    State state = State::Head;
    std::string buffer;           // a head or a chunk-size line being gathered
    std::uint64_t remaining = 0;  // of the body or the chunk
  };
  struct HttpRequest {
    std::string method, uri, host;
  };
  struct HttpConnection {
    HttpDirection dir[2];  // [0] client -> server, [1] server -> client
    std::deque<HttpRequest> requests;
    ActivePtr active;  // the response body being received
    std::string client, server;
    std::uint64_t stream = 0;  // tcp.stream
  };

  ActivePtr open_object(ExportedObject object, const Frame& frame);
  void feed(Active& a, std::span<const std::uint8_t> bytes, const Frame& frame);
  void note_retransmission(Active& a, const Frame& frame);
  void close(ActivePtr& a, bool complete);
  double seconds(const Frame& frame) const;

  void on_tftp(const Frame& frame, const FieldTree& tree, NodeId tftp);
  void on_tcp(const Frame& frame, const FieldTree& tree, NodeId tcp);
  void on_http_bytes(HttpConnection& c, int direction, std::span<const std::uint8_t> bytes,
                     const Frame& frame);
  void on_http_head(HttpConnection& c, int direction, const Frame& frame);
  void on_chunk_line(HttpConnection& c, HttpDirection& d);

  ObjectListener* listener_;
  std::size_t next_id_ = 0;
  bool have_start_ = false;
  std::int64_t start_sec_ = 0;
  std::uint32_t start_nsec_ = 0;
  std::unordered_map<std::uint64_t, TftpFlow> tftp_;        // by request frame
  std::unordered_map<std::uint64_t, HttpConnection> http_;  // by tcp.stream
  std::vector<ExportedObject> done_;
};

// The frame's innermost IP addresses (ip.src/ip.dst or ipv6.src/ipv6.dst), "" when none.
void frame_addresses(const FieldTree& tree, std::string& src, std::string& dst);

}  // namespace pxescope
