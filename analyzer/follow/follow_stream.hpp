// Follow ▸ UDP / TCP / TFTP / HTTP stream (Wireshark's Follow Stream): the selected frame's
// conversation as a display filter, and what that conversation carried, read again from the
// capture file with the same dissector and filter the packet list uses — so the frames the
// report lists are exactly the frames the filter shows.
//
//   TCP, HTTP  tcp.stream == N
//   UDP, TFTP  ip.addr == A && ip.addr == B && udp.port == P && udp.port == Q
//              (ipv6.addr for IPv6; for TFTP the transfer's ports: the client's and the port
//              the server answered from, RFC 1350's TIDs, found after the request when the
//              selected frame is the request itself)
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/field_tree.hpp"

namespace pxescope {

enum class FollowKind : std::uint8_t { Udp, Tcp, Tftp, Http };
std::string_view follow_kind_name(FollowKind kind);  // "UDP", "TCP", "TFTP", "HTTP"

// The dissected frame's conversation as a filter; empty with `why` when the frame has none of
// that kind (Follow TCP on a UDP frame). A TFTP request to port 69 gives the filter of its
// port 69 exchange: follow_capture() replaces it with the transfer's once the server answers.
std::string follow_filter(const FieldTree& tree, FollowKind kind, std::string& why);

struct FollowHttpMessage {
  std::uint64_t frame = 0;
  bool request = false;
  std::vector<std::string> head;  // the head's lines as the tree shows them
  std::uint64_t body_bytes = 0;   // body bytes seen after the head (by TCP sequence)
  bool body_complete = false;     // the body reached its Content-Length
};

struct FollowReport {
  FollowKind kind = FollowKind::Udp;
  std::string filter;  // what Follow applies to the packet list
  std::string error;   // the file could not be read, or the frame has no such conversation
  std::vector<std::uint64_t> frames;
  std::vector<std::string> frame_lines;  // "12  10.0.0.1:68 → 10.0.0.2:67  300 bytes  Info"
  std::string endpoint[2];               // "ip:port" of each side, the first to speak first
  std::uint64_t payload_bytes[2] = {0, 0};
  // TFTP
  std::string file_name, mode;
  std::vector<std::string> options;  // "blksize=1468"
  std::uint64_t blocks = 0;          // distinct DATA blocks
  std::uint64_t data_bytes = 0;      // of those blocks
  std::vector<std::string> errors;   // "frame 9: File not found (1): …"
  // HTTP
  std::vector<FollowHttpMessage> http;
};

// Reads `path` again: the frame `frame` (1-based) gives the conversation, then every frame the
// filter keeps is gathered. `cancel` (may be null) stops it early (error "cancelled").
FollowReport follow_capture(const std::string& path, std::uint64_t frame, FollowKind kind,
                            const std::atomic<bool>* cancel = nullptr);

// The report as the Follow dialog shows it (plain text).
std::string render_follow_report(const FollowReport& report);

}  // namespace pxescope
