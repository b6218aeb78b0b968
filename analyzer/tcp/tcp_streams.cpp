#include "analyzer/tcp/tcp_streams.hpp"

#include <algorithm>

namespace pxescope {
namespace {

// Sequence-space comparison (RFC 1982 style): a is before b.
bool seq_before(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b) < 0;
}

std::uint64_t endpoint(std::uint32_t ip, std::uint16_t port) {
  return (std::uint64_t{ip} << 16) | port;
}

}  // namespace

TcpStreamTable::Key TcpStreamTable::key_of(const TcpEndpoints& e) {
  const std::uint64_t a = endpoint(e.src_ip, e.src_port), b = endpoint(e.dst_ip, e.dst_port);
  return a < b ? Key{a, b} : Key{b, a};
}

TcpStream* TcpStreamTable::find(const TcpEndpoints& ends) {
  auto it = streams_.find(key_of(ends));
  return it == streams_.end() ? nullptr : &it->second;
}

TcpStream& TcpStreamTable::start_stream(const Key& key, std::uint64_t frame_index,
                                        const TcpEndpoints& ends) {
  if (streams_.size() >= kMaxStreams && !streams_.contains(key)) streams_.clear();
  TcpStream& s = streams_[key];
  s = TcpStream{};
  s.index = next_index_++;
  s.last_frame = frame_index;
  s.first_src_ip = ends.src_ip;
  s.first_src_port = ends.src_port;
  return s;
}

TcpSegmentAnalysis TcpStreamTable::analyze(std::uint64_t frame_index, const TcpEndpoints& ends,
                                           const TcpSegmentHeader& h) {
  const Key key = key_of(ends);
  const bool syn_only = (h.flags & (kTcpSyn | kTcpAck)) == kTcpSyn;
  auto it = streams_.find(key);
  TcpStream* s = it == streams_.end() ? nullptr : &it->second;
  bool new_frame = s == nullptr || frame_index > s->last_frame;
  if (s == nullptr) {
    s = &start_stream(key, frame_index, ends);
  } else if (new_frame && syn_only) {
    // A fresh SYN with another ISN on a known pair of ports: the ports were reused, a new
    // connection (tshark starts a new stream too).
    const int d = ends.src_ip == s->first_src_ip && ends.src_port == s->first_src_port ? 0 : 1;
    if (s->dir[d].base_known && h.seq != s->dir[d].base_seq)
      s = &start_stream(key, frame_index, ends);
  }
  TcpSegmentAnalysis a;
  a.stream = s->index;
  a.direction = ends.src_ip == s->first_src_ip && ends.src_port == s->first_src_port ? 0 : 1;
  a.new_frame = new_frame;
  TcpDirection& me = s->dir[a.direction];
  TcpDirection& peer = s->dir[1 - a.direction];
  const bool syn = h.flags & kTcpSyn, ack = h.flags & kTcpAck;
  const std::uint32_t seglen = h.payload_length + (syn ? 1 : 0) + (h.flags & kTcpFin ? 1 : 0);
  if (new_frame) {
    s->last_frame = frame_index;
    // Relative numbers start at the SYN's ISN (Seq=0), else at the first byte seen (Seq=1).
    if (!me.base_known || syn) {
      me.base_seq = syn ? h.seq : h.seq - 1;
      me.base_known = true;
    }
    if (ack && !peer.base_known) {
      peer.base_seq = h.ack - 1;
      peer.base_known = true;
    }
    if (syn) me.window_shift = h.syn_window_shift;
    // Data (or SYN/FIN) that starts before what this side already sent: sent again. A
    // one-byte segment just below is a keep-alive probe, not a retransmission.
    const bool keep_alive = h.payload_length <= 1 && me.next_known && h.seq == me.next_seq - 1 &&
                            !(h.flags & (kTcpSyn | kTcpFin | kTcpRst));
    if (seglen > 0 && me.next_known && seq_before(h.seq, me.next_seq) && !keep_alive) {
      a.retransmission = true;
      if (s->retransmissions.size() < kMaxRetransmissionsRemembered)
        s->retransmissions.push_back(frame_index);
    }
    const std::uint32_t end = h.seq + seglen;
    if (!me.next_known || seq_before(me.next_seq, end)) {
      me.next_seq = end;
      me.next_known = true;
    }
  } else {
    a.retransmission = std::find(s->retransmissions.begin(), s->retransmissions.end(),
                                 frame_index) != s->retransmissions.end();
  }
  a.relative_seq = h.seq - me.base_seq;
  a.next_relative_seq = a.relative_seq + seglen;
  a.relative_ack = ack && peer.base_known ? h.ack - peer.base_seq : h.ack;
  // The SYN's own window is never scaled; later ones by the sender's shift once both SYNs
  // agreed on scaling (RFC 7323: both must offer it).
  if (syn)
    a.window_shift = -2;
  else if (me.window_shift == -1 || peer.window_shift == -1)
    a.window_shift = -1;
  else if (me.window_shift >= 0 && peer.window_shift >= 0)
    a.window_shift = me.window_shift;
  else
    a.window_shift = -2;
  return a;
}

}  // namespace pxescope
