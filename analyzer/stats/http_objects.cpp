// ObjectExtractor's HTTP part: each TCP direction is put back in order (TcpByteStream), then
// framed as HTTP/1.x messages: heads decoded by the dissector's own head decoder
// (analyzer/http/http_head), bodies delimited by Content-Length, chunked coding (de-chunked,
// as Wireshark exports them) or the server's FIN. Requests are queued per connection so each
// response body is named by its request's URI and Host.
#include <algorithm>
#include <charconv>
#include <cstring>

#include "analyzer/http/http_follower.hpp"
#include "analyzer/http/http_head.hpp"
#include "analyzer/stats/object_extractor.hpp"
#include "analyzer/tcp/tcp_streams.hpp"

namespace pxescope {
namespace {

constexpr std::size_t kMaxHeadBytes = 64 * 1024;  // a longer "head" is not HTTP we follow

std::string text_child(const FieldTree& tree, std::string_view name) {
  const NodeId id = tree.find(name);
  return id == kNoNode ? std::string() : tree[id].str_value;
}

}  // namespace

void ObjectExtractor::on_tcp(const Frame& frame, const FieldTree& tree, NodeId tcp) {
  const auto field = [&](std::string_view name) {
    const NodeId id = tree.find(name, tcp);
    return id == kNoNode ? std::uint64_t{0} : tree[id].uint_value;
  };
  const auto src_port = static_cast<std::uint16_t>(field("tcp.srcport"));
  const auto dst_port = static_cast<std::uint16_t>(field("tcp.dstport"));
  if (tree.find("tcp.hdr_len", tcp) == kNoNode) return;  // header cut short
  const bool from_server = HttpFollower::is_http_port(src_port);
  if (!from_server && !HttpFollower::is_http_port(dst_port)) return;
  HttpConnection& c = http_[field("tcp.stream")];
  c.stream = field("tcp.stream");
  if (c.client.empty()) {
    std::string src, dst;
    frame_addresses(tree, src, dst);
    c.client = from_server ? dst : src;
    c.server = from_server ? src : dst;
  }
  const int direction = from_server ? 1 : 0;
  const auto flags = static_cast<std::uint16_t>(field("tcp.flags"));
  const std::size_t at = tree[tcp].offset + field("tcp.hdr_len");
  const std::size_t captured = frame.data.size();
  const std::size_t length =
      at >= captured ? 0 : std::min<std::size_t>(field("tcp.len"), captured - at);
  const auto payload = frame.data.subspan(std::min(at, captured), length);
  const bool repeated = c.dir[direction].stream.segment(
      static_cast<std::uint32_t>(field("tcp.seq_raw")), flags & kTcpSyn, payload,
      [&](std::span<const std::uint8_t> bytes) { on_http_bytes(c, direction, bytes, frame); });
  if (c.active && (repeated || tree.find("tcp.analysis.retransmission", tcp) != kNoNode))
    note_retransmission(*c.active, frame);
  if (from_server && (flags & (kTcpFin | kTcpRst)) && c.active) {
    const bool body_until_close = c.dir[1].state == HttpDirection::State::UntilClose;
    close(c.active, body_until_close && (flags & kTcpFin) && !c.dir[1].stream.has_hole());
    c.dir[1].state = HttpDirection::State::Lost;
  }
}

void ObjectExtractor::on_http_bytes(HttpConnection& c, int direction,
                                    std::span<const std::uint8_t> bytes, const Frame& frame) {
  using State = HttpDirection::State;
  HttpDirection& d = c.dir[direction];
  // Body bytes go to the response's object; a request's body is skipped.
  const auto body = [&](std::span<const std::uint8_t> part) {
    if (direction == 1 && c.active) feed(*c.active, part, frame);
  };
  while (!bytes.empty() && d.state != State::Lost) {
    switch (d.state) {
      case State::Head: {
        const std::size_t old = d.buffer.size();
        d.buffer.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        const std::size_t end = http_head_length(
            {reinterpret_cast<const std::uint8_t*>(d.buffer.data()), d.buffer.size()});
        if (end == 0) {
          if (d.buffer.size() > kMaxHeadBytes) d.state = State::Lost;
          return;
        }
        bytes = bytes.subspan(end - old);
        d.buffer.resize(end);
        on_http_head(c, direction, frame);
        d.buffer.clear();
        break;
      }
      case State::Body:
      case State::ChunkData: {
        const std::size_t n =
            static_cast<std::size_t>(std::min<std::uint64_t>(d.remaining, bytes.size()));
        body(bytes.first(n));
        bytes = bytes.subspan(n);
        d.remaining -= n;
        if (d.remaining > 0) break;
        if (d.state == State::ChunkData) {
          d.state = State::ChunkEnd;
        } else {
          d.state = State::Head;
          if (direction == 1) close(c.active, !d.stream.has_hole());
        }
        break;
      }
      case State::UntilClose:
        body(bytes);
        return;
      case State::ChunkSize:
      case State::ChunkEnd:
      case State::Trailer: {
        // One line (CRLF-ended) at a time.
        const std::uint8_t* nl =
            static_cast<const std::uint8_t*>(std::memchr(bytes.data(), '\n', bytes.size()));
        const std::size_t take =
            nl ? static_cast<std::size_t>(nl - bytes.data()) + 1 : bytes.size();
        d.buffer.append(reinterpret_cast<const char*>(bytes.data()), take);
        bytes = bytes.subspan(take);
        if (!nl) {
          if (d.buffer.size() > kMaxHeadBytes) d.state = State::Lost;
          break;
        }
        on_chunk_line(c, d);
        d.buffer.clear();
        break;
      }
      case State::Lost:
        break;
    }
  }
}

// A CRLF-ended line of the chunked coding (RFC 9112 section 7.1) is in d.buffer.
void ObjectExtractor::on_chunk_line(HttpConnection& c, HttpDirection& d) {
  using State = HttpDirection::State;
  if (d.state == State::ChunkEnd) {  // the CRLF after a chunk's data
    d.state = State::ChunkSize;
    return;
  }
  if (d.state == State::Trailer) {  // trailer fields until an empty line
    if (d.buffer == "\r\n" || d.buffer == "\n") {
      d.state = State::Head;
      close(c.active, !d.stream.has_hole());
    }
    return;
  }
  std::uint64_t size = 0;
  const auto [end, ec] =
      std::from_chars(d.buffer.data(), d.buffer.data() + d.buffer.size(), size, 16);
  if (ec != std::errc() || end == d.buffer.data()) {
    d.state = State::Lost;
    close(c.active, false);
    return;
  }
  d.remaining = size;
  d.state = size == 0 ? State::Trailer : State::ChunkData;
}

void ObjectExtractor::on_http_head(HttpConnection& c, int direction, const Frame& frame) {
  using State = HttpDirection::State;
  HttpDirection& d = c.dir[direction];
  const std::span<const std::uint8_t> head(reinterpret_cast<const std::uint8_t*>(d.buffer.data()),
                                           d.buffer.size());
  if (!looks_like_http(head)) {
    d.state = State::Lost;
    return;
  }
  FieldTree scratch;
  scratch.set_info_wanted(false);
  const HttpHead h = dissect_http_head(head, 0, scratch);
  if (direction == 0) {
    if (!h.response)
      c.requests.push_back({text_child(scratch, "http.request.method"),
                            text_child(scratch, "http.request.uri"),
                            text_child(scratch, "http.host")});
    d.state = h.chunked ? State::Lost : h.content_length.value_or(0) ? State::Body : State::Head;
    d.remaining = h.content_length.value_or(0);
    return;
  }
  if (!h.response) {
    d.state = State::Lost;
    return;
  }
  HttpRequest request;
  if (!c.requests.empty()) {
    request = std::move(c.requests.front());
    c.requests.pop_front();
  }
  const bool no_body = h.no_body || request.method == "HEAD" ||
                       (h.content_length && *h.content_length == 0 && !h.chunked);
  if (no_body) {
    d.state = State::Head;
    return;
  }
  ExportedObject o;
  o.protocol = ObjectProtocol::Http;
  o.transfer_key = c.stream;
  o.client = c.client;
  o.server = c.server;
  o.host = request.host.empty() ? c.server : request.host;
  o.name = request.uri;
  o.content_type = text_child(scratch, "http.content_type");
  if (h.content_length) o.announced_size = static_cast<std::int64_t>(*h.content_length);
  close(c.active, false);  // a response before the last one's end: the last one is cut
  c.active = open_object(std::move(o), frame);
  if (h.chunked) {
    d.state = State::ChunkSize;
  } else if (h.content_length) {
    d.state = State::Body;
    d.remaining = *h.content_length;
  } else {
    d.state = State::UntilClose;
  }
}

}  // namespace pxescope
