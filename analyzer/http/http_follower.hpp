// Finds HTTP/1.x heads in TCP streams (ports 80 and 8080): per stream and direction, bytes
// are gathered from the start of a message until the blank line ends its head (at most
// kMaxHead bytes: the head only, never the body), the head is decoded on the frame that
// completes it, and the body is skipped by its Content-Length so the next message on a
// keep-alive connection is found. A chunked body or a response without a length ends the
// following of that direction. Every segment that carries body bytes gets, under its "tcp" node,
// http.body_bytes_seen (the body's bytes so far, by TCP sequence: retransmissions are skipped)
// and, on the segment that ends the body, http.body_complete. Bounded like the TCP stream table;
// re-dissecting an earlier frame shows its head again when the head was all in that frame.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/tcp/tcp_dissector.hpp"

namespace pxescope {

class HttpFollower {
 public:
  static constexpr std::size_t kMaxHead = 8192;
  static constexpr std::size_t kMaxDirections = 8192;
  static constexpr std::size_t kMaxRememberedHeads = 65536;

  static bool is_http_port(std::uint16_t port) { return port == 80 || port == 8080; }

  // Called for every decoded TCP segment on an HTTP port.
  void on_segment(std::uint64_t frame_index, const TcpDissection& segment,
                  const std::uint8_t* frame, FieldTree& tree);
  void clear() {
    directions_.clear();
    heads_.clear();
    bodies_.clear();
  }

 private:
  struct Direction {
    std::uint64_t last_frame = 0;
    std::uint64_t body_left = 0;
    std::uint64_t body_seen = 0;  // of the body being received
    bool lost = false;            // a body of unknown length: not followed any more
    std::vector<std::uint8_t> head;
  };
  std::unordered_map<std::uint64_t, Direction> directions_;
  // Frame -> where in its payload a head that lies wholly in it starts (for re-dissection).
  std::unordered_map<std::uint64_t, std::uint32_t> heads_;
  // Frame -> the body bytes seen up to it and whether it ended the body (for re-dissection).
  struct BodyMark {
    std::uint64_t seen = 0;
    bool complete = false;
  };
  std::unordered_map<std::uint64_t, BodyMark> bodies_;
  static void add_body_fields(FieldTree& tree, NodeId tcp, const TcpDissection& segment,
                              BodyMark mark);
};

}  // namespace pxescope
