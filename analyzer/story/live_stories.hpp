// Boot stories told as they happen: frames (and transfers followed elsewhere) go in as they
// come, each client's story ends after a silence, and its verdict comes out. The same story
// engine as `diagnose` (StoryBuilder), one builder per client; `respond` and
// `diagnose -i IFACE --follow` share this.
//
// Memory is bounded: at most `max_stories` clients at a time (the oldest is dropped and
// counted), each keeping at most `head_packets` first frames plus the last `window_packets`
// (and `window_bytes`) for its failure capture. A frame is handed to the client's builder when
// it leaves that window or the story ends, so a short story costs one copy per packet until it
// ends; no frame is ever skipped.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <initializer_list>
#include <memory>
#include <unordered_map>
#include <vector>

#include "analyzer/frame.hpp"
#include "analyzer/link/udp6_frame.hpp"
#include "analyzer/story/boot_story.hpp"

namespace pxescope {

struct LiveStoryLimits {
  std::size_t max_stories = 256;
  std::size_t head_packets = 16;  // the first frames (the DHCP exchange), kept for the capture
  std::size_t window_packets = 48;
  std::size_t window_bytes = 48 * 1024;
  // A story ends after this long without a packet from or for its client: three times the
  // verdict's patience (one firmware retry of DHCP or TFTP), so a retry still belongs to it.
  double quiet_seconds = 12.0;
  double max_story_seconds = 1800.0;  // a client that never goes quiet still gets a verdict
};

// One frame kept for the failure capture. A DHCPv6 datagram the responder read itself is kept
// as its payload and endpoints (`datagram6`): the builder gets it typed, and its frame is built
// only when the capture is written (FinishedStory's frames are always whole frames).
struct KeptFrame {
  std::int64_t ts_sec = 0;
  std::uint32_t ts_nsec = 0;
  std::uint32_t original_length = 0;
  std::uint32_t link_type = 1;
  std::vector<std::uint8_t> data;
  bool synthetic = false;  // built from a followed transfer: in the capture, not re-read
  bool datagram6 = false;  // `data` is a UDP payload between `endpoints`
  Udp6Endpoints endpoints;
  Frame view(std::uint64_t index) const;
  std::size_t capture_bytes() const { return data.size() + (datagram6 ? kUdp6FrameOverhead : 0); }
};

struct FinishedStory {
  ClientStory story;
  std::vector<KeptFrame> frames;     // its first and last packets, in order
  std::uint64_t frames_dropped = 0;  // between the two (not in `frames`)
  double ended = 0;                  // absolute seconds: when the story was closed
};

class LiveStories {
 public:
  using Mac = std::array<std::uint8_t, 6>;
  using Sink = std::function<void(FinishedStory&&)>;

  explicit LiveStories(LiveStoryLimits limits = {});
  ~LiveStories();

  // A DHCP, port-4011, TFTP, HTTP or ICMP frame. The client is the DHCP chaddr, else the
  // owner of an IPv4 address learned from its DHCP (or the frame's MAC of a known client);
  // other frames are ignored. False when no story took it.
  bool add(const Frame& frame);
  // The responder's fast path: a DHCP request and the reply it sent (empty when none) of the
  // client `mac`, parsed already; `addresses` it is known to use (source, option 50, yiaddr).
  void add_exchange(const Mac& mac, const Frame& request, const Frame* reply,
                    std::initializer_list<std::uint32_t> addresses);
  // The responder's DHCPv6 path: a request it read as a datagram at `t` (absolute seconds) and
  // the reply it sent (`reply_endpoints` nullptr when none), with the endpoints a capture on
  // the link would show. The story builder gets them as typed events: no frame is built or
  // dissected for them unless a failure capture is written.
  void add_dhcpv6_exchange(const Mac& mac, double t, const Udp6Endpoints& request_endpoints,
                           std::span<const std::uint8_t> request,
                           const Udp6Endpoints* reply_endpoints,
                           std::span<const std::uint8_t> reply);
  // A transfer or fetch followed by the caller, for the client holding `client_ip` (its MAC
  // from `resolve` when no DHCP frame told). False when no client is known for it.
  bool add_transfer(TftpTransferStory transfer);
  // The same for a client known by its MAC (TFTP over IPv6: the caller knows it from the
  // client's DHCPv6); a transfer over IPv6 (server_address set) adds no frames to the capture.
  void add_transfer(const Mac& mac, TftpTransferStory transfer);
  bool add_http_fetch(std::uint32_t client_ip, HttpFetchStory fetch);
  void set_resolver(std::function<bool(std::uint32_t ip, Mac& mac)> resolve) {
    resolve_ = std::move(resolve);
  }
  // Ends the stories quiet since `now - quiet_seconds` (absolute seconds), or all of them.
  void expire(double now, const Sink& sink);
  void finish_all(double now, const Sink& sink);

  std::size_t live() const { return stories_.size(); }
  std::uint64_t evicted() const { return evicted_; }
  const LiveStoryLimits& limits() const { return limits_; }

 private:
  struct Story;
  Story* story_for(const Mac& mac, double t);
  Story* story_for_ip(std::uint32_t ip, double t);
  void learn_ip(std::uint32_t ip, const Mac& mac);
  void record_transfer(Story& story, TftpTransferStory transfer);
  void end(std::unordered_map<std::uint64_t, std::unique_ptr<Story>>::iterator it, double now,
           const Sink& sink);

  LiveStoryLimits limits_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Story>> stories_;  // by MAC
  std::unordered_map<std::uint32_t, std::uint64_t> mac_of_ip_;         // learned from DHCP
  // Stories in the order they began (MAC key, sequence): the cap evicts from the front in O(1);
  // entries of stories that already ended are skipped (their sequence no longer matches).
  std::deque<std::pair<std::uint64_t, std::uint64_t>> order_;
  std::uint64_t next_sequence_ = 0;
  std::function<bool(std::uint32_t, Mac&)> resolve_;
  std::uint64_t evicted_ = 0;
};

// The pcapng file name of a finished story:
// "boot-525400123456-20261130T081500Z-tftp-stalled.pcapng".
std::string story_capture_name(const FinishedStory& finished);
// Writes the story's frames, then a marker frame at the time it ended (its silence is part of
// the verdict); false with `error` naming the file and the reason.
bool write_story_capture(const FinishedStory& finished, const std::string& path,
                         std::string& error);

}  // namespace pxescope
