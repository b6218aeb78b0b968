// Reads frames from pcap files and live interfaces through libpcap (nanosecond precision
// kept), and pcapng files with PcapngReader (any mix of link types and sections). Never
// holds the file: one frame at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "analyzer/frame.hpp"

namespace pxescope {

class CaptureReader {
 public:
  CaptureReader();
  ~CaptureReader();
  CaptureReader(const CaptureReader&) = delete;
  CaptureReader& operator=(const CaptureReader&) = delete;
  // Moved whole, with what it learnt of the file (FrameFetcher takes a finished scan's).
  CaptureReader(CaptureReader&&) noexcept;
  CaptureReader& operator=(CaptureReader&&) noexcept;

  // Opens a pcap or pcapng file. On failure returns false and sets error() to one line
  // naming the file and the reason.
  bool open_file(const std::string& path);

  // Opens a live interface with a BPF filter (default_live_filter() if empty).
  // On a missing privilege, error() names the setcap command that fixes it.
  bool open_live(const std::string& iface, const std::string& bpf_filter = {}, int snaplen = 65535);

  // Live captures: replaces the BPF filter of the open interface (what `capture` does to
  // follow TFTP transfers to the ports they open). False, with error(), when it does not
  // compile or cannot be set; the old filter then stays.
  bool set_filter(const std::string& bpf_filter);

  // Next frame; false at the end of the file (or on a read error: see truncated()/error()).
  // For live captures waits up to timeout_ms and returns false with timed_out() set.
  bool next(Frame& frame, int timeout_ms = 250);

  // Files: where the next frame's record starts (-1 when unknown), and going back to a
  // position tell() reported (random access: capture_index).
  std::int64_t tell() const;
  bool seek(std::int64_t offset);

  bool timed_out() const;
  // The file ended inside a record: what was read is kept and decoded; error() says why.
  // For classic pcap files the partial last record is handed out too (as the last frame,
  // with cut_by_file_end set and original_length > data.size()); libpcap alone drops it.
  bool truncated() const;
  const std::string& error() const;
  std::uint64_t frames_read() const;
  // Link type of the capture (libpcap DLT value); a pcapng file's first interface's.
  std::uint32_t link_type() const;
  // Interrupt a blocking live next() from another thread or a signal handler.
  void break_loop();
  // The raw libpcap handle (nullptr for pcapng files, which libpcap does not read).
  void* pcap_handle() const;

  static const char* default_live_filter();  // "udp port 67 or 68 or 4011 or 69"

 private:
  struct Impl;
  static bool read_partial_record(Impl& s, std::string_view pcap_reason, Frame& frame);
  static bool open_pcapng(Impl& s, const std::string& path);
  static bool apply_filter(Impl& s, const std::string& filter);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pxescope
