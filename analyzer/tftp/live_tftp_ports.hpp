// Live capture follows TFTP transfers (`pxescope capture`): the capture filter only names
// port 69, but a server answers a read request from a new port of its own (RFC 1350 TIDs),
// so DATA and ACK would never reach the dissector. For each request seen, this widens the
// filter to the client's address and port — "(host 192.168.77.150 and udp port 1001)" —
// until the transfer ends (an ERROR, or the ACK of the last, short DATA block), or falls
// silent for kIdleSeconds. At most kMaxTransfers at once: the oldest is dropped first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/frame.hpp"

namespace pxescope {

class LiveTftpPorts {
 public:
  static constexpr double kIdleSeconds = 10;
  static constexpr double kLastBlockGraceSeconds = 2;  // for the final ACK (and resends)
  static constexpr std::size_t kMaxTransfers = 64;

  // `base` is the filter the user asked for (or the default one).
  explicit LiveTftpPorts(std::string base) : base_(std::move(base)) {}

  // Looks at one captured frame (`now`: seconds on any steady clock). True when the set of
  // followed transfers changed, so filter() must be applied again.
  bool on_frame(const Frame& frame, double now);
  // Drops the transfers idle since before `now - kIdleSeconds` (or past their grace); true
  // when any was dropped.
  bool expire(double now);

  // The capture filter: the base, or the base widened to every followed transfer.
  std::string filter() const;
  std::size_t followed() const { return transfers_.size(); }

 private:
  struct Transfer {
    std::string client;  // address as BPF takes it ("192.168.77.150", "2001:db8::150")
    std::uint16_t client_port = 0;
    std::uint32_t block_size = 512;  // the OACK's blksize, else RFC 1350's
    double last_seen = 0;
    double ends_at = 0;  // > 0 once the last block went by
  };
  Transfer* find(const std::string& address, std::uint16_t port);

  std::string base_;
  std::vector<Transfer> transfers_;  // oldest first
};

}  // namespace pxescope
