#include "responder/event_log.hpp"

#include <charconv>
#include <chrono>
#include <cstring>
#include <ctime>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/render.hpp"
#include "analyzer/story/dhcp_message.hpp"
#include "responder/log_escape.hpp"
#include "responder/reply_lint.hpp"

namespace pxescope::responder {
namespace {

std::string_view style_word(OfferStyle s) {
  switch (s) {
    case OfferStyle::Menu:
      return "menu";
    case OfferStyle::Binl:
      return "4011";
    case OfferStyle::Direct:
      return "direct";
    case OfferStyle::None:
      return "";
  }
  return "";
}

void append_time(std::string& out) {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t t = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  out.append(buf, n);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms));
  out += frac;
}

}  // namespace

std::string_view message_type_word(std::uint8_t type) {
  return dhcp_message_type_name(type);
}

void EventLog::begin(std::string_view event) {
  line_.clear();
  if (sink_ != nullptr) {
    event_.assign(event);
    field_text_.clear();
    field_ends_.clear();
  }
  if (json_) {
    line_ += "{\"time\":\"";
    append_time(line_);
    line_ += "\",\"event\":";
    append_json_string(event, line_);
  } else {
    append_time(line_);
    line_ += ' ';
    line_ += event;
  }
}

void EventLog::capture(std::string_view key, std::string_view value) {
  field_text_ += key;
  field_ends_.push_back(field_text_.size());
  field_text_ += value;
  field_ends_.push_back(field_text_.size());
}

void EventLog::field(std::string_view key, std::string_view value) {
  if (sink_ != nullptr) capture(key, value);
  if (json_) {
    line_ += ',';
    append_json_string(key, line_);
    line_ += ':';
    append_json_string(value, line_);
  } else {
    line_ += ' ';
    line_ += key;
    line_ += '=';
    append_log_value(value, line_);  // client strings: no raw newline, ESC or quote
  }
}

void EventLog::field(std::string_view key, std::uint64_t value) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  (void)ec;
  if (sink_ != nullptr)
    capture(key, std::string_view(digits, static_cast<std::size_t>(end - digits)));
  if (json_) {
    line_ += ',';
    append_json_string(key, line_);
    line_ += ':';
  } else {
    line_ += ' ';
    line_ += key;
    line_ += '=';
  }
  line_.append(digits, end);
}

// Stack-formatted MAC / address: no allocation per logged request.
void EventLog::field_mac(std::string_view key, const MacAddress& m) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
                m[5]);
  field(key, std::string_view(buf, 17));
}

void EventLog::field_ip(std::string_view key, std::uint32_t a, int port) {
  char buf[24];
  const int n = port >= 0 ? std::snprintf(buf, sizeof buf, "%u.%u.%u.%u:%d", a >> 24,
                                          (a >> 16) & 255, (a >> 8) & 255, a & 255, port)
                          : std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255,
                                          (a >> 8) & 255, a & 255);
  field(key, std::string_view(buf, static_cast<std::size_t>(n)));
}

void EventLog::end() {
  if (json_) line_ += '}';
  if (sink_ != nullptr) {
    fields_.clear();
    const std::string_view text = field_text_;
    for (std::size_t i = 0, start = 0; i + 1 < field_ends_.size(); i += 2) {
      fields_.push_back({text.substr(start, field_ends_[i] - start),
                         text.substr(field_ends_[i], field_ends_[i + 1] - field_ends_[i])});
      start = field_ends_[i + 1];
    }
    const std::string_view line = line_;
    // The journal stamps its own time: the text line goes without ours.
    const std::string_view message = json_ ? line : line.substr(line.find(' ') + 1);
    if (sink_->write(LogRecord{event_, line, message, fields_}) && !also_out_) return;
  }
  line_ += '\n';
  std::fwrite(line_.data(), 1, line_.size(), out_);
}

