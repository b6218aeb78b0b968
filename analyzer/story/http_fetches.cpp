#include "analyzer/story/http_fetches.hpp"

#include <algorithm>
#include <cstdio>

#include "analyzer/field_tree.hpp"
#include "analyzer/http/http_head.hpp"
#include "analyzer/link/bytes.hpp"
#include "analyzer/story/boot_files.hpp"
#include "analyzer/tcp/tcp_streams.hpp"

namespace pxescope {
namespace {

using bytes::be16;
using bytes::be32;

std::uint64_t endpoint_key(std::uint32_t ip, std::uint16_t port) {
  return (std::uint64_t{ip} << 16) | port;
}
// Sequence-space distance a - b (RFC 1982 style).
std::int32_t seq_diff(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b);
}

std::string string_field(const FieldTree& t, std::string_view name) {
  const NodeId id = t.find(name);
  return id == kNoNode ? std::string() : t[id].str_value;
}

std::string server_text(std::uint32_t ip, std::uint16_t port) {
  return format_ipv4(ip) + (port == 80 ? "" : ":" + std::to_string(port));
}

bool is_success(const HttpFetchStory& x) {
  return x.status >= 200 && x.status < 300;
}

}  // namespace

void HttpFetchFollower::on_segment(const Frame& f, const UdpLocation& loc, double t,
                                   std::vector<ClientStory>& clients,
                                   const std::unordered_map<std::uint32_t, std::size_t>& client_of,
                                   const EventSink& event) {
  const std::size_t tcp = std::size_t{loc.ip_offset} + loc.ip_header_length;
  const std::size_t end = ipv4_payload_end(loc, f.data.size());
  if (loc.ip_fragment_offset != 0 || end < tcp + 20) return;
  const std::uint8_t* h = f.data.data() + tcp;
  const std::size_t header = (h[12] >> 4) * 4u;
  if (header < 20 || tcp + header > end) return;
  const std::uint16_t sport = be16(h), dport = be16(h + 2);
  const std::uint32_t seq = be32(h + 4);
  const std::uint16_t flags = static_cast<std::uint16_t>(h[13] | ((h[12] & 1) << 8));
  const auto payload = f.data.subspan(tcp + header, end - tcp - header);

  // Which side is the client: a known client address, the SYN's sender when both are known.
  const bool syn_only = (flags & (kTcpSyn | kTcpAck)) == kTcpSyn;
  auto from_client = connections_.find(endpoint_key(loc.src_ip, sport));
  auto to_client = connections_.find(endpoint_key(loc.dst_ip, dport));
  Connection* c = nullptr;
  int from = 0;
  if (from_client != connections_.end() && from_client->second.server_ip == loc.dst_ip &&
      from_client->second.server_port == dport) {
    c = &from_client->second;
  } else if (to_client != connections_.end() && to_client->second.server_ip == loc.src_ip &&
             to_client->second.server_port == sport) {
    c = &to_client->second;
    from = 1;
  }
  // A new connection: the client's SYN, or a request from a known client mid-connection.
  const bool opens =
      syn_only || (c == nullptr && looks_like_http(payload) &&
                   !std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size())
                        .starts_with("HTTP/"));
  if (opens && (c == nullptr || from == 0)) {
    const auto known = client_of.find(loc.src_ip);
    if (known == client_of.end()) return;
    ClientStory& s = clients[known->second];
    if (c != nullptr && syn_only && !c->dir[0].next_known && c->client_isn == seq) {
      ++s.http[c->first_fetch].syns;  // the same SYN again
      s.http[c->first_fetch].end = t;
      s.http[c->first_fetch].last_frame = f.index;
      s.last_time = std::max(s.last_time, t);
      return;
    }
    if (connections_.size() >= kMaxConnections) connections_.clear();
    Connection fresh;
    fresh.client = known->second;
    fresh.client_ip = loc.src_ip;
    fresh.server_ip = loc.dst_ip;
    fresh.client_port = sport;
    fresh.server_port = dport;
    fresh.client_isn = seq;
    HttpFetchStory x;
    x.server_ip = loc.dst_ip;
    x.server_port = dport;
    x.client_port = sport;
    x.syns = syn_only ? 1 : 0;
    x.connected = !syn_only;
    x.first_frame = x.last_frame = f.index;
    x.start = x.end = t;
    s.http.push_back(std::move(x));
    fresh.first_fetch = s.http.size() - 1;
    c = &(connections_[endpoint_key(loc.src_ip, sport)] = std::move(fresh));
    from = 0;
    if (syn_only) return;
  }
  if (c == nullptr) return;
  ClientStory& s = clients[c->client];
  s.last_time = std::max(s.last_time, t);
  HttpFetchStory& first = s.http[c->first_fetch];
  if (first.method.empty() && t >= first.end) first.end = t, first.last_frame = f.index;
  if (from == 1 && (flags & kTcpSyn) && (flags & kTcpAck)) {
    first.connected = true;
    c->dir[1].next_known = true;
    c->dir[1].next_seq = seq + 1;
    return;
  }
  if (flags & kTcpRst) {
    if (!first.connected && from == 1) {
      first.refused = true;
    } else {
      if (c->receiving >= 0 && !s.http[c->receiving].complete) s.http[c->receiving].reset = true;
      for (std::size_t w : c->waiting) s.http[w].reset = true;
      if (first.method.empty() && !first.complete) first.reset = true;
    }
    c->receiving = -1;
    c->waiting.clear();
    return;
  }
  if (!payload.empty())
    on_payload(*c, from, (flags & kTcpSyn) ? seq + 1 : seq, payload, t, f.index, s, event);
  if (from == 1 && (flags & kTcpFin) && c->receiving >= 0) {
    HttpFetchStory& x = s.http[c->receiving];
    if (c->until_close) x.complete = true;  // the server's FIN ends a body of unknown length
    x.end = t;
    x.last_frame = f.index;
    c->receiving = -1;
  }
}

