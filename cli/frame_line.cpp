#include "cli/frame_line.hpp"

#include "cli/line_text.hpp"

namespace pxescope::cli {

char* put_frame_line(char* p, const FrameColumns& c) {
  char idx[20];
  char* idx_end = put_uint(idx, c.number);
  for (auto w = idx_end - idx; w < 6; ++w) *p++ = ' ';
  p = put(p, {idx, static_cast<std::size_t>(idx_end - idx)});
  *p++ = ' ';
  // Seconds with microseconds, right-aligned in 11 columns as tshark's time column.
  std::int64_t ns = c.since_first_ns;
  const bool negative = ns < 0;  // a frame older than the first (files out of order)
  if (negative) ns = -ns;
  char secs[24];
  char* s = secs;
  if (negative) *s++ = '-';
  s = put_uint(s, static_cast<std::uint64_t>(ns / 1000000000));
  *s++ = '.';
  s = put_padded(s, static_cast<std::uint32_t>(ns % 1000000000 / 1000), 6);
  for (auto w = s - secs; w < 11; ++w) *p++ = ' ';
  p = put(p, {secs, static_cast<std::size_t>(s - secs)});
  *p++ = ' ';
  p = put(p, c.source.empty() ? std::string_view("-") : c.source);
  p = put(p, " \xe2\x86\x92 ");  // →
  p = put(p, c.destination.empty() ? std::string_view("-") : c.destination);
  *p++ = ' ';
  p = put(p, c.protocol);
  *p++ = ' ';
  p = put_uint(p, c.length);
  *p++ = ' ';
  p = put(p, c.info.substr(0, kMaxInfo));
  *p++ = '\n';
  return p;
}

namespace {

std::string_view value_of(const FieldTree& t, NodeId layer, std::string_view name) {
  const NodeId id = t.find(name, layer);
  return id == kNoNode ? std::string_view() : std::string_view(t[id].str_value);
}

}  // namespace

void tree_endpoints(const FieldTree& t, std::string_view& source, std::string_view& destination) {
  source = destination = {};
  // The outermost network layer wins (an ICMP error's quoted header comes later).
  struct Layer {
    std::string_view node, src, dst;
  };
  static constexpr Layer kLayers[] = {{"ip", "ip.src", "ip.dst"},
                                      {"ipv6", "ipv6.src", "ipv6.dst"},
                                      {"eth", "eth.src", "eth.dst"},
                                      {"sll", "sll.src.eth", ""},
                                      // 802.11 frames with no IP: tshark's transmitter/receiver
                                      {"wlan", "wlan.ta", "wlan.ra"}};
  for (const Layer& l : kLayers) {
    NodeId found = kNoNode;
    t.for_each_child(kNoNode, [&](NodeId top) {
      if (found == kNoNode && t[top].name == l.node) found = top;
    });
    if (found == kNoNode) continue;
    source = value_of(t, found, l.src);
    if (!l.dst.empty()) destination = value_of(t, found, l.dst);
    return;
  }
}

}  // namespace pxescope::cli
