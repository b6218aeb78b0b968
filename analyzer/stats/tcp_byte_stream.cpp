#include "analyzer/stats/tcp_byte_stream.hpp"

namespace pxescope {

bool TcpByteStream::segment(std::uint32_t seq, bool syn, std::span<const std::uint8_t> payload,
                            const Deliver& deliver) {
  if (!started_) {
    started_ = true;
    isn_ = syn ? seq : seq - 1;  // relative 1 is the first byte either way
  }
  // The SYN takes one sequence number; its (rare) data starts after it.
  const std::uint64_t start = static_cast<std::uint32_t>(seq - isn_) + (syn ? 1u : 0u);
  if (payload.empty()) return false;
  const std::uint64_t end = start + payload.size();
  if (end <= next_) return true;
  if (start > next_) {
    if (pending_bytes_ + payload.size() > kMaxPendingBytes) {
      dropped_ = true;
      return false;
    }
    auto [it, added] = pending_.try_emplace(start, payload.begin(), payload.end());
    if (added) pending_bytes_ += payload.size();
    return !added;
  }
  deliver(payload.subspan(static_cast<std::size_t>(next_ - start)));
  next_ = end;
  drain(deliver);
  return false;
}

void TcpByteStream::drain(const Deliver& deliver) {
  while (!pending_.empty() && pending_.begin()->first <= next_) {
    const auto it = pending_.begin();
    const std::uint64_t end = it->first + it->second.size();
    if (end > next_) {
      deliver(std::span<const std::uint8_t>(it->second)
                  .subspan(static_cast<std::size_t>(next_ - it->first)));
      next_ = end;
    }
    pending_bytes_ -= it->second.size();
    pending_.erase(it);
  }
}

}  // namespace pxescope
