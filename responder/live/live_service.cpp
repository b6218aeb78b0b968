#include "responder/live/live_service.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "analyzer/ascii.hpp"
#include "analyzer/story/dhcp_message.hpp"
#include "responder/live/live_clock.hpp"

namespace pxescope::responder::live {
namespace {

// "192.0.2.10:2070" -> address (host order) and port.
bool split_endpoint(std::string_view text, std::uint32_t& ip, std::uint16_t& port) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || !parse_ipv4(text.substr(0, colon), ip)) return false;
  const auto digits = text.substr(colon + 1);
  return std::from_chars(digits.data(), digits.data() + digits.size(), port).ec == std::errc{};
}

// The kernel's neighbour table: the MAC of an address a transfer came from when no DHCP frame
// of that client was seen (it kept an address from an earlier boot).
bool neighbour_mac(std::uint32_t ip, LiveStories::Mac& mac) {
  std::ifstream arp("/proc/net/arp");
  std::string line;
  const std::string want = format_ipv4(ip);
  std::getline(arp, line);  // header
  while (std::getline(arp, line)) {
    std::istringstream fields(line);
    std::string address, hw_type, flags, hw;
    if (!(fields >> address >> hw_type >> flags >> hw) || address != want) continue;
    MacAddress parsed{};
    if (!parse_mac(hw, parsed) || parsed == MacAddress{}) return false;
    mac = parsed;
    return true;
  }
  return false;
}

std::string_view tftp_outcome(tftp::TransferEvent::Kind kind) {
  return tftp::event_kind_name(kind);
}

}  // namespace

LiveOptions live_options(const ResponderConfig& cfg) {
  LiveOptions o;
  o.stories = cfg.live_stories;
  o.story_dir = cfg.story_dir;
  o.metrics = cfg.metrics_address;
  return o;
}

bool parse_metrics_address(const std::string& text, std::string& address, std::uint16_t& port,
                           std::string& error) {
  std::uint32_t ip = 0;
  if (!split_endpoint(text, ip, port) || port == 0) {
    error = "--metrics '" + text +
            "' is not ADDR:PORT: give an IPv4 address and a port, e.g. 127.0.0.1:9187";
    return false;
  }
  address = text.substr(0, text.rfind(':'));
  return true;
}

LiveService::LiveService(const LiveOptions& options, const ResponderConfig& cfg, EventLog& log)
    : options_(options), cfg_(cfg), log_(log) {
  if (options_.stories) {
    stories_.emplace(options_.limits);
    stories_->set_resolver(neighbour_mac);
  }
}

LiveService::~LiveService() = default;

