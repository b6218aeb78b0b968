#include "analyzer/story/live_stories.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "analyzer/link/ipv6_dissector.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "analyzer/pcapng_writer.hpp"

namespace pxescope {
namespace {

std::uint64_t mac_key(const LiveStories::Mac& m) {
  std::uint64_t k = 0;
  for (auto b : m) k = (k << 8) | b;
  return k;
}
LiveStories::Mac mac_of_key(std::uint64_t k) {
  LiveStories::Mac m{};
  for (int i = 5; i >= 0; --i, k >>= 8) m[static_cast<std::size_t>(i)] = k & 0xff;
  return m;
}
double seconds_of(const Frame& f) {
  return static_cast<double>(f.ts_sec) + f.ts_nsec * 1e-9;
}
std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}
void put16(std::vector<std::uint8_t>& out, std::size_t at, std::uint32_t v) {
  out[at] = static_cast<std::uint8_t>(v >> 8);
  out[at + 1] = static_cast<std::uint8_t>(v);
}
void put32(std::vector<std::uint8_t>& out, std::size_t at, std::uint32_t v) {
  put16(out, at, v >> 16);
  put16(out, at + 2, v & 0xffff);
}

bool is_dhcp_port(std::uint16_t port) {
  return port == 67 || port == 68 || port == 4011;
}

// Option 50 (requested address) of a DHCP request: the address the client will use.
std::uint32_t requested_address(std::span<const std::uint8_t> p) {
  std::size_t i = 240;
  while (i < p.size() && p[i] != 255) {
    if (p[i] == 0) {
      ++i;
      continue;
    }
    if (i + 1 >= p.size() || i + 2 + p[i + 1] > p.size()) return 0;
    if (p[i] == 50 && p[i + 1] == 4) return be32(p.data() + i + 2);
    i += 2 + p[i + 1];
  }
  return 0;
}

// The time stamp of absolute seconds `t`, as a frame carries it.
void stamp(KeptFrame& k, double t) {
  k.ts_sec = static_cast<std::int64_t>(t);
  k.ts_nsec = static_cast<std::uint32_t>((t - static_cast<double>(k.ts_sec)) * 1e9);
}

KeptFrame at_time(double t, std::vector<std::uint8_t> data) {
  KeptFrame k;
  stamp(k, t);
  k.original_length = static_cast<std::uint32_t>(data.size());
  k.data = std::move(data);
  return k;
}

// An Ethernet/IPv4/UDP frame (checksums 0: "not computed") for a transfer packet that was
// never captured as a frame: the server's own TFTP request and error, in the failure capture.
std::vector<std::uint8_t> udp_frame(const LiveStories::Mac& src_mac,
                                    const LiveStories::Mac& dst_mac, std::uint32_t src_ip,
                                    std::uint16_t src_port, std::uint32_t dst_ip,
                                    std::uint16_t dst_port, std::span<const std::uint8_t> body) {
  std::vector<std::uint8_t> f(42 + body.size());
  std::copy(dst_mac.begin(), dst_mac.end(), f.begin());
  std::copy(src_mac.begin(), src_mac.end(), f.begin() + 6);
  put16(f, 12, 0x0800);
  f[14] = 0x45;
  put16(f, 16, static_cast<std::uint32_t>(28 + body.size()));
  f[22] = 64;
  f[23] = 17;
  put32(f, 26, src_ip);
  put32(f, 30, dst_ip);
  put16(f, 34, src_port);
  put16(f, 36, dst_port);
  put16(f, 38, static_cast<std::uint32_t>(8 + body.size()));
  std::copy(body.begin(), body.end(), f.begin() + 42);
  return f;
}

std::vector<std::uint8_t> tftp_rrq(const TftpTransferStory& x) {
  std::vector<std::uint8_t> p{0, 1};
  p.insert(p.end(), x.file.begin(), x.file.end());
  const std::string mode = "octet";
  p.push_back(0);
  p.insert(p.end(), mode.begin(), mode.end());
  p.push_back(0);
  return p;
}

std::vector<std::uint8_t> tftp_error(const TftpTransferStory& x) {
  std::vector<std::uint8_t> p{0, 5, static_cast<std::uint8_t>(x.error_code >> 8),
                              static_cast<std::uint8_t>(x.error_code)};
  p.insert(p.end(), x.error_message.begin(), x.error_message.end());
  p.push_back(0);
  return p;
}

}  // namespace

