// One direction of a TCP connection as a byte stream, for Export Objects and the throughput
// graph: segments are put in sequence order (out-of-order ones wait, bounded), bytes already
// delivered are not delivered again (retransmissions and overlaps are counted instead), and a
// hole that never fills is reported. Sequence numbers are taken relative to the SYN (or the
// first segment seen), so a stream may carry up to 2 GiB.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <vector>

namespace pxescope {

class TcpByteStream {
 public:
  static constexpr std::size_t kMaxPendingBytes = 16u << 20;  // out-of-order data kept

  using Deliver = std::function<void(std::span<const std::uint8_t>)>;

  // One segment from this direction's sender. `deliver` gets each newly contiguous run, in
  // order. Returns true when the segment carried only bytes delivered before (a retransmission).
  bool segment(std::uint32_t seq, bool syn, std::span<const std::uint8_t> payload,
               const Deliver& deliver);
  // Bytes are missing before what was kept (never filled, or dropped past the bound).
  bool has_hole() const { return !pending_.empty() || dropped_; }
  std::uint64_t delivered() const { return next_ - 1; }

 private:
  void drain(const Deliver& deliver);
  bool started_ = false;
  std::uint32_t isn_ = 0;
  std::uint64_t next_ = 1;  // relative sequence number of the next byte to deliver
  std::map<std::uint64_t, std::vector<std::uint8_t>> pending_;
  std::size_t pending_bytes_ = 0;
  bool dropped_ = false;
};

}  // namespace pxescope
