#include "responder/replay.hpp"

#include <algorithm>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/lint/capture_linter.hpp"
#include "analyzer/packet_dissector.hpp"
#include "analyzer/render.hpp"
#include "responder/engine.hpp"

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

bool replay_capture(const std::string& path, const ResponderConfig& cfg,
                    const ServerIdentity& server, std::FILE* out, ReplayStats& stats,
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
    if (outcome != FrameOutcome::Reply) continue;
    ++stats.replies;
    line.clear();
    append_replay_json(frame.index, engine.reply_frame(), line, &linter);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out);
  }
  if (!reader.error().empty() && !reader.truncated()) {
    error = reader.error();
    return false;
  }
  return true;
}

}  // namespace pxescope::responder
