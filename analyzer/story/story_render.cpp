#include "analyzer/story/story_render.hpp"

#include <cstdio>

#include "analyzer/clients/client_table.hpp"
#include "analyzer/render.hpp"
#include "analyzer/story/timeline_runs.hpp"

namespace pxescope {
namespace {

void appendf_time(std::string& out, double t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", t);
  out += buf;
}

void key(std::string& out, std::string_view k) {
  append_json_string(k, out);
  out += ':';
}

void append_json_strings(const std::vector<std::string>& items, std::string& out) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    append_json_string(items[i], out);
  }
  out += ']';
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : "; ") + item;
  return out;
}

// "http":[{"method","url","server","port","status","phrase","content_length","bytes",
// "complete","syns","connected","refused","reset","seconds"}]
void append_http_json(const std::vector<HttpFetchStory>& fetches, std::string& out) {
  out += ',';
  key(out, "http");
  out += '[';
  for (std::size_t i = 0; i < fetches.size(); ++i) {
    const HttpFetchStory& x = fetches[i];
    if (i) out += ',';
    out += '{';
    key(out, "method");
    append_json_string(x.method, out);
    out += ',';
    key(out, "url");
    append_json_string(x.url, out);
    out += ',';
    key(out, "server");
    append_json_string(format_ipv4(x.server_ip), out);
    out += ",\"port\":" + std::to_string(x.server_port) +
           ",\"status\":" + (x.status >= 0 ? std::to_string(x.status) : "null") + ',';
    key(out, "phrase");
    append_json_string(x.phrase, out);
    out += ",\"content_length\":" +
           (x.content_length >= 0 ? std::to_string(x.content_length) : "null") +
           ",\"bytes\":" + std::to_string(x.bytes) + ",\"syns\":" + std::to_string(x.syns);
    for (const auto& [name, value] : {std::pair{"complete", x.complete},
                                      {"connected", x.connected},
                                      {"refused", x.refused},
                                      {"reset", x.reset}})
      out += std::string(",\"") + name + "\":" + (value ? "true" : "false");
    out += ",\"seconds\":";
    appendf_time(out, x.end - x.start);
    out += '}';
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
  out += '{';
  key(out, "mac");
  append_json_string(format_mac(s.mac), out);
  out += ',';
  key(out, "uuid");
  append_json_string(s.uuid, out);
  out += ',';
  key(out, "arch");
  out += s.arch >= 0 ? std::to_string(s.arch) : "null";
  out += ',';
  key(out, "firmware");
  out += '{';
  key(out, "name");
  append_json_string(s.firmware.name, out);
  out += ',';
  key(out, "confidence");
  char conf[16];
  std::snprintf(conf, sizeof conf, "%.2f", s.firmware.confidence);
  out += conf;
  out += ',';
  key(out, "evidence");
  append_json_string(s.firmware.evidence, out);
  out += "},";
  key(out, "verdict");
  append_json_string(verdict_code(s.verdict), out);
  out += ',';
  key(out, "reason");
  append_json_string(s.reason, out);
  out += ',';
  key(out, "fix");
  append_json_string(s.fix, out);
  out += ',';
  if (s.ipv4_attempt) {  // tried IPv4 first, then network-booted over IPv6
    key(out, "ipv4_attempt");
    out += "{\"verdict\":";
    append_json_string(verdict_code(s.ipv4_verdict), out);
    out += ",\"reason\":";
    append_json_string(s.ipv4_reason, out);
    out += "},";
  }
  key(out, "timeline");
  out += '[';
  bool first = true;
  for (const TimelineEvent& e : s.timeline) {
    if (!first) out += ',';
    first = false;
    out += '{';
    key(out, "frame");
    out += std::to_string(e.frame);
    out += ',';
    key(out, "time");
    appendf_time(out, e.time);
    out += ',';
    key(out, "capture_time");
    appendf_time(out, e.capture_time);
    out += ',';
    key(out, "event");
    append_json_string(e.kind, out);
    out += ',';
    key(out, "text");
    append_json_string(e.text, out);
    if (!e.warnings.empty()) {
      out += ',';
      key(out, "warnings");
      append_json_strings(e.warnings, out);
    }
    out += '}';
  }
  out += "],";
  key(out, "transfers");
  out += '[';
  first = true;
  for (const TftpTransferStory& x : s.transfers) {
    if (!first) out += ',';
    first = false;
    out += '{';
    key(out, "file");
    append_json_string(x.file, out);
    out += ',';
    key(out, "server");
    append_json_string(server_text(x), out);
    out += ',';
    key(out, "options");
    append_json_string(x.requested_options, out);
    out += ',';
    key(out, "oack");
    append_json_string(x.oack_options, out);
    out += ",\"blksize\":" + std::to_string(x.blksize) + ",\"tsize\":" + std::to_string(x.tsize) +
           ",\"bytes\":" + std::to_string(x.bytes) + ",\"blocks\":" + std::to_string(x.blocks) +
           ",\"retransmissions\":" + std::to_string(x.retransmissions) +
           ",\"error\":" + std::to_string(x.error_code) + ",";
    key(out, "error_message");
    append_json_string(x.error_message, out);
    out += ",\"size_probe\":";
    out += x.tsize_probe ? "true" : "false";
    out += ",\"complete\":";
    out += x.complete ? "true" : "false";
    out += ",\"seconds\":";
    appendf_time(out, x.end - x.start);
    out += '}';
  }
  out += ']';
  append_http_json(s.http, out);
  if (s.snap_length) {
    out += ',';
    key(out, "truncated");
    out += "{\"snap_length\":" + std::to_string(s.snap_length) + ',';
    key(out, "missing");
    append_json_strings(s.missing_fields, out);
    out += '}';
  }
  out += '}';
}

}  // namespace pxescope
