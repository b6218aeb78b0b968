// The offer linter's memory of each client's last DHCP request: the request's bytes, kept
// as they came and parsed only when a reply to that client arrives (most requests are
// never answered in a capture of DISCOVERs, and parsing every one cost ~6 allocations).
//
// Records are reused: clear() keeps each record's byte buffer, and a full table starts
// over rather than growing, so a warm table remembers requests without allocating (a
// request larger than any seen before grows its record once).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace pxescope {

class LastRequestTable {
 public:
  // Clients remembered at most (bounded memory on endless live streams): a new client
  // past this many starts the table over, as the linter's maps did.
  static constexpr std::size_t kMaxClients = 4096;

  // `payload` (a BOOTP request) becomes the last request of the client `key`.
  void remember(std::uint64_t key, std::span<const std::uint8_t> payload);
  // The last request of client `key`; empty when none is remembered.
  std::span<const std::uint8_t> find(std::uint64_t key) const;
  std::size_t size() const { return used_; }
  void clear();

 private:
  static constexpr std::size_t kSlots = 2 * kMaxClients;  // load <= 1/2: short probes
  struct Record {
    std::uint64_t key = 0;
    std::vector<std::uint8_t> bytes;  // keeps its capacity when the record is reused
  };
  // The slot holding `key`, or the empty slot where it would go.
  std::size_t slot_of(std::uint64_t key) const;

  std::vector<Record> records_;  // records_[0, used_) are live; the rest keep capacity
  std::size_t used_ = 0;
  std::vector<std::uint16_t> slots_;  // record index + 1; 0: empty (sized on first use)
};

}  // namespace pxescope