void HttpFetchFollower::on_payload(Connection& c, int from, std::uint32_t seq,
                                   std::span<const std::uint8_t> data, double t,
                                   std::uint64_t frame, ClientStory& s, const EventSink& event) {
  Direction& d = c.dir[from];
  std::size_t skip = 0;
  std::uint64_t gap = 0;
  if (d.next_known) {
    const std::int32_t behind = seq_diff(d.next_seq, seq);
    if (behind >= static_cast<std::int32_t>(data.size())) return;  // all seen before
    if (behind > 0) skip = static_cast<std::size_t>(behind);
    if (behind < 0) gap = static_cast<std::uint64_t>(-static_cast<std::int64_t>(behind));
  }
  d.next_known = true;
  d.next_seq = seq + static_cast<std::uint32_t>(data.size());
  data = data.subspan(skip);
  if (from == 1 && gap > 0 && c.receiving >= 0) {
    // Bytes the capture missed inside a body still went by: count them by sequence number.
    const std::uint64_t n = c.until_close ? gap : std::min(gap, c.body_left);
    s.http[c.receiving].bytes += n;
    if (!c.until_close) c.body_left -= n;
  } else if (gap > 0) {
    d.head.clear();  // a head's bytes went missing: look for the next message's start
  }
  // One segment may end a body and start the next head (pipelining): a few rounds at most.
  for (int round = 0; round < 8 && !data.empty() && !d.lost; ++round) {
    if (from == 1 && c.receiving >= 0) {
      HttpFetchStory& x = s.http[c.receiving];
      x.end = t;
      x.last_frame = frame;
      const std::size_t n =
          c.until_close
              ? data.size()
              : static_cast<std::size_t>(std::min<std::uint64_t>(c.body_left, data.size()));
      x.bytes += n;
      data = data.subspan(n);
      if (c.until_close) return;
      c.body_left -= n;
      if (c.body_left == 0) {
        x.complete = true;
        c.receiving = -1;
      }
      continue;
    }
    if (d.head.empty() && !looks_like_http(data)) {
      d.lost = true;  // not at the start of a message this follower knows
      return;
    }
    const std::size_t kept = d.head.size();
    const std::size_t take = std::min(data.size(), kMaxHead - kept);
    d.head.insert(d.head.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(take));
    const std::size_t length = http_head_length(d.head);
    if (length == 0) {
      if (d.head.size() >= kMaxHead) d.lost = true;
      return;
    }
    const std::vector<std::uint8_t> head(d.head.begin(),
                                         d.head.begin() + static_cast<std::ptrdiff_t>(length));
    d.head.clear();
    data = data.subspan(length - kept);
    if (from == 0)
      on_request_head(c, head, t, frame, s, event);
    else
      on_response_head(c, head, t, frame, s);
  }
}