Frame KeptFrame::view(std::uint64_t index) const {
  Frame f;
  f.index = index;
  f.ts_sec = ts_sec;
  f.ts_nsec = ts_nsec;
  f.original_length = original_length;
  f.link_type = link_type;
  f.data = data;
  return f;
}

// One client's story. Its frame slots keep their buffers when a story is reused for a new
// client (the cap's eviction), so a steady stream of new clients allocates nothing.
struct LiveStories::Story {
  Mac mac{};
  std::uint64_t sequence = 0;
  double first = 0, last = 0;
  std::unique_ptr<StoryBuilder> builder;  // made when a frame is first handed over
  Dhcpv6StoryEvent event6;                // reused: its strings keep their buffers
  std::vector<KeptFrame> head;            // slots; the first head_used are the first frames
  std::vector<KeptFrame> ring;            // slots of the window, oldest at ring_start
  std::size_t head_used = 0, ring_start = 0, ring_used = 0;
  std::size_t window_bytes = 0;
  std::size_t unfed = 0;  // the last `unfed` kept frames are not in the builder yet
  std::uint64_t fed_index = 0;
  std::uint64_t dropped = 0;

  void reset(const Mac& m, std::uint64_t seq, double t) {
    mac = m;
    sequence = seq;
    first = last = t;
    builder.reset();
    head_used = ring_start = ring_used = window_bytes = unfed = 0;
    fed_index = dropped = 0;
  }
  std::size_t kept() const { return head_used + ring_used; }
  KeptFrame& at(std::size_t i, const LiveStoryLimits& limits) {
    if (i < head_used) return head[i];
    return ring[(ring_start + i - head_used) % limits.window_packets];
  }
  StoryBuilder& story_builder() {
    if (!builder) builder = std::make_unique<StoryBuilder>();
    return *builder;
  }
  // Hands frames over until only the last `keep_unfed` are still waiting.
  void feed_until(std::size_t keep_unfed, const LiveStoryLimits& limits) {
    for (; unfed > keep_unfed; --unfed) {
      const KeptFrame& k = at(kept() - unfed, limits);
      ++fed_index;
      if (k.datagram6)
        feed_datagram6(k, fed_index);
      else if (!k.synthetic)
        story_builder().add(k.view(fed_index));
    }
  }
  // A kept DHCPv6 datagram, typed: its message read from the payload, the rest as kept.
  void feed_datagram6(const KeptFrame& k, std::uint64_t index) {
    const double t = static_cast<double>(k.ts_sec) + k.ts_nsec * 1e-9;
    if (!event6.message.parse(k.data)) {  // not a client/server message: no story in it
      story_builder().note_time(t);
      return;
    }
    event6.frame = index;
    event6.time = t;
    event6.has_macs = true;
    event6.src_mac = k.endpoints.src_mac;
    event6.dst_mac = k.endpoints.dst_mac;
    event6.src_ip = k.endpoints.src_ip;
    event6.dst_ip = k.endpoints.dst_ip;
    story_builder().add_dhcpv6(event6);
  }
  // The next free slot (its buffer reused), at the end of the head or of the window.
  KeptFrame& next_slot(const LiveStoryLimits& limits) {
    if (head_used < limits.head_packets) {
      if (head.size() <= head_used) head.emplace_back();
      return head[head_used++];
    }
    const std::size_t at = (ring_start + ring_used) % limits.window_packets;
    if (ring.size() <= at) ring.resize(at + 1);
    ++ring_used;
    return ring[at];
  }
  // Keeps one packet in the next slot, which `fill` writes (its buffer reused).
  template <typename Fill>
  void keep(bool fed, const LiveStoryLimits& limits, Fill&& fill) {
    const bool in_head = head_used < limits.head_packets;
    if (!in_head && ring_used == limits.window_packets) drop_oldest(limits);
    KeptFrame& k = next_slot(limits);
    fill(k);
    if (!fed) ++unfed;
    if (in_head) return;
    window_bytes += k.capture_bytes();
    while (ring_used > 1 && window_bytes > limits.window_bytes) drop_oldest(limits);
  }
  void keep_frame(const Frame& f, bool synthetic, bool fed, const LiveStoryLimits& limits) {
    keep(fed, limits, [&](KeptFrame& k) {
      k.ts_sec = f.ts_sec;
      k.ts_nsec = f.ts_nsec;
      k.original_length = f.original_length;
      k.link_type = f.link_type;
      k.synthetic = synthetic;
      k.datagram6 = false;
      k.data.assign(f.data.begin(), f.data.end());
    });
  }
  void keep_datagram6(double t, const Udp6Endpoints& endpoints,
                      std::span<const std::uint8_t> payload, const LiveStoryLimits& limits) {
    keep(false, limits, [&](KeptFrame& k) {
      stamp(k, t);
      k.original_length = static_cast<std::uint32_t>(kUdp6FrameOverhead + payload.size());
      k.link_type = 1;  // Ethernet
      k.synthetic = false;
      k.datagram6 = true;
      k.endpoints = endpoints;
      k.data.assign(payload.begin(), payload.end());
    });
  }
  // The oldest frame of the window leaves: the builder must have it first.
  void drop_oldest(const LiveStoryLimits& limits) {
    feed_until(std::min(unfed, ring_used - 1), limits);
    window_bytes -= std::min(window_bytes, ring[ring_start].capture_bytes());
    ring_start = (ring_start + 1) % limits.window_packets;
    --ring_used;
    ++dropped;
  }
  std::vector<KeptFrame> take_frames(const LiveStoryLimits& limits) {
    std::vector<KeptFrame> out;
    out.reserve(kept());
    for (std::size_t i = 0; i < kept(); ++i) {
      KeptFrame& k = out.emplace_back(std::move(at(i, limits)));
      if (!k.datagram6) continue;
      std::vector<std::uint8_t> frame;  // the frame a capture on the link would hold
      build_udp6_frame(k.endpoints, k.data, frame);
      k.data = std::move(frame);
      k.datagram6 = false;
    }
    return out;
  }
};

