// A list that keeps its first N items inline and spills to the heap only past them: the
// read model's storage, so that reading an ordinary DHCP message allocates nothing, not
// even the first time (the summary path's "never allocates" target), while a message with
// hundreds of options still reads whole. Items stay contiguous: once spilled, all of them
// live in the heap vector.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <vector>

namespace pxescope::dhcp {

template <class T, std::size_t N>
class InlineList {
 public:
  void clear() {
    size_ = 0;
    spill_.clear();
  }
  void push_back(const T& item) {
    if (size_ < N) {
      inline_[size_++] = item;
      return;
    }
    if (size_ == N) spill_.assign(inline_.begin(), inline_.end());
    spill_.push_back(item);
    ++size_;
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return size_ <= N ? inline_.data() : spill_.data(); }
  const T* data() const { return size_ <= N ? inline_.data() : spill_.data(); }
  T& operator[](std::size_t i) { return data()[i]; }
  const T& operator[](std::size_t i) const { return data()[i]; }
  T* begin() { return data(); }
  T* end() { return data() + size_; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size_; }
  operator std::span<const T>() const { return {data(), size_}; }

 private:
  std::size_t size_ = 0;
  std::array<T, N> inline_{};
  std::vector<T> spill_;
};

}  // namespace pxescope::dhcp