void HttpFetchFollower::on_request_head(Connection& c, std::span<const std::uint8_t> head, double t,
                                        std::uint64_t frame, ClientStory& s,
                                        const EventSink& event) {
  FieldTree tree;
  dissect_http_head(head, 0, tree);
  const std::string method = string_field(tree, "http.request.method");
  const std::string uri = string_field(tree, "http.request.uri");
  const std::string host = string_field(tree, "http.host");
  std::size_t at = c.first_fetch;
  if (!s.http[at].method.empty()) {  // a further request on a kept-alive connection
    HttpFetchStory x;
    x.server_ip = c.server_ip;
    x.server_port = c.server_port;
    x.client_port = c.client_port;
    x.connected = true;
    x.first_frame = frame;
    x.start = t;
    s.http.push_back(std::move(x));
    at = s.http.size() - 1;
  }
  HttpFetchStory& x = s.http[at];
  x.connected = true;
  x.method = method.empty() ? "?" : method;
  x.url = uri.starts_with("http://") || uri.starts_with("https://")
              ? uri
              : "http://" + (host.empty() ? server_text(c.server_ip, c.server_port) : host) + uri;
  x.end = t;
  x.last_frame = frame;
  c.waiting.push_back(at);
  event(c.client, "http-request", "HTTP " + x.method + " " + x.url);
}

void HttpFetchFollower::on_response_head(Connection& c, std::span<const std::uint8_t> head,
                                         double t, std::uint64_t frame, ClientStory& s) {
  FieldTree tree;
  const HttpHead parsed = dissect_http_head(head, 0, tree);
  if (!parsed.response) return;
  std::size_t at;
  if (!c.waiting.empty()) {
    at = c.waiting.front();
    c.waiting.erase(c.waiting.begin());
  } else {
    at = c.first_fetch;  // the request was not captured
  }
  HttpFetchStory& x = s.http[at];
  const NodeId code = tree.find("http.response.code");
  x.status = code == kNoNode ? 0 : static_cast<int>(tree[code].uint_value);
  x.phrase = string_field(tree, "http.response.phrase");
  x.end = t;
  x.last_frame = frame;
  if (parsed.content_length) x.content_length = static_cast<std::int64_t>(*parsed.content_length);
  if (x.status < 200) {  // 1xx: the real answer follows
    c.waiting.insert(c.waiting.begin(), at);
    x.status = -1;
    return;
  }
  const bool no_body = parsed.no_body || x.method == "HEAD";
  c.until_close = !no_body && (parsed.chunked || !parsed.content_length);
  c.body_left = no_body ? 0 : parsed.content_length.value_or(0);
  x.complete = !c.until_close && c.body_left == 0;
  c.receiving = x.complete ? -1 : static_cast<long>(at);
}

std::string http_fetch_kind(const HttpFetchStory& x) {
  if (x.status >= 400)
    return optional_probe(x.url).kind.empty() ? "http-error" : "http-optional-probe";
  if (x.status >= 0) return x.complete ? "http-transfer" : "http-incomplete";
  if (!x.method.empty()) return "http-incomplete";  // asked, never answered
  return x.connected && !x.reset ? "http-incomplete" : "http-unanswered";
}

std::string http_fetch_summary(const HttpFetchStory& x) {
  char buf[256];
  const double secs = x.end - x.start;
  const std::string what = x.method.empty()
                               ? "HTTP connection to " + server_text(x.server_ip, x.server_port)
                               : "HTTP " + x.method + " " + x.url;
  if (x.method.empty() && x.status < 0) {
    if (x.refused) return what + ": refused (TCP reset): nothing listens on that port";
    if (!x.connected) return what + ": " + std::to_string(x.syns) + " SYN(s), never answered";
    return what + (x.reset ? ": reset before a request" : ": no request sent");
  }
  if (x.status < 0) {
    return what + (x.reset ? ": reset before a response" : ": no response");
  }
  const std::string status = std::to_string(x.status) + (x.phrase.empty() ? "" : " " + x.phrase);
  if (x.status >= 400) {
    const OptionalProbe probe = optional_probe(x.url);
    return what + ": " + status +
           (probe.kind.empty() ? "" : " (normal: " + std::string(probe.note) + ")");
  }
  const std::string length =
      x.content_length >= 0 ? " of " + std::to_string(x.content_length) : std::string();
  if (x.complete) {
    const double rate = secs > 0 ? static_cast<double>(x.bytes) / secs / 1024.0 : 0.0;
    std::snprintf(buf, sizeof buf, ", %.2f s, %.0f KiB/s", secs, rate);
    return what + ": " + status + ", " + std::to_string(x.bytes) + " bytes" + buf;
  }
  std::snprintf(buf, sizeof buf, " (%.2f s)", secs);
  return what + ": " + status + ", stopped after " + std::to_string(x.bytes) + length + " bytes" +
         (x.reset ? ", connection reset" : "") + buf;
}

bool http_fetch_succeeded(const HttpFetchStory& x) {
  return is_success(x) && x.complete;
}

}  // namespace pxescope
