#include "analyzer/stats/conversations.hpp"

#include "analyzer/stats/capture_pass.hpp"

namespace pxescope {
namespace {

std::string_view child_text(const FieldTree& tree, NodeId layer, std::string_view name) {
  const NodeId id = tree.find(name, layer);
  return id == kNoNode ? std::string_view() : std::string_view(tree[id].str_value);
}

std::uint16_t child_port(const FieldTree& tree, NodeId layer, std::string_view name) {
  const NodeId id = tree.find(name, layer);
  return id == kNoNode ? 0 : static_cast<std::uint16_t>(tree[id].uint_value);
}

// An IPv6 fragment that is not a whole datagram (offset > 0 or more to come): tshark counts it
// only once reassembled, and a capture holding one fragment never gets there.
bool unreassembled_fragment(const FieldTree& tree, NodeId ipv6) {
  const NodeId frag = tree.find("ipv6.fraghdr", ipv6);
  if (frag == kNoNode) return false;
  const NodeId offset = tree.find("ipv6.fraghdr.offset", frag);
  const NodeId more = tree.find("ipv6.fraghdr.more", frag);
  return (offset != kNoNode && tree[offset].uint_value != 0) ||
         (more != kNoNode && tree[more].uint_value != 0);
}

// Which fields name a layer's endpoints.
struct LayerFields {
  std::string_view layer;
  ConversationKind kind;
  std::string_view src, dst;
  bool ports;
};
constexpr LayerFields kLayers[] = {
    {"ip", ConversationKind::Ipv4, "ip.src", "ip.dst", false},
    {"ipv6", ConversationKind::Ipv6, "ipv6.src", "ipv6.dst", false},
    {"udp", ConversationKind::Udp, "udp.srcport", "udp.dstport", true},
    {"tcp", ConversationKind::Tcp, "tcp.srcport", "tcp.dstport", true},
};

}  // namespace

std::string_view conversation_kind_name(ConversationKind kind) {
  switch (kind) {
    case ConversationKind::Ipv4:
      return "IPv4";
    case ConversationKind::Ipv6:
      return "IPv6";
    case ConversationKind::Udp:
      return "UDP";
    case ConversationKind::Tcp:
      return "TCP";
  }
  return "?";
}

void ConversationTable::add(const Frame& frame, const FieldTree& tree) {
  if (!have_start_) {
    start_.ts_sec = frame.ts_sec;
    start_.ts_nsec = frame.ts_nsec;
    have_start_ = true;
  }
  const double now = seconds_since(start_, frame);
  std::string src, dst;  // of the innermost IP layer so far (a tunnel's inner one wins)
  tree.for_each_child(kNoNode, [&](NodeId layer) {
    for (const LayerFields& f : kLayers) {
      if (tree[layer].name != f.layer) continue;
      if (!f.ports) {
        src = child_text(tree, layer, f.src);
        dst = child_text(tree, layer, f.dst);
        if (!src.empty() && !dst.empty() && !unreassembled_fragment(tree, layer))
          count(f.kind, src, dst, 0, 0, frame, now);
      } else if (!src.empty() && tree.find(f.dst, layer) != kNoNode) {
        count(f.kind, src, dst, child_port(tree, layer, f.src), child_port(tree, layer, f.dst),
              frame, now);
      }
    }
  });
}

void ConversationTable::count(ConversationKind kind, const std::string& src, const std::string& dst,
                              std::uint16_t src_port, std::uint16_t dst_port, const Frame& frame,
                              double now) {
  const std::string a = src + '/' + std::to_string(src_port);
  const std::string b = dst + '/' + std::to_string(dst_port);
  std::string key(1, static_cast<char>('0' + static_cast<int>(kind)));
  key += a < b ? a + ' ' + b : b + ' ' + a;
  auto [it, added] = index_.try_emplace(std::move(key), entries_.size());
  if (added) {
    Entry e;
    e.c.address_a = src;
    e.c.address_b = dst;
    e.c.port_a = src_port;
    e.c.port_b = dst_port;
    e.c.first_frame = frame.index;
    e.first_time = now;
    entries_.push_back(std::move(e));
    kinds_.push_back(kind);
  }
  Entry& e = entries_[it->second];
  const bool forward = e.c.address_a == src && e.c.port_a == src_port;
  (forward ? e.c.packets_ab : e.c.packets_ba) += 1;
  (forward ? e.c.bytes_ab : e.c.bytes_ba) += frame.original_length;
  e.last_time = now;
}

std::vector<Conversation> ConversationTable::list(ConversationKind kind) const {
  std::vector<Conversation> out;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (kinds_[i] != kind) continue;
    Conversation c = entries_[i].c;
    c.start = entries_[i].first_time;
    c.duration = entries_[i].last_time - entries_[i].first_time;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace pxescope