LiveStories::LiveStories(LiveStoryLimits limits) : limits_(limits) {}
LiveStories::~LiveStories() = default;

LiveStories::Story* LiveStories::story_for(const Mac& mac, double t) {
  const std::uint64_t key = mac_key(mac);
  if (auto it = stories_.find(key); it != stories_.end()) return it->second.get();
  if (order_.size() > 2 * limits_.max_stories + 16)  // drop the entries of ended stories
    std::erase_if(order_, [this](const auto& e) {
      const auto it = stories_.find(e.first);
      return it == stories_.end() || it->second->sequence != e.second;
    });
  const std::uint64_t sequence = next_sequence_++;
  while (stories_.size() >= limits_.max_stories && !order_.empty()) {
    // Full: the story that began first goes, counted (its verdict is never told); its node
    // and buffers serve the new client.
    const auto [oldest, oldest_sequence] = order_.front();
    order_.pop_front();
    const auto it = stories_.find(oldest);
    if (it == stories_.end() || it->second->sequence != oldest_sequence) continue;  // ended
    ++evicted_;
    auto node = stories_.extract(it);
    node.key() = key;
    node.mapped()->reset(mac, sequence, t);
    order_.emplace_back(key, sequence);
    return stories_.insert(std::move(node)).position->second.get();
  }
  auto story = std::make_unique<Story>();
  story->reset(mac, sequence, t);
  order_.emplace_back(key, sequence);
  return stories_.emplace(key, std::move(story)).first->second.get();
}

void LiveStories::learn_ip(std::uint32_t ip, const Mac& mac) {
  if (ip == 0 || ip == 0xffffffffu) return;
  if (mac_of_ip_.size() >= 4 * limits_.max_stories) {
    // Bounded too: forget the addresses of clients whose story is over.
    std::erase_if(mac_of_ip_, [this](const auto& e) { return !stories_.contains(e.second); });
    if (mac_of_ip_.size() >= 4 * limits_.max_stories) mac_of_ip_.clear();
  }
  mac_of_ip_[ip] = mac_key(mac);
}

LiveStories::Story* LiveStories::story_for_ip(std::uint32_t ip, double t) {
  if (auto it = mac_of_ip_.find(ip); it != mac_of_ip_.end())
    return story_for(mac_of_key(it->second), t);
  Mac mac{};
  if (resolve_ && resolve_(ip, mac)) {
    learn_ip(ip, mac);
    return story_for(mac, t);
  }
  return nullptr;
}

