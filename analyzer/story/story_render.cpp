#include "analyzer/story/story_render.hpp"

#include <cstdio>

#include "analyzer/clients/client_table.hpp"
#include "analyzer/render.hpp"

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

}  // namespace

void append_story_text(const ClientStory& s, std::string& out) {
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
  for (const TimelineEvent& e : s.timeline) {
    char head[48];
    std::snprintf(head, sizeof head, "  %8.3f  #%-6llu ", e.time,
                  static_cast<unsigned long long>(e.frame));
    out += head;
    out += e.text;
    out += '\n';
    for (const std::string& w : e.warnings) out += "                     ! " + w + '\n';
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
    key(out, "event");
    append_json_string(e.kind, out);
    out += ',';
    key(out, "text");
    append_json_string(e.text, out);
    if (!e.warnings.empty()) {
      out += ',';
      key(out, "warnings");
      out += '[';
      for (std::size_t i = 0; i < e.warnings.size(); ++i) {
        if (i) out += ',';
        append_json_string(e.warnings[i], out);
      }
      out += ']';
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
    append_json_string(format_ipv4(x.server_ip), out);
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
  out += "]}";
}

}  // namespace pxescope
