#include "responder/slot_index.hpp"

#include <algorithm>

namespace pxescope::responder {

void SlotIndex::place(Entry e) {
  std::size_t i = e.hash & mask();
  while (entries_[i].slot != kNone) i = (i + 1) & mask();
  entries_[i] = e;
}

void SlotIndex::grow() {
  std::vector<Entry> old(entries_.empty() ? 64 : entries_.size() * 2);
  old.swap(entries_);
  for (const Entry& e : old)
    if (e.slot != kNone) place(e);
}

void SlotIndex::insert(std::uint64_t hash, std::uint32_t slot) {
  if ((used_ + 1) * 4 > entries_.size() * 3) grow();
  place({slot, mix(hash)});
  ++used_;
}

void SlotIndex::clear() {
  std::fill(entries_.begin(), entries_.end(), Entry{});
  used_ = 0;
}

bool SlotIndex::erase(std::uint64_t hash, std::uint32_t slot) {
  if (entries_.empty()) return false;
  std::size_t i = mix(hash) & mask();
  while (entries_[i].slot != slot) {
    if (entries_[i].slot == kNone) return false;
    i = (i + 1) & mask();
  }
  // Backward shift: each later entry of the run moves into the hole when its home is not
  // between the hole and itself, so every entry stays reachable from its home.
  for (std::size_t j = (i + 1) & mask(); entries_[j].slot != kNone; j = (j + 1) & mask()) {
    const std::size_t home = entries_[j].hash & mask();
    if (((j - home) & mask()) >= ((j - i) & mask())) {
      entries_[i] = entries_[j];
      i = j;
    }
  }
  entries_[i] = Entry{};
  --used_;
  return true;
}

}  // namespace pxescope::responder