bool LiveStories::add(const Frame& frame) {
  const double t = seconds_of(frame);
  UdpLocation loc;
  Story* story = nullptr;
  auto known_mac = [&](std::uint32_t offset) -> Story* {
    if (offset == kNoMacOffset || offset + 6 > frame.data.size()) return nullptr;
    Mac mac{};
    std::copy_n(frame.data.data() + offset, 6, mac.begin());
    const auto it = stories_.find(mac_key(mac));
    return it == stories_.end() ? nullptr : it->second.get();
  };
  if (locate_udp(frame.data, frame.link_type, loc)) {
    const auto p = frame.data.subspan(loc.payload_offset, loc.payload_length);
    if ((is_dhcp_port(loc.src_port) || is_dhcp_port(loc.dst_port)) && p.size() >= 34) {
      Mac chaddr{};
      std::copy_n(p.data() + 28, 6, chaddr.begin());
      story = story_for(chaddr, t);
      if (p[0] == 1) learn_ip(loc.src_ip, chaddr);
      if (p[0] == 1 && p.size() > 240) learn_ip(requested_address(p), chaddr);
      if (p[0] == 2 && p.size() >= 20) learn_ip(be32(p.data() + 16), chaddr);
    }
  } else if (loc.reached == UdpStage::Link && loc.ethertype == kEtherTypeIpv6) {
    // DHCPv6 (the DHCPv6 service's frames come here too): the story of the station's MAC.
    story = known_mac(loc.src_mac_offset);
    if (!story) story = known_mac(loc.dst_mac_offset);
    if (!story && loc.src_mac_offset != kNoMacOffset) {
      const std::size_t ip6 = loc.link_header_length;
      const bool to_dhcpv6_server = frame.data.size() >= ip6 + 44 && frame.data[ip6 + 6] == 17 &&
                                    frame.data[ip6 + 42] == 2 && frame.data[ip6 + 43] == 0x23;
      if (to_dhcpv6_server) {
        Mac mac{};
        std::copy_n(frame.data.data() + loc.src_mac_offset, 6, mac.begin());
        story = story_for(mac, t);
      }
    }
  }
  // TFTP, HTTP, ICMP: the client of either address, else of either link address.
  if (!story && loc.reached >= UdpStage::Ipv4) {
    for (std::uint32_t ip : {loc.src_ip, loc.dst_ip})
      if (auto it = mac_of_ip_.find(ip); !story && it != mac_of_ip_.end())
        story = story_for(mac_of_key(it->second), t);
    if (!story) story = known_mac(loc.src_mac_offset);
    if (!story) story = known_mac(loc.dst_mac_offset);
  }
  if (!story) return false;
  story->last = std::max(story->last, t);
  story->keep_frame(frame, false, false, limits_);
  return true;
}

void LiveStories::add_exchange(const Mac& mac, const Frame& request, const Frame* reply,
                               std::initializer_list<std::uint32_t> addresses) {
  const double t = seconds_of(request);
  Story* story = story_for(mac, t);
  for (std::uint32_t ip : addresses) learn_ip(ip, mac);
  story->last = std::max(story->last, t);
  story->keep_frame(request, false, false, limits_);
  if (reply) story->keep_frame(*reply, false, false, limits_);
}

void LiveStories::add_dhcpv6_exchange(const Mac& mac, double t,
                                      const Udp6Endpoints& request_endpoints,
                                      std::span<const std::uint8_t> request,
                                      const Udp6Endpoints* reply_endpoints,
                                      std::span<const std::uint8_t> reply) {
  Story* story = story_for(mac, t);
  story->last = std::max(story->last, t);
  story->keep_datagram6(t, request_endpoints, request, limits_);
  if (reply_endpoints) story->keep_datagram6(t, *reply_endpoints, reply, limits_);
}

bool LiveStories::add_transfer(TftpTransferStory x) {
  Story* story = story_for_ip(x.client_ip, x.start);
  if (!story) return false;
  record_transfer(*story, std::move(x));
  return true;
}

void LiveStories::add_transfer(const Mac& mac, TftpTransferStory x) {
  record_transfer(*story_for(mac, x.start), std::move(x));
}

