#include "analyzer/follow/follow_stream.hpp"

#include <set>
#include <unordered_map>

#include "analyzer/capture_reader.hpp"
#include "analyzer/filter/display_filter.hpp"
#include "analyzer/filter/field_filter_text.hpp"
#include "analyzer/packet_dissector.hpp"
#include "analyzer/tftp/tftp_dissector.hpp"

namespace pxescope {
namespace {

// A top-level layer ("udp", "ip"): a protocol quoted inside an ICMP error is not the frame's.
NodeId top_layer(const FieldTree& t, std::string_view name) {
  NodeId hit = kNoNode;
  t.for_each_child(kNoNode, [&](NodeId id) {
    if (hit == kNoNode && t[id].name == name) hit = id;
  });
  return hit;
}

std::string value_of(const FieldTree& t, std::string_view name, NodeId from) {
  const NodeId id = from == kNoNode ? kNoNode : t.find(name, from);
  return id == kNoNode ? std::string() : filter::filter_literal(t[id]);
}

// The value as text for the report (not as a filter literal: no quotes).
std::string text_of(const FieldTree& t, std::string_view name, NodeId from) {
  const NodeId id = t.find(name, from);
  if (id == kNoNode) return {};
  return t[id].kind == ValueKind::String ? t[id].str_value : filter::filter_literal(t[id]);
}

std::uint64_t uint_of(const FieldTree& t, std::string_view name, NodeId from = kNoNode) {
  const NodeId id = t.find(name, from);
  return id == kNoNode ? 0 : t[id].uint_value;
}

// One datagram's or segment's two ends, as filter literals.
struct Ends {
  std::string addr_field;  // "ip.addr" or "ipv6.addr"
  std::string src, dst, src_port, dst_port;
};

bool ends_of(const FieldTree& t, std::string_view transport, Ends& e) {
  const NodeId l4 = top_layer(t, transport);
  if (l4 == kNoNode) return false;
  NodeId ip = top_layer(t, "ip");
  e.addr_field = "ip.addr";
  std::string src_name = "ip.src", dst_name = "ip.dst";
  if (ip == kNoNode) {
    ip = top_layer(t, "ipv6");
    e.addr_field = "ipv6.addr";
    src_name = "ipv6.src";
    dst_name = "ipv6.dst";
  }
  const std::string prefix(transport);
  e.src = value_of(t, src_name, ip);
  e.dst = value_of(t, dst_name, ip);
  e.src_port = value_of(t, prefix + ".srcport", l4);
  e.dst_port = value_of(t, prefix + ".dstport", l4);
  return !e.src.empty() && !e.dst.empty() && !e.src_port.empty() && !e.dst_port.empty();
}

std::string conversation_filter(const Ends& e, std::string_view port_field) {
  const std::string p(port_field);
  return e.addr_field + " == " + e.src + " && " + e.addr_field + " == " + e.dst + " && " + p +
         " == " + e.src_port + " && " + p + " == " + e.dst_port;
}

bool is_tftp_request(const FieldTree& t) {
  const NodeId tftp = top_layer(t, "tftp");
  if (tftp == kNoNode) return false;
  const std::uint64_t op = uint_of(t, "tftp.opcode", tftp);
  return op == kTftpRrq || op == kTftpWrq;
}

std::string node_line(const FieldNode& n) {
  std::string scratch;
  return std::string(node_text(n, scratch));
}

// What a TFTP frame adds to the report.
void add_tftp(const FieldTree& t, std::uint64_t frame, std::set<std::uint64_t>& blocks,
              FollowReport& r) {
  const NodeId tftp = top_layer(t, "tftp");
  if (tftp == kNoNode) return;
  const std::uint64_t op = uint_of(t, "tftp.opcode", tftp);
  if (op == kTftpRrq || op == kTftpWrq) {
    r.file_name = text_of(t, op == kTftpRrq ? "tftp.source_file" : "tftp.destination_file", tftp);
    r.mode = text_of(t, "tftp.type", tftp);
  }
  if (op == kTftpRrq || op == kTftpWrq || op == kTftpOack) {
    t.for_each_child(tftp, [&](NodeId id) {
      if (t[id].name != "tftp.option") return;
      const NodeId name = t.find("tftp.option.name", id), value = t.find("tftp.option.value", id);
      if (name == kNoNode || value == kNoNode) return;
      r.options.push_back((op == kTftpOack ? "OACK " : "") + t[name].str_value + "=" +
                          t[value].str_value);
    });
  }
  if (r.file_name.empty()) r.file_name = text_of(t, "tftp.destination_file", tftp);
  if (op == kTftpData) {
    const NodeId full = t.find("tftp.block.full", tftp);
    const std::uint64_t block =
        full != kNoNode ? t[full].uint_value : uint_of(t, "tftp.block", tftp);
    const NodeId data = t.find("tftp.data", tftp);
    if (blocks.insert(block).second) {
      ++r.blocks;
      if (data != kNoNode) r.data_bytes += t[data].length;
    }
  }
  if (op == kTftpError) {
    const NodeId code = t.find("tftp.error.code", tftp);
    r.errors.push_back("frame " + std::to_string(frame) + ": " +
                       (code == kNoNode ? std::string("error") : node_line(t[code])) + ", " +
                       text_of(t, "tftp.error.message", tftp));
  }
}

// What an HTTP head or body segment adds to the report.
void add_http(const FieldTree& t, std::uint64_t frame, const std::string& sender,
              std::vector<std::string>& senders, FollowReport& r) {
  const NodeId http = top_layer(t, "http");
  if (http != kNoNode) {
    FollowHttpMessage m;
    m.frame = frame;
    m.request = t.find("http.request", http) != kNoNode;
    t.for_each_child(http, [&](NodeId id) { m.head.push_back(node_line(t[id])); });
    r.http.push_back(std::move(m));
    senders.push_back(sender);
  }
  const NodeId seen = t.find("http.body_bytes_seen");
  if (seen == kNoNode) return;
  // The body belongs to the last head this side sent.
  for (std::size_t i = r.http.size(); i-- > 0;) {
    if (senders[i] != sender) continue;
    r.http[i].body_bytes = t[seen].uint_value;
    r.http[i].body_complete = t.find("http.body_complete") != kNoNode;
    break;
  }
}

constexpr std::size_t kMaxRequestsRemembered = 65536;  // bounded on endless captures

bool cancelled(const std::atomic<bool>* cancel) {
  return cancel && cancel->load(std::memory_order_relaxed);
}

// Pass 1: the filter from the selected frame (and, for a TFTP request, from the server's
// first answer to it). Also the TFTP request frame, whose options the report shows.
bool find_conversation(const std::string& path, std::uint64_t target, FollowKind kind,
                       const std::atomic<bool>* cancel, FollowReport& r,
                       std::uint64_t& request_frame) {
  CaptureReader reader;
  if (!reader.open_file(path)) return r.error = reader.error(), false;
  PacketDissector dissector;
  FieldTree tree;
  Frame frame;
  Ends request_ends;
  bool waiting_for_answer = false;
  // TFTP requests seen, by frame: a transfer's filter is written from its client's side, so
  // following any of its frames gives the same text.
  std::unordered_map<std::uint64_t, Ends> requests;
  while (reader.next(frame) && !cancelled(cancel)) {
    dissector.dissect(frame, tree);
    if (kind == FollowKind::Tftp && frame.index < target && is_tftp_request(tree) &&
        requests.size() < kMaxRequestsRemembered)
      ends_of(tree, "udp", requests[frame.index]);
    if (waiting_for_answer) {
      Ends e;
      if (uint_of(tree, "tftp.request_frame") == target && ends_of(tree, "udp", e) &&
          e.src == request_ends.dst && e.dst_port == request_ends.src_port) {
        request_ends.dst_port = e.src_port;
        r.filter = conversation_filter(request_ends, "udp.port");
        return true;
      }
      continue;
    }
    if (frame.index != target) continue;
    std::string why;
    r.filter = follow_filter(tree, kind, why);
    if (r.filter.empty()) return r.error = "frame " + std::to_string(target) + ": " + why, false;
    if (kind != FollowKind::Tftp) return true;
    request_frame = uint_of(tree, "tftp.request_frame");
    if (!is_tftp_request(tree)) {
      Ends here;
      const auto request = requests.find(request_frame);
      if (request == requests.end() || !ends_of(tree, "udp", here)) return true;
      Ends client_first = request->second;
      const bool from_client =
          here.src == client_first.src && here.src_port == client_first.src_port;
      client_first.dst_port = from_client ? here.dst_port : here.src_port;
      r.filter = conversation_filter(client_first, "udp.port");
      return true;
    }
    request_frame = target;
    waiting_for_answer = ends_of(tree, "udp", request_ends);
    if (!waiting_for_answer) return true;
  }
  if (cancelled(cancel)) return r.error = "cancelled", false;
  if (r.filter.empty())
    return r.error = "frame " + std::to_string(target) + " is not in the capture", false;
  return true;  // a request nobody answered: its port 69 exchange
}

}  // namespace

std::string_view follow_kind_name(FollowKind kind) {
  switch (kind) {
    case FollowKind::Udp:
      return "UDP";
    case FollowKind::Tcp:
      return "TCP";
    case FollowKind::Tftp:
      return "TFTP";
    case FollowKind::Http:
      return "HTTP";
  }
  return "UDP";
}

std::string follow_filter(const FieldTree& tree, FollowKind kind, std::string& why) {
  if (kind == FollowKind::Tcp || kind == FollowKind::Http) {
    const NodeId tcp = top_layer(tree, "tcp");
    const NodeId stream = tcp == kNoNode ? kNoNode : tree.find("tcp.stream", tcp);
    if (stream == kNoNode) return why = "not a TCP segment", std::string();
    if (kind == FollowKind::Http &&
        !HttpFollower::is_http_port(
            static_cast<std::uint16_t>(uint_of(tree, "tcp.srcport", tcp))) &&
        !HttpFollower::is_http_port(static_cast<std::uint16_t>(uint_of(tree, "tcp.dstport", tcp))))
      return why = "not HTTP (pxescope follows HTTP on ports 80 and 8080)", std::string();
    return "tcp.stream == " + std::to_string(tree[stream].uint_value);
  }
  Ends e;
  if (!ends_of(tree, "udp", e)) return why = "not a UDP datagram", std::string();
  if (kind == FollowKind::Tftp && top_layer(tree, "tftp") == kNoNode)
    return why = "not TFTP (a request to port 69, or a transfer that followed one)", std::string();
  return conversation_filter(e, "udp.port");
}

FollowReport follow_capture(const std::string& path, std::uint64_t target, FollowKind kind,
                            const std::atomic<bool>* cancel) {
  FollowReport r;
  r.kind = kind;
  std::uint64_t request_frame = 0;
  if (!find_conversation(path, target, kind, cancel, r, request_frame)) return r;
  std::string error;
  const auto filter = filter::DisplayFilter::parse(r.filter, error);
  if (!filter) return r.error = r.filter + ": " + error, r;

  // Pass 2: every frame the filter keeps, dissected in order as the packet list does.
  CaptureReader reader;
  if (!reader.open_file(path)) return r.error = reader.error(), r;
  PacketDissector dissector;
  FieldTree tree;
  filter::FrameClock clock;
  Frame frame;
  std::set<std::uint64_t> blocks;
  std::vector<std::string> http_senders;
  while (reader.next(frame)) {
    if (cancelled(cancel)) return r.error = "cancelled", r;
    const auto context = clock.next(frame);
    dissector.dissect(frame, tree);
    const bool keep = filter->matches(tree, context);
    if (kind == FollowKind::Tftp && (keep || frame.index == request_frame))
      add_tftp(tree, frame.index, blocks, r);
    if (!keep) continue;
    Ends e;
    const bool has_ends = ends_of(tree, "tcp", e) || ends_of(tree, "udp", e);
    const std::string from = e.src + ":" + e.src_port, to = e.dst + ":" + e.dst_port;
    if (has_ends && r.endpoint[0].empty()) r.endpoint[0] = from, r.endpoint[1] = to;
    const int side = from == r.endpoint[0] ? 0 : 1;
    const NodeId l4 = top_layer(tree, "tcp");
    std::uint64_t payload = 0;
    if (l4 != kNoNode) {
      payload = uint_of(tree, "tcp.len", l4);
    } else if (const NodeId udp = top_layer(tree, "udp"); udp != kNoNode) {
      const std::uint64_t length = uint_of(tree, "udp.length", udp);
      payload = length >= 8 ? length - 8 : 0;
    }
    r.payload_bytes[side] += payload;
    r.frames.push_back(frame.index);
    r.frame_lines.push_back(std::to_string(frame.index) + "  " + from + " → " + to + "  " +
                            std::to_string(payload) + " bytes  " + tree.info_column());
    if (kind == FollowKind::Http) add_http(tree, frame.index, from, http_senders, r);
  }
  if (!reader.error().empty() && r.frames.empty()) r.error = reader.error();
  return r;
}

std::string render_follow_report(const FollowReport& r) {
  std::string out =
      "Follow " + std::string(follow_kind_name(r.kind)) + " stream\nFilter: " + r.filter + "\n";
  if (!r.error.empty()) return out + "Error: " + r.error + "\n";
  out += std::to_string(r.frames.size()) + " frames; " + r.endpoint[0] + " sent " +
         std::to_string(r.payload_bytes[0]) + " bytes, " + r.endpoint[1] + " sent " +
         std::to_string(r.payload_bytes[1]) + " bytes\n";
  if (r.kind == FollowKind::Tftp) {
    out += "\nFile: " +
           (r.file_name.empty() ? std::string("(request not in the capture)") : r.file_name) +
           "\nMode: " + (r.mode.empty() ? std::string("-") : r.mode) + "\nOptions:";
    if (r.options.empty()) out += " none";
    for (const std::string& o : r.options) out += " " + o;
    out += "\nBlocks: " + std::to_string(r.blocks) + "\nBytes: " + std::to_string(r.data_bytes) +
           "\nErrors: " + (r.errors.empty() ? std::string("none") : "") + "\n";
    for (const std::string& e : r.errors) out += "  " + e + "\n";
  }
  if (r.kind == FollowKind::Http) {
    for (const FollowHttpMessage& m : r.http) {
      out += "\n" + std::string(m.request ? "Request" : "Response") + " in frame " +
             std::to_string(m.frame) + ":\n";
      for (const std::string& line : m.head) out += "  " + line + "\n";
      out += "  [body: " + std::to_string(m.body_bytes) + " bytes" +
             (m.body_complete ? ", complete" : "") + "]\n";
    }
    if (r.http.empty()) out += "\nNo HTTP head in this stream.\n";
  }
  out += "\nFrames:\n";
  for (const std::string& line : r.frame_lines) out += "  " + line + "\n";
  return out;
}

}  // namespace pxescope
