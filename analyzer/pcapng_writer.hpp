// Writes frames to a pcapng file (libpcap 1.10 can only write classic pcap): one section,
// one interface per link type met, nanosecond timestamps, Enhanced Packet Blocks.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/frame.hpp"

namespace pxescope {

class PcapngWriter {
 public:
  // Creates (truncates) the file; false with error() naming the file and the reason.
  bool open(const std::string& path);
  bool write(const Frame& frame);
  // Flushes and closes; false if anything failed to reach the disk.
  bool close();
  const std::string& error() const { return error_; }

 private:
  bool write_block(std::uint32_t type, const std::vector<std::uint8_t>& body);
  std::uint32_t interface_for(std::uint32_t link_type);

  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::vector<std::uint32_t> link_types_;  // index = interface id
  std::vector<std::uint8_t> body_;         // reused block body
  std::string path_;
  std::string error_;
};

}  // namespace pxescope
