#include "analyzer/pcapng_writer.hpp"

#include <cerrno>
#include <cstring>
#include <string_view>

#include "analyzer/pcapng_format.hpp"

namespace pxescope {
namespace {

using namespace pcapng;
constexpr std::uint32_t kSnaplen = 262144;

// Blocks are written in host byte order; the byte-order magic tells readers which.
void put32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  const auto at = b.size();
  b.resize(at + 4);
  std::memcpy(b.data() + at, &v, 4);
}
void put16(std::vector<std::uint8_t>& b, std::uint16_t v) {
  const auto at = b.size();
  b.resize(at + 2);
  std::memcpy(b.data() + at, &v, 2);
}
void pad4(std::vector<std::uint8_t>& b) {
  b.resize((b.size() + 3) & ~std::size_t{3}, 0);
}

void put_option(std::vector<std::uint8_t>& b, std::uint16_t code, const void* data,
                std::size_t len) {
  put16(b, code);
  put16(b, static_cast<std::uint16_t>(len));
  const auto at = b.size();
  b.resize(at + len);
  if (len) std::memcpy(b.data() + at, data, len);
  pad4(b);
}

}  // namespace

bool PcapngWriter::open(const std::string& path) {
  close();
  path_ = path;
  error_.clear();
  link_types_.clear();
  file_.reset(std::fopen(path.c_str(), "wb"));
  if (!file_) {
    error_ = path + ": cannot create: " + std::strerror(errno);
    return false;
  }
  body_.clear();
  put32(body_, kByteOrderMagic);
  put16(body_, 1);            // major version
  put16(body_, 0);            // minor version
  put32(body_, 0xffffffffu);  // section length unknown (-1 as 64 bits)
  put32(body_, 0xffffffffu);
  constexpr std::string_view kApp = "pxescope";
  put_option(body_, kShbUserAppl, kApp.data(), kApp.size());
  put_option(body_, kOptEnd, nullptr, 0);
  return write_block(kSectionHeader, body_);
}

std::uint32_t PcapngWriter::interface_for(std::uint32_t link_type) {
  for (std::size_t i = 0; i < link_types_.size(); ++i)
    if (link_types_[i] == link_type) return static_cast<std::uint32_t>(i);
  body_.clear();
  put16(body_, static_cast<std::uint16_t>(link_type));
  put16(body_, 0);  // reserved
  put32(body_, kSnaplen);
  const std::uint8_t nanoseconds = 9;  // if_tsresol: 10^-9 s
  put_option(body_, kIfTsresol, &nanoseconds, 1);
  put_option(body_, kOptEnd, nullptr, 0);
  write_block(kInterfaceDescription, body_);
  link_types_.push_back(link_type);
  return static_cast<std::uint32_t>(link_types_.size() - 1);
}

bool PcapngWriter::write(const Frame& frame) {
  if (!file_) return false;
  const std::uint32_t interface = interface_for(frame.link_type);
  const std::uint64_t ts =
      frame.ts_sec < 0 ? 0
                       : static_cast<std::uint64_t>(frame.ts_sec) * 1000000000ull + frame.ts_nsec;
  const auto captured = static_cast<std::uint32_t>(frame.data.size());
  const std::uint32_t original =
      frame.original_length > captured ? frame.original_length : captured;
  body_.clear();
  put32(body_, interface);
  put32(body_, static_cast<std::uint32_t>(ts >> 32));
  put32(body_, static_cast<std::uint32_t>(ts));
  put32(body_, captured);
  put32(body_, original);
  const auto at = body_.size();
  body_.resize(at + captured);
  if (captured) std::memcpy(body_.data() + at, frame.data.data(), captured);
  pad4(body_);
  return write_block(kEnhancedPacket, body_);
}

bool PcapngWriter::write_block(std::uint32_t type, const std::vector<std::uint8_t>& body) {
  if (!file_) return false;
  const auto total = static_cast<std::uint32_t>(body.size() + 12);
  const std::uint32_t head[2] = {type, total};
  std::FILE* f = file_.get();
  if (std::fwrite(head, 4, 2, f) != 2 ||
      (!body.empty() && std::fwrite(body.data(), 1, body.size(), f) != body.size()) ||
      std::fwrite(&total, 4, 1, f) != 1) {
    if (error_.empty()) error_ = path_ + ": write failed: " + std::strerror(errno);
    return false;
  }
  return true;
}

bool PcapngWriter::close() {
  if (!file_) return error_.empty();
  std::FILE* f = file_.release();
  const bool ok = std::fflush(f) == 0 && !std::ferror(f);
  const bool closed = std::fclose(f) == 0;
  if ((!ok || !closed) && error_.empty())
    error_ = path_ + ": write failed: " + std::strerror(errno);
  return ok && closed && error_.empty();
}

}  // namespace pxescope
