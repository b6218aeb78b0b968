#include "responder/replay.hpp"

#include "analyzer/capture_reader.hpp"
#include "analyzer/packet_dissector.hpp"
#include "analyzer/render.hpp"
#include "responder/engine.hpp"

namespace pxescope::responder {

void append_replay_json(std::uint64_t request_frame, std::span<const std::uint8_t> reply_frame,
                        std::string& out) {
  thread_local PacketDissector dissector;
  thread_local FieldTree tree;
  Frame frame;
  frame.index = 1;
  frame.link_type = static_cast<std::uint32_t>(LinkType::Ethernet);
  frame.original_length = static_cast<std::uint32_t>(reply_frame.size());
  frame.data = reply_frame;
  dissector.reset();
  dissector.dissect(frame, tree);
  out += "{\"request_frame\":";
  out += std::to_string(request_frame);
  out += ",\"reply\":";
  append_fields_json(tree, out);
  out += "}";
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
  Frame frame;
  std::string line;
  while (reader.next(frame)) {
    ++stats.frames;
    if (frame.link_type != static_cast<std::uint32_t>(LinkType::Ethernet)) continue;
    const FrameOutcome outcome = engine.handle_frame(frame.data, frame.ts_sec);
    if (outcome == FrameOutcome::NotDhcpRequest) continue;
    ++stats.requests;
    if (outcome == FrameOutcome::Malformed) ++stats.malformed;
    if (outcome != FrameOutcome::Reply) continue;
    ++stats.replies;
    line.clear();
    append_replay_json(frame.index, engine.reply_frame(), line);
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
