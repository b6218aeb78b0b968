// Which frames a story pass with a cap on machines tells (the GUI's, capped at the clients its
// Clients view lists): the DHCPv4 of the first `limit` machines, and every other frame (TFTP,
// ICMP, HTTP, DHCPv6, which the stories attach by address). A load test's million machines
// would otherwise cost a story each, gigabytes, for a view that lists ten thousand.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_set>

#include "analyzer/frame.hpp"

namespace pxescope {

class StoryAdmission {
 public:
  explicit StoryAdmission(std::size_t limit) : limit_(limit) {}
  // False for a DHCPv4 frame of a machine beyond the first `limit` (request or reply: the
  // client is its chaddr).
  bool admits(const Frame& frame);
  // Whether any frame was turned away.
  bool turned_away() const { return turned_away_; }

 private:
  std::size_t limit_;
  std::unordered_set<std::uint64_t> machines_;
  bool turned_away_ = false;
};

}  // namespace pxescope
