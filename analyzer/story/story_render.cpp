#include "analyzer/story/story_render.hpp"

#include <cstdio>

#include "analyzer/clients/client_table.hpp"
#include "analyzer/json_object_writer.hpp"
#include "analyzer/render.hpp"
#include "analyzer/story/timeline_runs.hpp"

namespace pxescope {
namespace {

constexpr int kSecondsDecimals = 3;  // times and durations: milliseconds

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : "; ") + item;
  return out;
}

// "http":[{"method","url","server","port","status","phrase","content_length","bytes",
// "syns","complete","connected","refused","reset","seconds"}]
void append_http_json(const HttpFetchStory& x, std::string& out) {
  JsonObjectWriter(out)
      .string("method", x.method)
      .string("url", x.url)
      .string("server", format_ipv4(x.server_ip))
      .integer("port", x.server_port)
      .integer_or_null("status", x.status)
      .string("phrase", x.phrase)
      .integer_or_null("content_length", x.content_length)
      .integer("bytes", x.bytes)
      .integer("syns", x.syns)
      .boolean("complete", x.complete)
      .boolean("connected", x.connected)
      .boolean("refused", x.refused)
      .boolean("reset", x.reset)
      .fixed("seconds", x.end - x.start, kSecondsDecimals)
      .close();
}

void append_transfer_json(const TftpTransferStory& x, std::string& out) {
  JsonObjectWriter(out)
      .string("file", x.file)
      .string("server", server_text(x))
      .string("options", x.requested_options)
      .string("oack", x.oack_options)
      .integer("blksize", x.blksize)
      .integer("tsize", x.tsize)
      .integer("bytes", x.bytes)
      .integer("blocks", x.blocks)
      .integer("retransmissions", x.retransmissions)
      .integer("error", x.error_code)
      .string("error_message", x.error_message)
      .boolean("size_probe", x.tsize_probe)
      .boolean("complete", x.complete)
      .fixed("seconds", x.end - x.start, kSecondsDecimals)
      .close();
}

void append_event_json(const TimelineEvent& e, std::string& out) {
  JsonObjectWriter event(out);
  event.integer("frame", e.frame)
      .fixed("time", e.time, kSecondsDecimals)
      .fixed("capture_time", e.capture_time, kSecondsDecimals)
      .string("event", e.kind)
      .string("text", e.text);
  if (!e.warnings.empty()) event.strings("warnings", e.warnings);
  event.close();
}

// A JSON array of `items`, each written by `append_one(item, out)`.
template <typename Item, typename AppendOne>
void append_array(std::string& out, const std::vector<Item>& items, AppendOne append_one) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    append_one(items[i], out);
  }
  out += ']';
}

}  // namespace

void append_story_text(const ClientStory& s, std::string& out, const StoryTextOptions& options) {
  out += "client " + format_mac(s.mac);
  if (!s.uuid.empty()) out += "  uuid " + s.uuid;
  out += "  arch ";
  out += s.arch >= 0 ? std::to_string(s.arch) + " (" + std::string(arch_name(s.arch)) + ")" : "?";
  out += '\n';
  if (!s.firmware.name.empty()) {
    char conf[16];
    std::snprintf(conf, sizeof conf, "%.0f%%", s.firmware.confidence * 100);
    out += "  firmware: " + s.firmware.name + " (" + conf + ": " + s.firmware.evidence + ")\n";
  }
  char line[160];
  std::snprintf(line, sizeof line, "  first packet %.3f s into the capture; times are from %s\n",
                s.first_time - s.capture_start,
                options.capture_time ? "the capture's start" : "the client's first packet");
  out += line;
  if (s.snap_length)
    out += "  ! the capture was truncated at " + std::to_string(s.snap_length) +
           " bytes per packet (snap length); missing: " + joined(s.missing_fields) + '\n';
  const auto& events = s.timeline;
  // Repeated events (retries) and repeated cycles of them collapse: each line once, "×N".
  for (const TimelineRun& run : collapse_timeline(events)) {
    for (std::size_t k = 0; k < run.period; ++k) {
      const TimelineEvent& e = events[run.first + k];
      const TimelineEvent& last = events[run.end() - 1];  // the run's span, on its first line
      const double from = options.capture_time ? e.capture_time : e.time;
      const double to = options.capture_time ? last.capture_time : last.time;
      std::snprintf(line, sizeof line, "  %8.3f  #%-6llu ", from,
                    static_cast<unsigned long long>(e.frame));
      out += line;
      out += e.text;
      if (run.repeats > 1 && k == 0)
        std::snprintf(line, sizeof line, " ×%zu, %.1f–%.1f s", run.repeats, from, to);
      else if (run.repeats > 1)
        std::snprintf(line, sizeof line, " ×%zu", run.repeats);
      if (run.repeats > 1) out += line;
      out += '\n';
      for (const std::string& w : e.warnings) out += "                     ! " + w + '\n';
    }
  }
  out += "  verdict: ";
  out += verdict_code(s.verdict);
  out += "\n  reason:  " + s.reason + '\n';
  if (!s.fix.empty()) out += "  fix:     " + s.fix + '\n';
}

void append_story_json(const ClientStory& s, std::string& out) {
  JsonObjectWriter story(out);
  story.string("mac", format_mac(s.mac)).string("uuid", s.uuid).integer_or_null("arch", s.arch);
  JsonObjectWriter(story.member("firmware"))
      .string("name", s.firmware.name)
      .fixed("confidence", s.firmware.confidence, 2)
      .string("evidence", s.firmware.evidence)
      .close();
  story.string("verdict", verdict_code(s.verdict)).string("reason", s.reason).string("fix", s.fix);
  if (s.ipv4_attempt)  // tried IPv4 first, then network-booted over IPv6
    JsonObjectWriter(story.member("ipv4_attempt"))
        .string("verdict", verdict_code(s.ipv4_verdict))
        .string("reason", s.ipv4_reason)
        .close();
  append_array(story.member("timeline"), s.timeline, append_event_json);
  append_array(story.member("transfers"), s.transfers, append_transfer_json);
  append_array(story.member("http"), s.http, append_http_json);
  if (s.snap_length)
    JsonObjectWriter(story.member("truncated"))
        .integer("snap_length", s.snap_length)
        .strings("missing", s.missing_fields)
        .close();
  story.close();
}

}  // namespace pxescope
