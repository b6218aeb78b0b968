#include "analyzer/http/http_follower.hpp"

#include <algorithm>
#include <span>

#include "analyzer/http/http_head.hpp"
#include "analyzer/link/text_format.hpp"
#include "analyzer/link/tree_add.hpp"

namespace pxescope {

void HttpFollower::add_body_fields(FieldTree& tree, NodeId tcp, const TcpDissection& seg,
                                   BodyMark mark) {
  Line line;
  add_uint(tree, tcp, "http.body_bytes_seen", seg.payload_offset, 0, mark.seen,
           line("[HTTP body bytes seen: %llu]", static_cast<unsigned long long>(mark.seen)));
  if (mark.complete)
    add_uint(tree, tcp, "http.body_complete", seg.payload_offset, 0, 1,
             "[HTTP body complete: True]");
}

void HttpFollower::on_segment(std::uint64_t frame_index, const TcpDissection& seg,
                              const std::uint8_t* frame, FieldTree& tree) {
  if (!seg.header_ok || seg.payload_length == 0) return;
  std::span<const std::uint8_t> data(frame + seg.payload_offset, seg.payload_length);
  const std::uint64_t key =
      (std::uint64_t{seg.analysis.stream} << 1) | static_cast<unsigned>(seg.analysis.direction);
  if (!seg.analysis.new_frame) {  // re-dissection: only what the frame held by itself
    if (auto it = bodies_.find(frame_index); it != bodies_.end())
      add_body_fields(tree, seg.node, seg, it->second);
    if (auto it = heads_.find(frame_index); it != heads_.end()) {
      const auto rest = data.subspan(std::min<std::size_t>(it->second, data.size()));
      const std::size_t length = http_head_length(rest);
      if (length) dissect_http_head(rest.first(length), seg.payload_offset + it->second, tree);
    }
    return;
  }
  if (seg.analysis.retransmission) return;  // the bytes were counted the first time
  if (directions_.size() >= kMaxDirections && !directions_.contains(key)) directions_.clear();
  Direction& d = directions_[key];
  d.last_frame = frame_index;
  std::uint32_t at = 0;  // where in this payload the bytes not yet accounted for start
  BodyMark mark;
  bool body_here = false;
  // A segment may end one body and start the next message (pipelining): a few rounds at most.
  for (int round = 0; round < 8 && at < data.size() && !d.lost; ++round) {
    const std::size_t left = data.size() - at;
    if (d.body_left > 0) {
      const std::size_t body = static_cast<std::size_t>(std::min<std::uint64_t>(d.body_left, left));
      d.body_left -= body;
      d.body_seen += body;
      at += static_cast<std::uint32_t>(body);
      body_here = true;
      mark = {d.body_seen, d.body_left == 0};
      continue;
    }
    const auto rest = data.subspan(at);
    const bool starts_here = d.head.empty();
    if (starts_here && !looks_like_http(rest)) break;  // not at a message start we know
    const std::size_t kept = d.head.size();
    d.head.insert(
        d.head.end(), rest.begin(),
        rest.begin() + static_cast<std::ptrdiff_t>(std::min(rest.size(), kMaxHead - kept)));
    const std::size_t length = http_head_length(d.head);
    if (length == 0) {
      if (d.head.size() >= kMaxHead) {  // no end of head in 8 KB: not a head we can read
        d.head.clear();
        d.lost = true;
      }
      break;
    }
    HttpHead head;
    if (starts_here) {
      head = dissect_http_head(rest.first(length), seg.payload_offset + at, tree);
      if (heads_.size() >= kMaxRememberedHeads) heads_.clear();
      heads_[frame_index] = at;
    } else {
      // The head began in earlier segments: decoded from the gathered bytes, placed on this
      // frame's payload.
      head = dissect_http_head(std::span<const std::uint8_t>(d.head).first(length),
                               seg.payload_offset, tree);
      const NodeId http = tree.find("http");
      if (http != kNoNode)
        tree.warn(http, Severity::Note, "HTTP head reassembled from earlier TCP segments");
    }
    const std::size_t used_here = length - kept;  // bytes of this payload that were head
    d.head.clear();
    at += static_cast<std::uint32_t>(used_here);
    if (head.chunked || (head.response && !head.no_body && !head.content_length)) {
      d.lost = true;  // the body's end is not known from the head
    } else {
      d.body_left = head.no_body ? 0 : head.content_length.value_or(0);
      d.body_seen = 0;
    }
  }
  if (!body_here) return;
  add_body_fields(tree, seg.node, seg, mark);
  if (bodies_.size() >= kMaxRememberedHeads) bodies_.clear();
  bodies_[frame_index] = mark;
}

}  // namespace pxescope
