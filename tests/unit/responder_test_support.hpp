// Shared helpers of the responder tests: replay a capture through the Engine and look at
// each reply through the analyzer's own dissector.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/field_tree.hpp"
#include "analyzer/packet_dissector.hpp"
#include "responder/engine.hpp"
#include "responder/replay.hpp"
#include "tests/test_captures.hpp"

namespace pxescope::responder::testing {

// captures/real/<name>: the project's own recordings of real firmware (tests/test_captures.hpp).
inline std::string capture(const char* name) {
  return pxescope::test::real_capture(name);
}

// A frame's field tree, with short accessors.
struct DissectedTree {
  FieldTree tree;
  std::string str(std::string_view field) const {
    const NodeId id = tree.find(field);
    return id == kNoNode ? std::string("<absent>") : tree[id].str_value;
  }
  std::uint64_t num(std::string_view field) const {
    const NodeId id = tree.find(field);
    return id == kNoNode ? 0xdeadbeefu : tree[id].uint_value;
  }
  bool has(std::string_view field) const { return tree.find(field) != kNoNode; }
};

struct ReplayedReply : DissectedTree {
  std::uint64_t request_frame = 0;
  std::vector<std::uint8_t> frame;
  // DHCP payload (after Ethernet/IPv4/UDP).
  std::vector<std::uint8_t> payload() const { return {frame.begin() + 42, frame.end()}; }
};

// One boot file for every client: the plainest proxy configuration.
inline ResponderConfig boot_file_config(const std::string& file) {
  ResponderConfig cfg;
  BootRule rule;
  rule.file = file;
  cfg.boot_rules.push_back(rule);
  return cfg;
}

inline ServerIdentity test_server(std::uint32_t ip = 0xc0000201u) {
  ServerIdentity s;
  s.ip = ip;
  s.netmask = 0xffffff00u;
  s.mac = {0x02, 0, 0, 0, 0, 1};
  return s;
}

// Calls f(frame, ethernet_bytes) for every frame of a capture an Engine can read (other
// link layers rewrapped as Ethernet, as `respond --replay` does).
template <typename F>
void for_each_ethernet_frame(const std::string& path, F&& f) {
  CaptureReader reader;
  if (!reader.open_file(path)) return;
  Frame frame;
  std::vector<std::uint8_t> wrapped;
  while (reader.next(frame)) {
    std::span<const std::uint8_t> data = frame.data;
    if (rewrap_as_ethernet(frame, wrapped))
      data = wrapped;
    else if (frame.link_type != 1)
      continue;
    f(frame, data);
  }
}

inline std::vector<ReplayedReply> replay(const std::string& path, const ResponderConfig& cfg,
                                         const ServerIdentity& server = test_server()) {
  std::vector<ReplayedReply> out;
  Engine engine(cfg, server);
  engine.set_check_destination(false);
  engine.set_answer_tagged(true);
  PacketDissector dissector;
  for_each_ethernet_frame(path, [&](const Frame& frame, std::span<const std::uint8_t> data) {
    if (engine.handle_frame(data, frame.ts_sec) != FrameOutcome::Reply) return;
    ReplayedReply r;
    r.request_frame = frame.index;
    r.frame.assign(engine.reply_frame().begin(), engine.reply_frame().end());
    Frame reply_frame;
    reply_frame.index = 1;
    reply_frame.link_type = 1;
    reply_frame.original_length = static_cast<std::uint32_t>(r.frame.size());
    reply_frame.data = r.frame;
    dissector.reset();
    dissector.dissect(reply_frame, r.tree);
    out.push_back(std::move(r));
  });
  return out;
}

// The DHCP packets of a capture, as the analyzer decodes them: expected values of the replay
// tests are read from the recording (its MACs, xids, UUIDs and addresses change each time).
struct CapturedDhcp : DissectedTree {
  std::uint64_t frame_index = 0;
};
inline std::vector<CapturedDhcp> captured_dhcp(const std::string& path) {
  std::vector<CapturedDhcp> out;
  CaptureReader reader;
  if (!reader.open_file(path)) return out;
  PacketDissector dissector;
  Frame frame;
  while (reader.next(frame)) {
    CapturedDhcp packet;
    packet.frame_index = frame.index;
    dissector.dissect(frame, packet.tree);
    if (packet.has("dhcp")) out.push_back(std::move(packet));
  }
  return out;
}

// All frames of a capture (copies), to feed hand-modified versions to an Engine.
inline std::vector<std::vector<std::uint8_t>> read_frames(const std::string& path) {
  std::vector<std::vector<std::uint8_t>> frames;
  CaptureReader reader;
  if (!reader.open_file(path)) return frames;
  Frame frame;
  while (reader.next(frame)) frames.emplace_back(frame.data.begin(), frame.data.end());
  return frames;
}

}  // namespace pxescope::responder::testing
