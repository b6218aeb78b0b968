// One log line per client event (request seen and what was done about it, TFTP transfer
// start/finish), as text or as JSON for machines. Written to a FILE*, flushed by the
// event loop once per wake-up rather than per line.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "responder/conflict_watch.hpp"
#include "responder/engine.hpp"
#include "responder/http/http_event.hpp"
#include "responder/log_rate_limit.hpp"
#include "responder/log_sink.hpp"
#include "responder/tftp/tftp_server.hpp"

namespace pxescope::responder {

// What the log has seen since start-up (for systemd's STATUS= line), counted whether or not
// a line was written (--quiet-dhcp).
struct EventCounts {
  std::uint64_t replies = 0, ignored = 0, malformed = 0;
  std::uint64_t tftp_done = 0, tftp_failed = 0;  // finished; aborted, timed out, failed, refused
  std::uint64_t http = 0;
  std::uint64_t dhcp6_replies = 0, dhcp6_ignored = 0, dhcp6_malformed = 0;  // DHCPv6 requests
};

class EventLog {
 public:
  EventLog(std::FILE* out, bool json, bool quiet_dhcp)
      : out_(out), json_(json), quiet_dhcp_(quiet_dhcp) {}

  // After Engine::handle_frame: the request and the decision. `sent` false with a reply
  // means --dry-run (or a failed send, with `send_error`).
  // `request_frame`: the frame the engine handled, so the reply's lint codes can be logged.
  // `iface`: the interface it came in on, as iface=NAME (only when several are served).
  void dhcp(const Engine& engine, FrameOutcome outcome, bool sent, bool dry_run,
            std::span<const std::uint8_t> request_frame = {}, std::string_view iface = {});
  void tftp(const tftp::TransferEvent& event);
  // One line per HTTP request answered (the access log fields; client strings escaped).
  void http(const http::RequestEvent& event);
  // Another server answered a client we answered too (one line per conflict).
  void conflict(const Conflict& c);
  // Start-up/shutdown and other one-off lines.
  void info(std::string_view what, std::string_view message);
  // A line of another service in the same style (DHCPv6: responder/dhcp6/dhcp6_log.cpp):
  // its fields in order, a number written as one in JSON.
  struct Field {
    std::string_view key;
    std::string_view text;
    std::uint64_t number = 0;
    bool is_number = false;
  };
  void line(std::string_view event, std::span<const Field> fields);
  // The "malformed-suppressed" line for a rate-limit window that is over (`force`: any, at
  // shutdown). Call once per loop wake-up; has_suppressed(): the loop should wake up for it.
  void summarize_suppressed(bool force = false);
  bool has_suppressed() const { return malformed_limit_.has_suppressed(); }

  // Malformed-frame lines: at most kMalformedBurst per kMalformedWindow, then one summary.
  static constexpr unsigned kMalformedBurst = 10;
  static constexpr std::chrono::seconds kMalformedWindow{10};
  void flush() { std::fflush(out_); }

  // Every line also goes to `sink` (nullptr: none) with its fields; `also_out`: and still to the
  // FILE* (false: only when the sink fails, so a journal stream does not get each line twice).
  void set_sink(LogSink* sink, bool also_out) {
    sink_ = sink;
    also_out_ = also_out;
  }
  const EventCounts& counts() const { return counts_; }
  // A DHCPv6 request handled (responder/dhcp6/): counted whether or not a line is written.
  void count_dhcp6(bool malformed, bool replied) {
    ++(malformed ? counts_.dhcp6_malformed
       : replied ? counts_.dhcp6_replies
                 : counts_.dhcp6_ignored);
  }

 private:
  void begin(std::string_view event);
  void field(std::string_view key, std::string_view value);
  void field(std::string_view key, std::uint64_t value);
  void field_mac(std::string_view key, const MacAddress& mac);
  void field_ip(std::string_view key, std::uint32_t ip, int port = -1);
  void end();
  void capture(std::string_view key, std::string_view value);  // for the sink

  std::FILE* out_;
  bool json_;
  bool quiet_dhcp_;
  std::string line_;
  LogRateLimit malformed_limit_{kMalformedBurst, kMalformedWindow};
  Ingress last_suppressed_;  // named in the summary
  EventCounts counts_;
  LogSink* sink_ = nullptr;
  bool also_out_ = true;
  std::string event_;                    // of the line being written (for the sink)
  std::string field_text_;               // the sink's copies of keys and values
  std::vector<std::size_t> field_ends_;  // key end, value end, key end, ... in field_text_
  std::vector<LogField> fields_;
};

// Message type names for the log ("DISCOVER", "REQUEST", ...).
std::string_view message_type_word(std::uint8_t type);

}  // namespace pxescope::responder
