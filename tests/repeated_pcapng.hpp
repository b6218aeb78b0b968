// A pcapng file of many frames for the reader tests: a real capture's frames over and over
// (PcapngWriter), big enough that a reader walking it goes past stdio's buffers, and a way to
// blank the blocks between two offsets (a reader that walks them fails; one that seeks does
// not).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "analyzer/capture_index.hpp"
#include "analyzer/capture_reader.hpp"
#include "analyzer/pcapng_writer.hpp"
#include "tests/test_captures.hpp"

namespace pxescope::test {

// Writes `count` frames to `out`; returns their bytes (empty on failure).
inline std::vector<std::vector<std::uint8_t>> write_repeated_pcapng(const std::string& out,
                                                                    std::size_t count) {
  std::vector<Frame> real;
  std::vector<std::vector<std::uint8_t>> real_bytes;
  CaptureReader reader;
  if (!reader.open_file(real_capture("ovmf-ipxe-proxydhcp.pcap"))) return {};
  Frame f;
  while (reader.next(f)) {
    real_bytes.emplace_back(f.data.begin(), f.data.end());
    real.push_back(f);
  }
  PcapngWriter writer;
  if (real.empty() || !writer.open(out)) return {};
  std::vector<std::vector<std::uint8_t>> written;
  for (std::size_t i = 0; i < count; ++i) {
    Frame frame = real[i % real.size()];
    frame.data = real_bytes[i % real.size()];
    if (!writer.write(frame)) return {};
    written.push_back(real_bytes[i % real.size()]);
  }
  return writer.close() ? written : std::vector<std::vector<std::uint8_t>>{};
}

// Where each frame starts: the offsets an opened scanner reports, read to the end.
inline std::vector<std::int64_t> scan_offsets(CaptureScanner& scanner) {
  std::vector<std::int64_t> offsets;
  Frame frame;
  std::int64_t offset = 0;
  while (scanner.next(frame, offset)) offsets.push_back(offset);
  return offsets;
}

// Overwrites [from, to) of the file with zeros; false on failure.
inline bool blank_bytes(const std::string& path, std::int64_t from, std::int64_t to) {
  std::FILE* file = std::fopen(path.c_str(), "r+b");
  if (!file) return false;
  const std::vector<std::uint8_t> zeros(static_cast<std::size_t>(to - from), 0);
  const bool ok = std::fseek(file, static_cast<long>(from), SEEK_SET) == 0 &&
                  std::fwrite(zeros.data(), 1, zeros.size(), file) == zeros.size();
  return std::fclose(file) == 0 && ok;
}

}  // namespace pxescope::test