bool LiveService::open(std::string& error) {
  if (!options_.story_dir.empty()) {
    struct stat st {};
    if (::stat(options_.story_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      error = "--story-dir " + options_.story_dir +
              " is not a directory: create it (mkdir -p) and let the serving user write to it";
      return false;
    }
    if (!options_.stories) {
      error = "--story-dir needs the live stories: drop --no-live-stories";
      return false;
    }
  }
  if (options_.metrics.empty()) return true;
  http::HttpServer::Options o;
  if (!parse_metrics_address(options_.metrics, o.bind_ip, o.port, error)) return false;
  o.routes.push_back({"/metrics", "", metrics_.render(), "text/plain; version=0.0.4"});
  o.max_connections = 8;
  o.max_per_client = 4;
  metrics_server_ = std::make_unique<http::HttpServer>(std::move(o));
  if (!metrics_server_->open(error)) {
    error = "--metrics " + options_.metrics + ": " + error;
    metrics_server_.reset();
    return false;
  }
  return true;
}

int LiveService::metrics_fd() const {
  return metrics_server_ ? metrics_server_->poll_fd() : -1;
}

void LiveService::handle_metrics(std::int64_t now_s) {
  now_s_ = now_s;
  update_gauges();
  // The one route's text is rendered afresh for each batch of requests (the scrape).
  std::string unused;
  metrics_server_->change("", {{"/metrics", "", metrics_.render(), "text/plain; version=0.0.4"}},
                          unused);
  metrics_server_->handle_ready(http::Clock::now());
}

void LiveService::update_gauges() {
  if (engine_ && cfg_.full_dhcp) {
    const double size = cfg_.range_end >= cfg_.range_start
                            ? static_cast<double>(cfg_.range_end - cfg_.range_start + 1)
                            : 0;
    const double used = static_cast<double>(engine_->leases().bound_records().size());
    metrics_.set(Metrics::kLeases, Metrics::labels({{"state", "in_use"}}), used);
    metrics_.set(Metrics::kLeases, Metrics::labels({{"state", "free"}}), size - used);
  }
  if (stories_) {
    metrics_.set(Metrics::kLiveStories, "", static_cast<double>(stories_->live()));
    metrics_.set(Metrics::kLiveStoriesEvicted, "", static_cast<double>(stories_->evicted()));
  }
}

void LiveService::on_dhcp(Engine& engine, FrameOutcome outcome, bool sent,
                          std::span<const std::uint8_t> frame, std::int64_t now_s) {
  engine_ = &engine;
  now_s_ = now_s;
  // Our own frames seen again on the raw socket (the --dhcp-check DISCOVER) are no client's
  // boot: they would end as a story of the server itself.
  const MacAddress& own = engine.server().mac;
  const bool from_us = frame.size() >= 12 && std::equal(own.begin(), own.end(), frame.begin() + 6);
  if (stories_ && !from_us) {
    const double t = wall_now();
    if (outcome == FrameOutcome::NotDhcpRequest) {
      stories_->add(frame_at(frame, t));  // another server's reply, a request to another server
    } else if (outcome != FrameOutcome::Malformed) {  // junk never makes (or evicts) a story
      // A request the engine parsed: no second parse to find its client.
      const DhcpRequest& req = engine.request();
      const Frame reply = frame_at(engine.reply_frame(), t);
      stories_->add_exchange(
          req.chaddr, frame_at(frame, t), sent ? &reply : nullptr,
          {engine.ingress().src_ip, req.requested_ip, sent ? engine.reply().yiaddr : 0});
    }
  }
  if (outcome == FrameOutcome::NotDhcpRequest) return;
  if (outcome == FrameOutcome::Malformed) {
    const ParseError why = engine.parse_error();
    dhcp_sample(static_cast<std::uint64_t>(why), Metrics::kDhcpMalformed, [why] {
      return Metrics::labels({{"reason", parse_error_text(why)}});
    }) += 1;
    return;
  }
  const DhcpRequest& req = engine.request();
  const bool to_4011 = engine.ingress().dst_port == 4011;
  const std::string_view mode = cfg_.full_dhcp ? "full" : "proxy";
  const auto arch = [&req] { return req.has_arch ? std::to_string(req.arch) : "none"; };
  const auto type_name = [](std::uint8_t type) {
    return ascii_lowercase(dhcp_message_type_name(type));
  };
  // type | port | arch (none: 1 << 16): the request's counter; the reply type on top for its.
  const std::uint64_t request_key = std::uint64_t{req.message_type} << 24 |
                                    std::uint64_t{to_4011} << 17 |
                                    (req.has_arch ? req.arch : std::uint64_t{1} << 16);
  dhcp_sample(request_key, Metrics::kDhcpRequests, [&] {
    return Metrics::labels({{"type", type_name(req.message_type)},
                            {"port", to_4011 ? "4011" : "67"},
                            {"mode", mode},
                            {"arch", arch()}});
  }) += 1;
  if (outcome == FrameOutcome::Reply && sent) {
    const std::uint8_t reply = engine.reply().message_type;
    dhcp_sample(std::uint64_t{reply} << 32 | (request_key & 0x1ffff), Metrics::kDhcpReplies, [&] {
      return Metrics::labels({{"type", type_name(reply)}, {"mode", mode}, {"arch", arch()}});
    }) += 1;
  } else if (outcome == FrameOutcome::Silent) {
    const Verdict why = engine.verdict();
    dhcp_sample(static_cast<std::uint64_t>(why), Metrics::kDhcpIgnored, [why] {
      return Metrics::labels({{"reason", verdict_text(why)}});
    }) += 1;
  }
}

void LiveService::on_frame(std::span<const std::uint8_t> frame) {
  if (stories_) stories_->add(frame_at(frame, wall_now()));
}

void LiveService::on_tftp(const tftp::TransferEvent& e) {
  using Kind = tftp::TransferEvent::Kind;
  if (e.kind != Kind::kStart) {
    metrics_.add(Metrics::kTftpTransfers, Metrics::labels({{"outcome", tftp_outcome(e.kind)}}));
    metrics_.add(Metrics::kTftpBytes, "", static_cast<double>(e.bytes));
  }
  if (e.kind == Kind::kRefused || e.kind == Kind::kAborted || e.kind == Kind::kFailed)
    metrics_.add(Metrics::kTftpErrors,
                 Metrics::labels({{"code", std::to_string(e.error_code)},
                                  {"from", e.kind == Kind::kAborted ? "client" : "server"}}));
  if (!stories_ || e.kind == Kind::kStart) return;
  TftpTransferStory x;
  // Over IPv6 the client is the one its DHCPv6 told (or its link-local address's EUI-64) and
  // the server the address in its URL; the story builder gives that address its id.
  MacAddress mac6{};
  const bool over_ipv6 = !split_endpoint(e.client, x.client_ip, x.client_port);
  if (over_ipv6 && !tftp_client6(e.client, mac6, x.client_port, x.server_address)) return;
  const double end = wall_now();
  x.file = e.file;
  x.server_ip = server_ip_;
  x.server_port = 69;  // answered (the transfer's own port is not in the event)
  x.blksize = e.blksize;
  x.tsize = e.tsize_requested ? e.size : 0;
  x.bytes = e.bytes;
  x.blocks = static_cast<std::uint32_t>(e.blksize ? e.bytes / e.blksize + 1 : 0);
  x.retransmissions = e.retransmissions;
  x.rrq_count = 1;
  x.start = end - std::chrono::duration<double>(e.duration).count();
  x.end = end;
  x.complete = e.kind == Kind::kFinish;
  if (e.tsize_requested) x.requested_options = "tsize=0";
  if (e.kind == Kind::kProbe) {
    x.tsize_probe = true;
    x.oack_options = "tsize=" + std::to_string(e.size);
  }
  if (e.kind == Kind::kRefused || e.kind == Kind::kAborted || e.kind == Kind::kProbe ||
      e.kind == Kind::kFailed) {
    x.error_code = e.error_code;
    x.error_message = e.message;
    x.error_from_client = e.kind == Kind::kAborted || e.kind == Kind::kProbe;
  }
  if (!over_ipv6) {
    stories_->add_transfer(std::move(x));
    return;
  }
  x.server_ip = 0;  // the story builder gives x.server_address its id
  stories_->add_transfer(mac6, std::move(x));
}

void LiveService::on_http(const http::RequestEvent& e) {
  metrics_.add(Metrics::kHttpRequests, Metrics::labels({{"status", std::to_string(e.status)}}));
  metrics_.add(Metrics::kHttpBytes, "", static_cast<double>(e.bytes));
  if (!stories_ || e.method == "-") return;
  std::uint32_t client_ip = 0;
  HttpFetchStory x;
  if (!split_endpoint(e.client, client_ip, x.client_port)) return;
  const double end = wall_now();
  x.method = e.method;
  x.url = "http://" + format_ipv4(server_ip_) + e.target;
  x.server_ip = server_ip_;
  x.server_port = cfg_.http_port;
  x.syns = 1;
  x.connected = true;
  x.status = e.status;
  x.content_length = static_cast<std::int64_t>(e.length);
  x.bytes = e.bytes;
  x.complete = e.message.empty() && (e.method == "HEAD" || e.bytes >= e.length);
  x.reset = !x.complete;
  x.start = end - std::chrono::duration<double>(e.duration).count();
  x.end = end;
  stories_->add_http_fetch(client_ip, std::move(x));
}

void LiveService::tell(FinishedStory&& finished) {
  ClientStory& s = finished.story;
  // A DHCP client that is not network-booting has no boot to tell.
  if (s.verdict == pxescope::Verdict::NotPxe) return;
  const std::string_view code = verdict_code(s.verdict);
  metrics_.add(Metrics::kBootVerdicts, Metrics::labels({{"verdict", code}}));
  std::string file;
  for (const TftpTransferStory& x : s.transfers)
    if (x.complete && !x.tsize_probe) file = x.file;
  if (file.empty())
    for (const ServerReply& r : s.replies)
      if (!r.boot_file.empty()) file = r.boot_file;
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", s.last_time - s.first_time);
  const std::string mac = format_mac(s.mac);
  std::string capture_path, capture_error;
  std::vector<EventLog::Field> fields{{"mac", mac},
                                      {"arch", arch_name(s.arch)},
                                      {"verdict", code},
                                      {"file", file},
                                      {"seconds", seconds}};
  if (s.verdict != pxescope::Verdict::Booted) {
    fields.push_back({"reason", s.reason});
    fields.push_back({"fix", s.fix});
    capture_limit_.take_suppressed(LogRateLimit::Clock::now());
    if (!options_.story_dir.empty() && !capture_limit_.allow(LogRateLimit::Clock::now())) {
      fields.push_back({"capture_skipped", "rate-limit"});
    } else if (!options_.story_dir.empty()) {
      capture_path = options_.story_dir + "/" + story_capture_name(finished);
      if (write_story_capture(finished, capture_path, capture_error))
        fields.push_back({"capture", capture_path});
      else
        fields.push_back({"capture_error", capture_error});
    }
  }
  log_.line("boot", fields);
}

void LiveService::tick(std::chrono::nanoseconds busy) {
  metrics_.observe_loop(busy);
  if (metrics_server_) {
    const auto now = http::Clock::now();
    if (now >= metrics_server_->next_deadline()) metrics_server_->handle_timeouts(now);
  }
  if (!stories_) return;
  // Stories end at a one-second grain: no need to look more often.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_expire_ < std::chrono::seconds(1)) return;
  last_expire_ = now;
  stories_->expire(wall_now(), [this](FinishedStory&& f) { tell(std::move(f)); });
}

void LiveService::finish() {
  if (stories_) stories_->finish_all(wall_now(), [this](FinishedStory&& f) { tell(std::move(f)); });
}

int LiveService::wake_ms() const {
  const bool scrapers = metrics_server_ && metrics_server_->connections() > 0;  // their timeouts
  return (stories_ && stories_->live() > 0) || scrapers ? 1000 : -1;
}

}  // namespace pxescope::responder::live
