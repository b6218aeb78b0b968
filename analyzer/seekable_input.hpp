// A capture is read once. stdin ("-"), pipes and process substitutions (`<(zcat x.pcap.gz)`)
// cannot be opened a second time or rewound, yet a file is opened more than once (libpcap,
// the format sniff, the partial last record of a truncated file). Such inputs are copied once
// into an anonymous in-memory file, whose /proc/self/fd path opens again like any file.
#pragma once

#include <string>

namespace pxescope {

class SeekableInput {
 public:
  SeekableInput() = default;
  ~SeekableInput();
  SeekableInput(const SeekableInput&) = delete;
  SeekableInput& operator=(const SeekableInput&) = delete;

  // `path` as the user gave it ("-" is stdin). Regular files are used in place. False with
  // `error` set (one line naming the input) when a stream cannot be read.
  bool open(const std::string& path, std::string& error);
  // A path that can be opened as often as needed.
  const std::string& path() const { return path_; }

 private:
  int memory_fd_ = -1;
  std::string path_;
};

}  // namespace pxescope
