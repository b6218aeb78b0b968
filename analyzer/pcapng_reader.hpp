// pcapng read by pxescope itself: libpcap refuses files whose interfaces have different link
// types, and files of several sections (mergecap, Wireshark's "save as"), which tshark reads.
// Section headers (both byte orders, any number), interface descriptions (link type, snap
// length, if_tsresol, if_tsoffset), enhanced, simple and obsolete packet blocks; any other
// block is skipped. Frames are numbered like tshark: every packet block counts, in order.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "analyzer/frame.hpp"

namespace pxescope {

class PcapngReader {
 public:
  // `file` is positioned at the start of the file and stays the caller's; `name` is for
  // messages. False (with error() set) when the file does not start with a section header.
  bool open(std::FILE* file, const std::string& name);
  // The next packet (index not set: the caller numbers frames). False at the end of the
  // file, or on a damaged/truncated block: see error() and truncated().
  bool next(Frame& frame);
  // Where the next block starts, and going back (or forward) to a block start that tell()
  // reported; the sections and interfaces up to there are learnt on the way if needed.
  std::int64_t tell() const { return offset_; }
  bool seek(std::int64_t offset);

  bool truncated() const { return truncated_; }
  const std::string& error() const { return error_; }
  // Link type of the first interface (what a one-link-type file has throughout).
  std::uint32_t first_link_type() const;

 private:
  struct Interface {
    std::uint32_t link_type = 0;
    std::uint32_t snap_length = 0;
    bool binary_resolution = false;   // if_tsresol: 2^-exponent instead of 10^-exponent
    std::uint8_t exponent = 6;        // microseconds unless if_tsresol says otherwise
    std::int64_t offset_seconds = 0;  // if_tsoffset
  };
  struct Section {
    std::int64_t start = 0;
    bool swapped = false;
    std::vector<Interface> interfaces;
  };
  // Reads the block at offset_ into body_ (type and body without the 8-byte header and the
  // trailing length); false at a clean end of file or on an error.
  bool read_block(std::uint32_t& type);
  bool enter_section(std::int64_t offset);
  void on_interface();
  bool packet(std::uint32_t type, Frame& frame);
  std::uint32_t u32(std::size_t at) const;
  std::uint16_t u16(std::size_t at) const;
  void set_time(const Interface& i, std::uint64_t units, Frame& frame) const;
  bool fail(const std::string& what);

  std::FILE* file_ = nullptr;
  std::string name_;
  std::int64_t offset_ = 0;        // start of the next block
  std::int64_t learnt_until_ = 0;  // blocks before this offset were seen (sections known)
  std::vector<Section> sections_;  // in file order
  std::size_t current_ = 0;        // index into sections_
  std::vector<std::uint8_t> body_;
  std::uint64_t packets_ = 0;  // packet blocks read in order (for messages)
  bool truncated_ = false;
  std::string error_;
};

}  // namespace pxescope
