// What TCP analysis remembers between frames, per connection: the stream index (tcp.stream),
// each direction's initial sequence number (for tshark's relative numbers), the highest
// sequence number sent so far (to flag retransmissions) and the window scale each SYN offered.
// Bounded: at most kMaxStreams connections are followed; past that the table starts over
// (stream indexes keep counting up, so they stay unique).
//
// State only moves forward with frames newer than the stream has seen, so an earlier frame can
// be dissected again (the GUI does, on a click) and shows what it showed the first time.
#pragma once

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

namespace pxescope {

// One connection's endpoints, as the frame carries them (host order).
struct TcpEndpoints {
  std::uint32_t src_ip = 0, dst_ip = 0;
  std::uint16_t src_port = 0, dst_port = 0;
};

struct TcpDirection {
  bool base_known = false;
  std::uint32_t base_seq = 0;  // ISN (SYN) or first seq - 1: relative 0 / 1
  bool next_known = false;
  std::uint32_t next_seq = 0;  // highest seq + len seen (raw)
  int window_shift = -1;       // -1: no SYN seen; -2: SYN without window scale
};

struct TcpStream {
  std::uint32_t index = 0;
  std::uint64_t last_frame = 0;  // newest frame that moved the state
  // [0]: from the endpoint that sent the first frame seen, [1]: the other way.
  TcpDirection dir[2];
  std::uint32_t first_src_ip = 0;
  std::uint16_t first_src_port = 0;
  // Frames found to be retransmissions (kept so a re-dissection says the same); bounded.
  std::vector<std::uint64_t> retransmissions;
  // Per-direction application state (HTTP head buffers), owned by the layer above.
  std::uint32_t app_slot[2] = {0, 0};
};

// What one segment's analysis found.
struct TcpSegmentAnalysis {
  std::uint32_t stream = 0;
  int direction = 0;  // index into TcpStream::dir of the sender
  std::uint32_t relative_seq = 0, relative_ack = 0, next_relative_seq = 0;
  int window_shift = -1;  // the sender's scale (-1 unknown, -2 none)
  bool retransmission = false;
  bool new_frame = false;  // the frame moved the state (not a re-dissection)
};

struct TcpSegmentHeader {
  std::uint32_t seq = 0, ack = 0;
  std::uint16_t flags = 0;
  std::uint32_t payload_length = 0;
  int syn_window_shift = -2;  // the SYN's window scale option (-2: none)
};

inline constexpr std::uint16_t kTcpFin = 0x01, kTcpSyn = 0x02, kTcpRst = 0x04, kTcpPsh = 0x08,
                               kTcpAck = 0x10, kTcpUrg = 0x20, kTcpEce = 0x40, kTcpCwr = 0x80,
                               kTcpAe = 0x100;

class TcpStreamTable {
 public:
  static constexpr std::size_t kMaxStreams = 4096;
  static constexpr std::size_t kMaxRetransmissionsRemembered = 256;

  TcpSegmentAnalysis analyze(std::uint64_t frame_index, const TcpEndpoints& ends,
                             const TcpSegmentHeader& header);
  // The stream a frame belongs to (after analyze()), or nullptr.
  TcpStream* find(const TcpEndpoints& ends);
  void clear() {
    streams_.clear();
    next_index_ = 0;
  }
  std::size_t size() const { return streams_.size(); }

 private:
  // Both endpoints (address << 16 | port), the lower one first: one key for both directions.
  struct Key {
    std::uint64_t low = 0, high = 0;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<std::uint64_t>()(k.low * 0x9e3779b97f4a7c15ull ^ k.high);
    }
  };
  static Key key_of(const TcpEndpoints& e);
  TcpStream& start_stream(const Key& key, std::uint64_t frame_index, const TcpEndpoints& ends);
  std::unordered_map<Key, TcpStream, KeyHash> streams_;
  std::uint32_t next_index_ = 0;
};

}  // namespace pxescope