void EventLog::dhcp(const Engine& engine, FrameOutcome outcome, bool sent, bool dry_run,
                    std::span<const std::uint8_t> request_frame) {
  if (outcome == FrameOutcome::NotDhcpRequest) return;
  ++(outcome == FrameOutcome::Malformed ? counts_.malformed
     : outcome == FrameOutcome::Reply   ? counts_.replies
                                        : counts_.ignored);
  const DhcpRequest& req = engine.request();
  const Ingress& in = engine.ingress();
  if (outcome == FrameOutcome::Malformed) {
    // Logged even with --quiet-dhcp (an operator needs to see them), but rate-limited: the
    // sender chooses how many it sends.
    summarize_suppressed();
    if (!malformed_limit_.allow(LogRateLimit::Clock::now())) {
      last_suppressed_ = in;
      return;
    }
    begin("malformed");
    field_mac("from", in.src_mac);
    field_ip("src", in.src_ip, in.src_port);
    field("port", in.dst_port);
    field("reason", parse_error_text(engine.parse_error()));
    end();
    return;
  }
  if (quiet_dhcp_) return;
  const Reply& reply = engine.reply();
  begin(outcome == FrameOutcome::Reply ? "dhcp" : "ignored");
  field("request", message_type_word(req.message_type));
  field_mac("mac", req.chaddr);
  char xid[11];
  std::snprintf(xid, sizeof xid, "0x%08x", req.xid);
  field("xid", std::string_view(xid));
  field("port", in.dst_port);
  const std::uint16_t arch = client_arch(req);
  if (req.is_pxe_client() || req.is_http_client()) {
    field("arch", arch);
    const std::string_view name = dhcp::arch_short_name(arch);
    field("arch_name", name.empty() ? std::string_view("unknown") : name);
    if (req.is_ipxe()) field("client", "ipxe");
  }
  if (req.giaddr) field_ip("relay", req.giaddr);
  if (outcome != FrameOutcome::Reply) {
    field("reason", verdict_text(engine.verdict()));
    end();
    return;
  }
  field("reply", message_type_word(reply.message_type));
  if (reply.yiaddr) field_ip("yiaddr", reply.yiaddr);
  if (reply.style != OfferStyle::None) field("style", style_word(reply.style));
  if (!reply.file.empty()) field("file", reply.file);
  field_ip("to", reply.to.ip, reply.to.port);
  // The offer linter's verdict on what we send (empty: nothing to say).
  if (!request_frame.empty()) {
    const std::string lint =
        reply_lint_codes(request_frame, engine.reply_frame(), in.dst_port == 4011);
    if (!lint.empty()) field("lint", lint);
  }
  if (dry_run)
    field("sent", "dry-run");
  else if (!sent)
    field("sent", "failed");
  end();
}

void EventLog::tftp(const tftp::TransferEvent& e) {
  using Kind = tftp::TransferEvent::Kind;
  if (e.kind == Kind::kFinish)
    ++counts_.tftp_done;
  else if (e.kind != Kind::kStart && e.kind != Kind::kProbe)
    ++counts_.tftp_failed;
  begin(std::string("tftp-") + std::string(tftp::event_kind_name(e.kind)));
  field("client", e.client);
  field("file", e.file);
  if (e.kind != tftp::TransferEvent::Kind::kRefused) {
    field("size", e.size);
    field("blksize", e.blksize);
    field("windowsize", e.windowsize);
  }
  if (e.kind == tftp::TransferEvent::Kind::kFinish ||
      e.kind == tftp::TransferEvent::Kind::kAborted ||
      e.kind == tftp::TransferEvent::Kind::kTimedOut) {
    field("bytes", e.bytes);
    field("ms", static_cast<std::uint64_t>(e.duration.count() / 1000));
    field("retransmissions", e.retransmissions);
  }
  if (!e.message.empty()) field("message", e.message);
  end();
}

void EventLog::http(const http::RequestEvent& e) {
  ++counts_.http;
  begin("http");
  field("client", e.client);
  field("method", e.method);
  field("path", e.target);
  field("status", static_cast<std::uint64_t>(e.status));
  field("bytes", e.bytes);
  field("length", e.length);
  if (!e.range.empty()) field("range", e.range);
  field("ms", static_cast<std::uint64_t>(e.duration.count() / 1000));
  field("agent", e.user_agent.empty() ? std::string_view("-") : std::string_view(e.user_agent));
  if (!e.message.empty()) field("message", e.message);
  end();
}

void EventLog::conflict(const Conflict& c) {
  begin("conflict");
  field_mac("mac", c.client);
  char xid[11];
  std::snprintf(xid, sizeof xid, "0x%08x", c.xid);
  field("xid", std::string_view(xid));
  field_ip("server", c.server);
  field_mac("server_mac", c.server_mac);
  field("kind", c.gives_address ? "dhcp" : "proxy");
  field("message",
        "another server also answered this PXE client: it boots from one or the other; stop one "
        "of them");
  end();
}

void EventLog::summarize_suppressed(bool force) {
  const std::uint64_t count = malformed_limit_.take_suppressed(LogRateLimit::Clock::now(), force);
  if (count == 0) return;
  begin("malformed-suppressed");
  field("count", count);
  field("window_s", static_cast<std::uint64_t>(kMalformedWindow.count()));
  field_mac("last_from", last_suppressed_.src_mac);
  field_ip("last_src", last_suppressed_.src_ip, last_suppressed_.src_port);
  end();
}

void EventLog::line(std::string_view event, std::span<const Field> fields) {
  begin(event);
  for (const Field& f : fields) f.is_number ? field(f.key, f.number) : field(f.key, f.text);
  end();
}

void EventLog::info(std::string_view what, std::string_view message) {
  begin(what);
  field("message", message);
  end();
}

}  // namespace pxescope::responder
