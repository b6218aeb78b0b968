#include "analyzer/stats/object_extractor.hpp"

#include <algorithm>

#include "analyzer/stats/capture_pass.hpp"

namespace pxescope {

std::string_view object_protocol_name(ObjectProtocol p) {
  return p == ObjectProtocol::Tftp ? "TFTP" : "HTTP";
}

void frame_addresses(const FieldTree& tree, std::string& src, std::string& dst) {
  src.clear();
  dst.clear();
  tree.for_each_child(kNoNode, [&](NodeId layer) {
    const bool v4 = tree[layer].name == "ip", v6 = tree[layer].name == "ipv6";
    if (!v4 && !v6) return;
    const NodeId s = tree.find(v4 ? "ip.src" : "ipv6.src", layer);
    const NodeId d = tree.find(v4 ? "ip.dst" : "ipv6.dst", layer);
    if (s == kNoNode || d == kNoNode) return;
    src = tree[s].str_value;
    dst = tree[d].str_value;
  });
}

ObjectExtractor::~ObjectExtractor() = default;

double ObjectExtractor::seconds(const Frame& frame) const {
  Frame start;
  start.ts_sec = start_sec_;
  start.ts_nsec = start_nsec_;
  return seconds_since(start, frame);
}

void ObjectExtractor::add(const Frame& frame, const FieldTree& tree) {
  if (!have_start_) {
    have_start_ = true;
    start_sec_ = frame.ts_sec;
    start_nsec_ = frame.ts_nsec;
  }
  tree.for_each_child(kNoNode, [&](NodeId layer) {
    if (tree[layer].name == "tftp")
      on_tftp(frame, tree, layer);
    else if (tree[layer].name == "tcp")
      on_tcp(frame, tree, layer);
  });
}

ObjectExtractor::ActivePtr ObjectExtractor::open_object(ExportedObject object, const Frame& frame) {
  auto a = std::make_unique<Active>();
  a->object = std::move(object);
  a->object.id = next_id_++;
  a->object.first_frame = a->object.last_frame = frame.index;
  a->object.start = a->object.end = seconds(frame);
  if (listener_) listener_->begin(a->object);
  return a;
}

void ObjectExtractor::feed(Active& a, std::span<const std::uint8_t> bytes, const Frame& frame) {
  if (bytes.empty()) return;
  a.hash.update(bytes);
  a.object.size += bytes.size();
  a.object.last_frame = frame.index;
  a.object.end = seconds(frame);
  if (listener_) listener_->bytes(a.object, bytes, a.object.end);
}

void ObjectExtractor::note_retransmission(Active& a, const Frame& frame) {
  ++a.object.retransmissions;
  if (listener_) listener_->retransmission(a.object, seconds(frame));
}

void ObjectExtractor::close(ActivePtr& a, bool complete) {
  if (!a) return;
  a->object.complete = complete;
  a->object.sha256 = a->hash.hex();
  if (listener_) listener_->end(a->object);
  done_.push_back(std::move(a->object));
  a.reset();
}

std::vector<ExportedObject> ObjectExtractor::finish() {
  for (auto& [key, flow] : tftp_) close(flow.active, false);
  for (auto& [key, c] : http_) {
    // A body "until the server closes" that was still running, or one cut by a hole.
    close(c.active, false);
  }
  tftp_.clear();
  http_.clear();
  std::vector<ExportedObject> out = std::move(done_);
  done_.clear();
  std::sort(out.begin(), out.end(),
            [](const ExportedObject& a, const ExportedObject& b) { return a.id < b.id; });
  return out;
}

}  // namespace pxescope
