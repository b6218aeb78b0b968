#include "analyzer/stats/capture_pass.hpp"

#include "analyzer/capture_reader.hpp"
#include "analyzer/packet_dissector.hpp"

namespace pxescope {

bool read_capture_frames(const std::string& path, const std::function<void(const Frame&)>& on_frame,
                         std::string& error, const std::atomic<bool>* cancel) {
  CaptureReader reader;
  if (!reader.open_file(path)) {
    error = reader.error();
    return false;
  }
  Frame frame;
  while (reader.next(frame)) {
    if (cancel && cancel->load(std::memory_order_relaxed)) {
      error = "cancelled";
      return false;
    }
    on_frame(frame);
  }
  return true;
}

bool read_dissected_frames(const std::string& path,
                           const std::function<void(const Frame&, const FieldTree&)>& on_frame,
                           std::string& error, const std::atomic<bool>* cancel) {
  PacketDissector dissector;
  FieldTree tree;
  tree.set_info_wanted(false);  // the statistics read fields, never the Info column
  return read_capture_frames(
      path,
      [&](const Frame& frame) {
        dissector.dissect(frame, tree);
        on_frame(frame, tree);
      },
      error, cancel);
}

}  // namespace pxescope
