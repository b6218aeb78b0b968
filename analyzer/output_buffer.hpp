// A growable output buffer that writers put bytes straight into. Unlike std::string (which
// zero-fills on every resize before C++23's resize_and_overwrite), its store only grows and
// is never cleared, so `analyze --json` writes each packet's JSON once, into the bytes that
// go to the output, instead of building it aside and copying it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <vector>

namespace pxescope {

class OutputBuffer {
 public:
  std::string_view view() const { return {store_.data(), used_}; }
  const char* data() const { return store_.data(); }
  std::size_t size() const { return used_; }
  bool empty() const { return used_ == 0; }
  void clear() { used_ = 0; }
  void append(std::string_view s) {
    make_room(s.size());
    std::memcpy(end(), s.data(), s.size());
    used_ += s.size();
  }
  void append(const char* b, const char* e) {
    append(std::string_view(b, static_cast<std::size_t>(e - b)));
  }

  // Direct writing: make room for n more bytes, write from end() up to at most limit(),
  // then commit(the end of what was written).
  void make_room(std::size_t n) {
    if (store_.size() - used_ < n) store_.resize(std::max({store_.size() * 2, used_ + n, kMin}));
  }
  char* end() { return store_.data() + used_; }
  char* limit() { return store_.data() + store_.size(); }
  void commit(const char* written_end) {
    used_ = static_cast<std::size_t>(written_end - store_.data());
  }

 private:
  static constexpr std::size_t kMin = 4096;
  std::vector<char> store_;  // resized only to grow; bytes past used_ are scratch
  std::size_t used_ = 0;
};

}  // namespace pxescope
