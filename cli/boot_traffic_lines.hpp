// analyze's summary lines for the rest of the evidence of a boot besides DHCP: TFTP requests,
// option acknowledgements and errors one line each, each transfer's DATA/ACK collapsed into
// one line (when its last block goes by, or at the end of the input if it never does), and
// ICMP destination unreachable about boot traffic ("port unreachable (SERVER:69 <- RRQ file)").
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/field_tree.hpp"
#include "analyzer/frame.hpp"

namespace pxescope::cli {

// One line to print: the printer writes "frame time src → dst " and then `text`.
struct BootLine {
  std::uint64_t frame = 0;
  std::int64_t ts_sec = 0;
  std::uint32_t ts_nsec = 0;
  std::uint32_t src_ip = 0, dst_ip = 0;
  std::uint16_t src_port = 0, dst_port = 0;
  bool with_ports = true;  // false for ICMP (addresses only)
  std::string text;
};

class BootTrafficLines {
 public:
  void clear() { transfers_.clear(); }
  // A frame the dissector decoded as TFTP, with its tree: appends 0-2 lines to `out`.
  void tftp(const Frame& frame, const FieldTree& tree, std::vector<BootLine>& out);
  // True when the frame is an ICMP destination unreachable about DHCP/TFTP traffic (its
  // line appended to `out`).
  bool icmp(const Frame& frame, std::vector<BootLine>& out);
  // The collapsed lines of transfers whose last block never went by; forgets them.
  void finish(std::vector<BootLine>& out);

 private:
  struct Endpoint {
    std::uint32_t ip = 0;
    std::uint16_t port = 0;
    std::uint64_t key() const { return (std::uint64_t{ip} << 16) | port; }
  };
  struct Transfer {
    Endpoint sender, receiver;  // of the DATA blocks (the server for a read request)
    std::string file;
    std::uint32_t block_size = 512;  // RFC 1350, or the OACK's blksize
    std::uint64_t first_frame = 0;
    std::uint64_t blocks = 0, bytes = 0, retransmitted = 0, acks = 0;
    std::uint16_t last_block = 0;
    bool any_data = false;
    bool done = false;  // its last block (or an error) went by; its line is out
    // The last frame of the transfer seen (the line's frame and time when it never ends).
    std::uint64_t last_frame = 0;
    std::int64_t last_sec = 0;
    std::uint32_t last_nsec = 0;
  };
  // Both directions of a transfer map to one key: the two endpoints in a fixed order.
  struct PairKey {
    std::uint64_t low = 0, high = 0;
    bool operator==(const PairKey&) const = default;
  };
  struct PairKeyHash {
    std::size_t operator()(const PairKey& k) const {
      return static_cast<std::size_t>((k.low * 0x9E3779B97F4A7C15ull) ^ k.high);
    }
  };
  static PairKey pair_key(Endpoint a, Endpoint b);
  static BootLine collapsed_line(const Transfer& t, std::string_view outcome);
  // Keeps memory flat on endless live streams.
  static constexpr std::size_t kMaxTransfers = 4096;

  std::unordered_map<PairKey, Transfer, PairKeyHash> transfers_;
};

}  // namespace pxescope::cli
