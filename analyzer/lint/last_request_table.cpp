#include "analyzer/lint/last_request_table.hpp"

#include <algorithm>

namespace pxescope {

static_assert(LastRequestTable::kMaxClients < 0xffff, "record indexes are 16-bit");

std::size_t LastRequestTable::slot_of(std::uint64_t key) const {
  // Fibonacci hashing spreads MACs that differ in their last bytes only; linear probing.
  constexpr int kBits = 13;
  static_assert(std::size_t{1} << kBits == kSlots);
  for (std::size_t i = (key * 0x9E3779B97F4A7C15ull) >> (64 - kBits);; i = (i + 1) & (kSlots - 1))
    if (slots_[i] == 0 || records_[slots_[i] - 1u].key == key) return i;
}

void LastRequestTable::remember(std::uint64_t key, std::span<const std::uint8_t> payload) {
  if (slots_.empty()) slots_.assign(kSlots, 0);
  std::size_t slot = slot_of(key);
  if (slots_[slot] == 0) {
    if (used_ == kMaxClients) {
      clear();
      slot = slot_of(key);
    }
    if (used_ == records_.size()) records_.emplace_back();
    slots_[slot] = static_cast<std::uint16_t>(++used_);
    records_[used_ - 1].key = key;
  }
  records_[slots_[slot] - 1u].bytes.assign(payload.begin(), payload.end());
}

std::span<const std::uint8_t> LastRequestTable::find(std::uint64_t key) const {
  if (used_ == 0) return {};
  const std::uint16_t index = slots_[slot_of(key)];
  if (index == 0) return {};
  return records_[index - 1u].bytes;
}

void LastRequestTable::clear() {
  std::fill(slots_.begin(), slots_.end(), std::uint16_t{0});
  used_ = 0;
}

}  // namespace pxescope
