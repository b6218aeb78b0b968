#include "analyzer/capture_index.hpp"

#include <cstdio>
#include <string>

#include "analyzer/pcap_api.hpp"

namespace pxescope {
namespace {

std::FILE* file_of(const CaptureReader& reader) {
  auto* handle = static_cast<pcap_t*>(reader.pcap_handle());
  std::string unused;  // an open handle means libpcap is loaded
  const PcapApi* api = handle ? pcap_api(unused) : nullptr;
  return api ? api->pcap_file(handle) : nullptr;
}

}  // namespace

bool CaptureScanner::open(const std::string& path) {
  if (!reader_.open_file(path)) return false;
  file_ = file_of(reader_);
  return true;
}

bool CaptureScanner::next(Frame& frame, std::int64_t& offset) {
  auto* file = static_cast<std::FILE*>(file_);
  offset = file ? static_cast<std::int64_t>(std::ftell(file)) : -1;
  return reader_.next(frame);
}

bool FrameFetcher::open(const std::string& path) {
  if (!reader_.open_file(path)) return false;
  file_ = file_of(reader_);
  return true;
}

bool FrameFetcher::read(std::int64_t offset, std::uint64_t index, Frame& frame) {
  auto* file = static_cast<std::FILE*>(file_);
  if (!file || offset < 0 || std::fseek(file, static_cast<long>(offset), SEEK_SET) != 0)
    return false;
  if (!reader_.next(frame)) return false;
  frame.index = index;
  return true;
}

}  // namespace pxescope
