#include "analyzer/capture_index.hpp"

#include <utility>

namespace pxescope {

bool CaptureScanner::open(const std::string& path) {
  return reader_.open_file(path);
}

bool CaptureScanner::next(Frame& frame, std::int64_t& offset) {
  offset = reader_.tell();
  return reader_.next(frame);
}

FrameFetcher::FrameFetcher(CaptureScanner&& finished) : reader_(std::move(finished.reader_)) {}

bool FrameFetcher::open(const std::string& path) {
  return reader_.open_file(path);
}

bool FrameFetcher::read(std::int64_t offset, std::uint64_t index, Frame& frame) {
  if (!reader_.seek(offset) || !reader_.next(frame)) return false;
  frame.index = index;
  return true;
}

}  // namespace pxescope
