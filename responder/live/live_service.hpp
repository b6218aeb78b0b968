// `respond`'s live boot stories and metrics: the event loop hands it the frames it handled and
// sent and the TFTP/HTTP events it logged; it tells one verdict line per client boot, writes a
// failed boot's last packets to --story-dir, counts for --metrics and serves them.
//
// Hooks (responder/server.cpp): after each DHCP frame on_dhcp(); in the TFTP and HTTP loggers
// on_tftp()/on_http(); once per loop wake-up tick(); the metrics listener's fd in the epoll set.
// DHCPv6 (live_dhcp6.cpp): the DHCPv6 service reads datagrams, not frames; it hands each
// request and its reply to on_dhcp6(), which gives them to the client's story as datagrams
// with the endpoints a capture would show (read typed, no frame dissected; the client is the
// request's MAC: option 79, its DUID's, else the link's), and learns the client's IPv6
// addresses so TFTP over IPv6 joins the same story.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/story/live_stories.hpp"
#include "responder/config.hpp"
#include "responder/dhcp6/dhcp6_engine.hpp"
#include "responder/engine.hpp"
#include "responder/event_log.hpp"
#include "responder/http/http_event.hpp"
#include "responder/http/http_server.hpp"
#include "responder/live/metrics.hpp"
#include "responder/log_rate_limit.hpp"
#include "responder/slot_index.hpp"
#include "responder/tftp/tftp_event.hpp"

namespace pxescope::responder::live {

struct LiveOptions {
  bool stories = true;    // --no-live-stories turns them off
  std::string story_dir;  // --story-dir: failed boots' captures ("" none)
  std::string metrics;    // --metrics ADDR:PORT ("" none)
  LiveStoryLimits limits;
};
LiveOptions live_options(const ResponderConfig& cfg);

// "ADDR:PORT" -> address and port; false with a one-line error naming the fix.
bool parse_metrics_address(const std::string& text, std::string& address, std::uint16_t& port,
                           std::string& error);

// One DHCPv6 datagram as the DHCPv6 service saw it: who sent it, and the server's side.
struct Dhcp6Datagram {
  Ipv6Address peer{};  // the sender: the client's link-local address, or a relay's
  std::uint16_t peer_port = 546;
  MacAddress server_mac{};       // the served interface's
  Ipv6Address server_source{};   // the reply's source (the interface's link-local address)
  Ipv6Address server_address{};  // the address in URLs: where TFTP/HTTP over IPv6 is fetched
};

class LiveService {
 public:
  LiveService(const LiveOptions& options, const ResponderConfig& cfg, EventLog& log);
  ~LiveService();

  // Opens the metrics listener and checks the story directory (before dropping root).
  bool open(std::string& error);
  int metrics_fd() const;
  void handle_metrics(std::int64_t now_s);

  void on_dhcp(Engine& engine, FrameOutcome outcome, bool sent, std::span<const std::uint8_t> frame,
               std::int64_t now_s);
  void on_frame(std::span<const std::uint8_t> frame);  // any other frame of a client's boot
  // After each DHCPv6 request the DHCPv6 service handled (`payload`) and the reply it sent.
  void on_dhcp6(const Dhcp6Engine& engine, Outcome6 outcome, bool sent,
                std::span<const std::uint8_t> payload, const Dhcp6Datagram& where);
  void on_tftp(const tftp::TransferEvent& event);
  void on_http(const http::RequestEvent& event);
  void set_server_ip(std::uint32_t ip) { server_ip_ = ip; }
  // Once per loop wake-up: `busy` is how long its work took. Ends quiet stories.
  void tick(std::chrono::nanoseconds busy);
  void finish();  // at shutdown: every story told
  // The loop must wake up at least this often (ms) while stories are live, else -1.
  int wake_ms() const;

  const Metrics& metrics() const { return metrics_; }
  const LiveStories* stories() const { return stories_ ? &*stories_ : nullptr; }

 private:
  void tell(FinishedStory&& finished);
  // A DHCP counter by a packed key (family, message type, port, arch, reason), its labels built
  // once: the per-request cost is one hash lookup.
  template <typename MakeLabels>
  double& dhcp_sample(std::uint64_t key, std::size_t family, MakeLabels&& make_labels) {
    key = key << 8 | family;
    if (const auto it = dhcp_samples_.find(key); it != dhcp_samples_.end()) return *it->second;
    double& sample = metrics_.sample(family, make_labels());
    dhcp_samples_.emplace(key, &sample);
    return sample;
  }
  void update_gauges();
  // IPv6 (live_dhcp6.cpp): a TFTP client "[addr%iface]:port" -> its port and the MAC its
  // DHCPv6 (or its link-local address's EUI-64) told; false when no client is known for it.
  // `server`: the DHCPv6 server address the client was given (its interface's).
  bool tftp_client6(std::string_view endpoint, MacAddress& mac, std::uint16_t& port,
                    std::string& server) const;
  struct Client6 {
    MacAddress mac{};
    Ipv6Address server{};
  };
  void learn_ipv6(const Ipv6Address& address, const Client6& client);
  const Client6* client_of_ipv6(const Ipv6Address& address) const;

  LiveOptions options_;
  const ResponderConfig& cfg_;
  EventLog& log_;
  std::optional<LiveStories> stories_;
  Metrics metrics_;
  // Failure captures a flood of failing clients may cause: at most 30 files a minute (the rest
  // are named in their line, `capture_skipped=rate-limit`), so --story-dir never fills a disk.
  LogRateLimit capture_limit_{30, std::chrono::minutes(1)};
  std::unordered_map<std::uint64_t, double*> dhcp_samples_;
  std::unique_ptr<http::HttpServer> metrics_server_;
  std::uint32_t server_ip_ = 0;
  // The clients' IPv6 addresses (link-local source, the address given) from their DHCPv6, for
  // their TFTP over IPv6; bounded like LiveStories' IPv4 map. Records and an index over them:
  // learning one per request allocates nothing once warm. The server's, for the transfers.
  std::vector<std::pair<Ipv6Address, Client6>> ipv6_clients_;
  SlotIndex ipv6_client_index_;
  Ipv6Address server_ipv6_{};  // the last DHCPv6 answer's (a client known only by EUI-64)
  Engine* engine_ = nullptr;   // the last one seen (lease gauges)
  std::int64_t now_s_ = 0;
  std::chrono::steady_clock::time_point last_expire_{};
};

}  // namespace pxescope::responder::live
