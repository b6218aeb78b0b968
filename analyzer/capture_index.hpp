// Random access to the frames of a capture file, for viewers of big captures: a first pass
// remembers only where each frame starts in the file (8 bytes a frame), then any frame can be
// read again on demand. Both go through CaptureReader; the offsets are where each record
// starts in the file (CaptureReader::tell/seek).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/frame.hpp"

namespace pxescope {

// Reads a file front to back, one frame at a time, reporting where each one starts.
class CaptureScanner {
 public:
  bool open(const std::string& path);  // false: error() names the file and the reason
  // Next frame and its file offset; false at the end (see reader().truncated()).
  bool next(Frame& frame, std::int64_t& offset);
  const std::string& error() const { return reader_.error(); }
  CaptureReader& reader() { return reader_; }

 private:
  friend class FrameFetcher;
  CaptureReader reader_;
};

// Re-reads single frames of a file at offsets a CaptureScanner reported.
class FrameFetcher {
 public:
  FrameFetcher() = default;
  // Takes the reader of a scanner that read its file to the end: it has seen every block, so
  // no seek walks the file again. A fresh pcapng reader walks every block before the first
  // offset past what it has seen (to learn the sections and interfaces): the last frame of a
  // 476 MB file cost a fresh reader 0.3–0.5 s, on the GUI thread when a viewer painted it.
  explicit FrameFetcher(CaptureScanner&& finished);
  bool open(const std::string& path);
  // Reads the frame at `offset` (whose 1-based number is `index`); `frame.data` stays valid
  // until the next call. False when the offset does not lead to a frame.
  bool read(std::int64_t offset, std::uint64_t index, Frame& frame);
  const std::string& error() const { return reader_.error(); }

 private:
  CaptureReader reader_;
};

}  // namespace pxescope
