#include "responder/replay.hpp"

#include <algorithm>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/lint/capture_linter.hpp"
#include "analyzer/packet_dissector.hpp"
#include "analyzer/render.hpp"
#include "responder/engine.hpp"
#include "responder/event_log.hpp"

namespace pxescope::responder {

void append_replay_json(std::uint64_t request_frame, std::span<const std::uint8_t> reply_frame,
                        std::string& out, CaptureLinter* linter) {
  thread_local PacketDissector dissector;
  thread_local FieldTree tree;
  Frame frame;
  frame.index = 1;
  frame.link_type = static_cast<std::uint32_t>(LinkType::Ethernet);
  frame.original_length = static_cast<std::uint32_t>(reply_frame.size());
  frame.data = reply_frame;
  dissector.reset();
  dissector.dissect(frame, tree);
  // The offer linter checks what we would send, as it checks replies seen on the wire.
  if (linter) linter->check_and_annotate(frame, tree);
  out += "{\"request_frame\":";
  out += std::to_string(request_frame);
  out += ",\"reply\":";
  append_fields_json(tree, out);
  out += "}";
}

bool rewrap_as_ethernet(const Frame& frame, std::vector<std::uint8_t>& out) {
  const auto& d = frame.data;
  std::size_t skip = 0;
  const std::uint8_t* src_mac = nullptr;
  // libpcap reports LINKTYPE_RAW as DLT_RAW, 12 on Linux (14 on some BSDs).
  const std::uint32_t link = frame.link_type == 12 || frame.link_type == 14 ? 101 : frame.link_type;
  switch (static_cast<LinkType>(link)) {
    case LinkType::Ethernet:
      return false;  // used as is
    case LinkType::Raw:
    case LinkType::Ipv4:
      skip = 0;
      break;
    case LinkType::LinuxSll:  // 16 bytes: type, arphrd, addr len, addr[8], protocol
      if (d.size() < 16 || d[14] != 0x08 || d[15] != 0x00) return false;
      skip = 16;
      src_mac = &d[6];
      break;
    case LinkType::LinuxSll2:  // 20 bytes: protocol first, addr at 12
      if (d.size() < 20 || d[0] != 0x08 || d[1] != 0x00) return false;
      skip = 20;
      src_mac = &d[12];
      break;
    default:
      return false;
  }
  if (d.size() <= skip) return false;
  out.assign(14, 0);
  std::fill(out.begin(), out.begin() + 6, 0xff);
  if (src_mac) std::copy(src_mac, src_mac + 6, out.begin() + 6);
  out[12] = 0x08;
  out.insert(out.end(), d.begin() + static_cast<std::ptrdiff_t>(skip), d.end());
  return true;
}

namespace {

// The short reason per verdict; NoBootFile adds the architecture.
std::string_view verdict_reason(Verdict v) {
  struct Reason {
    Verdict verdict;
    std::string_view text;
  };
  static constexpr Reason kReasons[] = {
      {Verdict::NotPxe, "not PXE"},
      {Verdict::NotListed, "--only"},
      {Verdict::NotForUs, "not for this server"},
      {Verdict::NoBootFile, "no boot file"},
      {Verdict::LocalBoot, "local boot chosen"},
      {Verdict::Unsupported, "message type not answered"},
      {Verdict::PoolExhausted, "no free address in the range"},
      {Verdict::Released, "lease released, nothing to send"},
      {Verdict::Ignored, "dhcp-host ignore / dhcp-ignore"},
  };
  for (const Reason& r : kReasons)
    if (r.verdict == v) return r.text;
  return verdict_text(v);
}

// "frame 3: DISCOVER from 52:54:00:12:34:56 arch 7: " (the request half of a text line).
void append_request_words(std::uint64_t index, const Engine& engine, FrameOutcome outcome,
                          std::string& line) {
  line += "frame ";
  line += std::to_string(index);
  line += ": ";
  if (outcome == FrameOutcome::Malformed) return;
  const DhcpRequest& req = engine.request();
  line += req.message_type ? std::string(message_type_word(req.message_type)) : "BOOTP";
  line += " from ";
  line += format_mac(req.chaddr);
  line += " arch ";
  line += std::to_string(client_arch(req));
  line += ": ";
}

void append_reply_words(const Engine& engine, std::string& line) {
  const Reply& r = engine.reply();
  line += message_type_word(r.message_type);
  line += " to ";
  line += format_ipv4(r.to.ip);
  line += ':';
  line += std::to_string(r.to.port);
  if (r.yiaddr) line += " address " + format_ipv4(r.yiaddr);
  if (!r.file.empty()) line += " file " + r.file;
}

}  // namespace

std::string ignored_reason(FrameOutcome outcome, const Engine& engine) {
  if (outcome == FrameOutcome::Malformed)
    return "ignored: malformed (" + std::string(parse_error_text(engine.parse_error())) + ")";
  std::string reason = "ignored: " + std::string(verdict_reason(engine.verdict()));
  if (engine.verdict() == Verdict::NoBootFile) {
    const std::uint16_t arch = client_arch(engine.request());
    reason += " for arch " + std::to_string(arch);
    const std::string_view name = dhcp::arch_short_name(arch);
    if (!name.empty()) reason += " (" + std::string(name) + ")";
  }
  return reason;
}

bool replay_capture(const std::string& path, const ResponderConfig& cfg,
                    const ServerIdentity& server, const ReplayOutput& output, ReplayStats& stats,
                    std::string& error) {
  CaptureReader reader;
  if (!reader.open_file(path)) {
    error = reader.error();
    return false;
  }
  Engine engine(cfg, server);
  engine.set_check_destination(false);
  engine.set_answer_tagged(true);
  Frame frame;
  std::string line;
  std::vector<std::uint8_t> wrapped;
  CaptureLinter linter;
  while (reader.next(frame)) {
    ++stats.frames;
    std::span<const std::uint8_t> data = frame.data;
    if (frame.link_type != static_cast<std::uint32_t>(LinkType::Ethernet)) {
      if (!rewrap_as_ethernet(frame, wrapped)) continue;
      data = wrapped;
    }
    const FrameOutcome outcome = engine.handle_frame(data, frame.ts_sec);
    if (outcome == FrameOutcome::NotDhcpRequest) continue;
    Frame request = frame;  // the linter remembers it, to check our reply against it
    request.data = data;
    request.link_type = static_cast<std::uint32_t>(LinkType::Ethernet);
    linter.check(request);
    ++stats.requests;
    if (outcome == FrameOutcome::Malformed) ++stats.malformed;
    line.clear();
    if (outcome != FrameOutcome::Reply) {
      ++stats.ignored;
      std::FILE* to = output.json ? output.reasons : output.out;
      if (to == nullptr) continue;
      append_request_words(frame.index, engine, outcome, line);
      line += ignored_reason(outcome, engine);
      line += '\n';
      std::fwrite(line.data(), 1, line.size(), to);
      continue;
    }
    ++stats.replies;
    if (output.json) {
      append_replay_json(frame.index, engine.reply_frame(), line, &linter);
    } else {
      append_request_words(frame.index, engine, outcome, line);
      append_reply_words(engine, line);
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), output.out);
  }
  if (!reader.error().empty() && !reader.truncated()) {
    error = reader.error();
    return false;
  }
  return true;
}

}  // namespace pxescope::responder
