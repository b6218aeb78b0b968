// The boot story's HTTP: TCP connections opened by a known client address (one the story learnt
// from DHCP or TFTP), each request's URL, the response's status and how many body bytes went
// by (counted by TCP sequence numbers, so retransmissions count once and a segment the capture
// missed still counts), and how the connection ended (never answered, refused, reset, stalled).
// Bounded like the story itself; bare byte access, no field tree but for a finished head.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/frame.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "analyzer/story/boot_story.hpp"

namespace pxescope {

class HttpFetchFollower {
 public:
  static constexpr std::size_t kMaxConnections = 4096;
  static constexpr std::size_t kMaxHead = 8192;

  // Adds a timeline event to a client's story: (client, kind, text).
  using EventSink = std::function<void(std::size_t, std::string, std::string)>;

  // One IPv4 TCP segment (`loc` passed the IPv4 stage with protocol 6). `client_of_ip` maps a
  // client's address to its story (absent: the segment is not followed).
  void on_segment(const Frame& frame, const UdpLocation& loc, double time,
                  std::vector<ClientStory>& clients,
                  const std::unordered_map<std::uint32_t, std::size_t>& client_of_ip,
                  const EventSink& event);

 private:
  struct Direction {
    bool next_known = false;
    std::uint32_t next_seq = 0;  // the next new byte's sequence number
    std::vector<std::uint8_t> head;
    bool lost = false;  // bytes of a head went missing: not followed any more
  };
  struct Connection {
    std::size_t client = 0;
    std::uint32_t client_ip = 0, server_ip = 0;
    std::uint16_t client_port = 0, server_port = 0;
    std::uint32_t client_isn = 0;
    Direction dir[2];                  // [0] client -> server, [1] server -> client
    std::vector<std::size_t> waiting;  // fetches (in the client's story) awaiting a response
    std::size_t first_fetch = 0;       // the fetch made for the connection itself
    long receiving = -1;               // the fetch whose body is arriving
    std::uint64_t body_left = 0;
    bool until_close = false;  // a body without Content-Length: it ends with the server's FIN
    bool head_request = false;
  };

  void on_payload(Connection& c, int from, std::uint32_t seq, std::span<const std::uint8_t> data,
                  double time, std::uint64_t frame, ClientStory& story, const EventSink& event);
  void on_request_head(Connection& c, std::span<const std::uint8_t> head, double time,
                       std::uint64_t frame, ClientStory& story, const EventSink& event);
  void on_response_head(Connection& c, std::span<const std::uint8_t> head, double time,
                        std::uint64_t frame, ClientStory& story);

  std::unordered_map<std::uint64_t, Connection> connections_;  // by client ip:port
};

// One line for the timeline: "HTTP GET http://…/vmlinuz: 200 OK, 5242880 bytes, 0.52 s, …".
std::string http_fetch_summary(const HttpFetchStory& fetch);
// The timeline event kind of a finished fetch: "http-transfer", "http-error",
// "http-optional-probe", "http-incomplete", "http-unanswered".
std::string http_fetch_kind(const HttpFetchStory& fetch);
// A 2xx response whose whole body went by.
bool http_fetch_succeeded(const HttpFetchStory& fetch);

}  // namespace pxescope
