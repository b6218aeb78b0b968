#include "gui/frame_source.hpp"

namespace pxescope::gui {

bool FileFrameSource::read(std::uint64_t number, Frame& out) {
  if (failed_ || number == 0 || number > offsets_.size()) return false;
  if (!fetcher_) {
    fetcher_ = std::make_unique<FrameFetcher>();
    if (!fetcher_->open(path_)) {
      failed_ = true;
      return false;
    }
  }
  return fetcher_->read(offsets_[number - 1], number, out);
}

bool read_stored_frame(const std::vector<StoredFrame>& frames, std::uint64_t number, Frame& out) {
  if (number == 0 || number > frames.size()) return false;
  const StoredFrame& f = frames[number - 1];
  out.index = number;
  out.ts_sec = f.ts_sec;
  out.ts_nsec = f.ts_nsec;
  out.original_length = f.original_length;
  out.link_type = f.link_type;
  out.data = f.bytes;
  return true;
}

}  // namespace pxescope::gui
