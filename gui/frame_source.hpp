// A snapshot of the packet list for a background job (find, sort): its own way to read the
// frames again and its own copy of the dissector (which knows the file's TFTP transfers), so
// that the job never shares state with the GUI thread. The model makes it (make_job_input).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/capture_index.hpp"
#include "analyzer/frame.hpp"
#include "analyzer/lint/lint_index.hpp"
#include "analyzer/packet_dissector.hpp"

namespace pxescope::gui {

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  // Frame `number` (1-based); its data stays valid until the next read.
  virtual bool read(std::uint64_t number, Frame& out) = 0;
};

// Frames of a capture file, at the offsets the index found.
class FileFrameSource : public FrameSource {
 public:
  FileFrameSource(std::string path, std::vector<std::int64_t> offsets)
      : path_(std::move(path)), offsets_(std::move(offsets)) {}
  bool read(std::uint64_t number, Frame& out) override;

 private:
  std::string path_;
  std::vector<std::int64_t> offsets_;
  std::unique_ptr<FrameFetcher> fetcher_;  // opened on the job's thread, at the first read
  bool failed_ = false;
};

// A frame kept in memory (live capture), and reading it back as a Frame.
struct StoredFrame {
  std::int64_t ts_sec = 0;
  std::uint32_t ts_nsec = 0, original_length = 0, link_type = 1;
  std::vector<std::uint8_t> bytes;
};
bool read_stored_frame(const std::vector<StoredFrame>& frames, std::uint64_t number, Frame& out);

// Frames held in memory (a live capture), copied for the job.
class MemoryFrameSource : public FrameSource {
 public:
  explicit MemoryFrameSource(std::vector<StoredFrame> frames) : frames_(std::move(frames)) {}
  bool read(std::uint64_t number, Frame& out) override {
    return read_stored_frame(frames_, number, out);
  }

 private:
  std::vector<StoredFrame> frames_;
};

struct JobInput {
  std::unique_ptr<FrameSource> source;
  std::shared_ptr<PacketDissector> dissector;  // a copy: the job's own
  std::vector<std::uint32_t> rows;             // 0-based frame indices, in the list's row order
  std::int64_t first_ns = 0;                   // time of frame 1 (frame.time_relative)
  // The offer linter's findings (a copy: the job's own), put on each tree as on the rows.
  std::shared_ptr<const LintIndex> lint;
};

}  // namespace pxescope::gui