void LiveStories::record_transfer(Story& story, TftpTransferStory x) {
  story.last = std::max(story.last, x.end);
  story.feed_until(0, limits_);     // everything before it goes in first, in order
  if (!x.server_address.empty()) {  // over IPv6: no IPv4 frames made up for it
    story.story_builder().add_transfer(story.mac, std::move(x));
    return;
  }
  // The request (and the refusal) as frames in the failure capture; the builder has the rest.
  const Mac server_mac{};
  const KeptFrame rrq = at_time(x.start, udp_frame(story.mac, server_mac, x.client_ip,
                                                   x.client_port, x.server_ip, 69, tftp_rrq(x)));
  story.keep_frame(rrq.view(0), true, true, limits_);
  if (x.error_code >= 0 && !x.error_from_client) {
    const KeptFrame error = at_time(
        x.end, udp_frame(server_mac, story.mac, x.server_ip, x.server_port ? x.server_port : 69,
                         x.client_ip, x.client_port, tftp_error(x)));
    story.keep_frame(error.view(0), true, true, limits_);
  }
  story.story_builder().add_transfer(story.mac, std::move(x));
}

bool LiveStories::add_http_fetch(std::uint32_t client_ip, HttpFetchStory x) {
  Story* story = story_for_ip(client_ip, x.start);
  if (!story) return false;
  story->last = std::max(story->last, x.end);
  story->feed_until(0, limits_);
  story->story_builder().add_http_fetch(story->mac, std::move(x));
  return true;
}

void LiveStories::end(std::unordered_map<std::uint64_t, std::unique_ptr<Story>>::iterator it,
                      double now, const Sink& sink) {
  Story& s = *it->second;
  s.feed_until(0, limits_);
  StoryBuilder& builder = s.story_builder();
  builder.note_time(now);
  std::vector<ClientStory> told = builder.finish();
  FinishedStory out;
  out.ended = now;
  out.frames_dropped = s.dropped;
  out.frames = s.take_frames(limits_);
  const std::uint64_t key = it->first;
  stories_.erase(it);
  // One builder per client: its own story, and none when all it saw was unreadable.
  for (ClientStory& story : told)
    if (mac_key(story.mac) == key) out.story = std::move(story), sink(std::move(out));
}

void LiveStories::expire(double now, const Sink& sink) {
  for (auto it = stories_.begin(); it != stories_.end();) {
    const Story& s = *it->second;
    const bool over =
        now - s.last >= limits_.quiet_seconds || now - s.first >= limits_.max_story_seconds;
    auto next = std::next(it);
    if (over) end(it, now, sink);
    it = next;
  }
}

void LiveStories::finish_all(double now, const Sink& sink) {
  while (!stories_.empty()) end(stories_.begin(), now, sink);
}

std::string story_capture_name(const FinishedStory& finished) {
  char mac[13];
  const auto& m = finished.story.mac;
  std::snprintf(mac, sizeof mac, "%02x%02x%02x%02x%02x%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
  const std::time_t t = static_cast<std::time_t>(finished.ended);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char when[32];
  std::strftime(when, sizeof when, "%Y%m%dT%H%M%SZ", &tm);
  return "boot-" + std::string(mac) + "-" + when + "-" +
         std::string(verdict_code(finished.story.verdict)) + ".pcapng";
}

bool write_story_capture(const FinishedStory& finished, const std::string& path,
                         std::string& error) {
  PcapngWriter writer;
  bool ok = writer.open(path);
  std::uint64_t index = 0;
  for (const KeptFrame& k : finished.frames) ok = ok && writer.write(k.view(++index));
  // The end of the story: a frame no dissector takes (EtherType 0x88b5, IEEE local
  // experimental) at the time it was closed, so the silence after its last packet is in the
  // file and `diagnose` weighs it as the live story did.
  const std::string note = "pxescope: story closed after silence";
  std::vector<std::uint8_t> marker(14 + note.size());
  std::fill_n(marker.begin(), 6, 0xff);
  std::copy(finished.story.mac.begin(), finished.story.mac.end(), marker.begin() + 6);
  put16(marker, 12, 0x88b5);
  std::copy(note.begin(), note.end(), marker.begin() + 14);
  ok = ok && writer.write(at_time(finished.ended, std::move(marker)).view(++index));
  if (!writer.close() || !ok) {
    error = writer.error();
    return false;
  }
  return true;
}

}  // namespace pxescope
