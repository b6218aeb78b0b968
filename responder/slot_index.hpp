// An open-addressing index of slots (linear probing, backward-shift deletion): a table whose
// records live in a vector finds one from a 64-bit hash and an equality check on the record
// itself, so a lookup builds no key and allocates nothing. The DHCPv6 lease table finds a
// lease by client (DUID + IAID) and by address with two; the live stories find the client of
// an IPv6 address with one. Keys live in the records; the index keeps slot numbers and hashes.
#pragma once

#include <cstdint>
#include <vector>

namespace pxescope::responder {

class SlotIndex {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;

  // The slot under `hash` for which same(slot) holds, or kNone.
  template <typename Same>
  std::uint32_t find(std::uint64_t hash, Same&& same) const {
    if (entries_.empty()) return kNone;
    const std::uint32_t h = mix(hash);
    for (std::size_t i = h & mask();; i = (i + 1) & mask()) {
      const Entry& e = entries_[i];
      if (e.slot == kNone) return kNone;
      if (e.hash == h && same(e.slot)) return e.slot;
    }
  }
  // Adds `slot` under `hash` (the caller has checked it is not there yet).
  void insert(std::uint64_t hash, std::uint32_t slot);
  // Removes `slot` from under `hash`; false when it was not there.
  bool erase(std::uint64_t hash, std::uint32_t slot);
  std::size_t size() const { return used_; }
  void clear();  // keeps its memory

 private:
  struct Entry {
    std::uint32_t slot = kNone;
    std::uint32_t hash = 0;  // mixed: its home is hash & mask
  };
  // A full avalanche (murmur3's finaliser): callers' hashes may vary in any bits only.
  static std::uint32_t mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return static_cast<std::uint32_t>(h);
  }
  std::size_t mask() const { return entries_.size() - 1; }
  void place(Entry e);
  void grow();

  std::vector<Entry> entries_;  // a power of two long, at most 3/4 full
  std::size_t used_ = 0;
};

}  // namespace pxescope::responder
