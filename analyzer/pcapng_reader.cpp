#include "analyzer/pcapng_reader.hpp"

#include <algorithm>

#include "analyzer/pcapng_format.hpp"

namespace pxescope {
namespace {

using namespace pcapng;
// No real block comes near this; a bigger length is a damaged file, not a reason to allocate.
constexpr std::uint32_t kMaxBlockLength = 64u << 20;
constexpr std::size_t kFirstReadStep = 64u << 10;  // covers every ordinary packet block

std::uint32_t load32(const std::uint8_t* p, bool swapped) {
  return swapped ? (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                       (std::uint32_t{p[2]} << 8) | p[3]
                 : std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
                       (std::uint32_t{p[3]} << 24);
}

std::uint64_t power_of_ten(unsigned exponent) {
  std::uint64_t v = 1;
  while (exponent--) v *= 10;
  return v;
}

}  // namespace

bool PcapngReader::open(std::FILE* file, const std::string& name) {
  file_ = file;
  name_ = name;
  std::uint8_t magic[4] = {};
  const bool ok = std::fread(magic, 1, 4, file_) == 4 && load32(magic, false) == kSectionHeader;
  std::fseek(file_, 0, SEEK_SET);
  if (!ok) return fail("not a pcapng file (no section header block at its start)");
  // Learn the first interface now, so that link_type() is known before the first frame.
  std::uint32_t type = 0;
  while (read_block(type)) {
    if (type == kInterfaceDescription) on_interface();
    learnt_until_ = offset_;
    if (type == kInterfaceDescription || type == kEnhancedPacket || type == kSimplePacket ||
        type == kObsoletePacket)
      break;
  }
  if (!error_.empty() && !truncated_) return false;
  error_.clear();
  truncated_ = false;
  return seek(0);
}

bool PcapngReader::fail(const std::string& what) {
  error_ = name_ + ": " + what;
  return false;
}

std::uint32_t PcapngReader::u32(std::size_t at) const {
  return load32(body_.data() + at, sections_[current_].swapped);
}
std::uint16_t PcapngReader::u16(std::size_t at) const {
  const std::uint8_t* p = body_.data() + at;
  return sections_[current_].swapped ? static_cast<std::uint16_t>((p[0] << 8) | p[1])
                                     : static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

std::uint32_t PcapngReader::first_link_type() const {
  return sections_.empty() || sections_[0].interfaces.empty()
             ? 0
             : sections_[0].interfaces[0].link_type;
}

bool PcapngReader::read_block(std::uint32_t& type) {
  std::uint8_t header[12];
  const std::size_t got = std::fread(header, 1, 8, file_);
  if (got == 0) return false;  // the end, between blocks
  const auto truncated = [this] {
    truncated_ = true;
    return fail("file truncated after frame " + std::to_string(packets_) +
                " (a pcapng block is cut short); the frames before it were decoded");
  };
  if (got < 8) return truncated();
  const bool is_section = load32(header, false) == kSectionHeader;
  std::size_t have = 8;
  if (is_section) {  // its byte-order magic says how to read everything else, its length too
    if (std::fread(header + 8, 1, 4, file_) != 4) return truncated();
    have = 12;
    const bool swapped = load32(header + 8, false) != kByteOrderMagic;
    if (swapped && load32(header + 8, true) != kByteOrderMagic)
      return fail("damaged pcapng section header at byte " + std::to_string(offset_));
    const bool known =
        std::ranges::any_of(sections_, [this](const Section& s) { return s.start == offset_; });
    if (!known) sections_.push_back({offset_, swapped, {}});
    current_ = static_cast<std::size_t>(std::ranges::find(sections_, offset_, &Section::start) -
                                        sections_.begin());
  }
  if (sections_.empty()) return fail("pcapng block before any section header");
  const bool swapped = sections_[current_].swapped;
  type = load32(header, swapped);
  const std::uint32_t length = load32(header + 4, swapped);
  if (length < 12 || length % 4 != 0 || length > kMaxBlockLength || length < have + 4)
    return fail("damaged pcapng block at byte " + std::to_string(offset_) + " (length " +
                std::to_string(length) + ")");
  // body_: what follows the 8-byte header, without the trailing length copy. Read in steps
  // that at most double what has arrived, so a damaged or cut file claiming a 64 MB block
  // costs memory only for the bytes it really holds.
  const std::size_t want = length - 12;
  std::size_t filled = have - 8;
  body_.resize(filled);
  std::copy(header + 8, header + have, body_.begin());
  while (filled < want) {
    const std::size_t step = std::min(want - filled, std::max(kFirstReadStep, filled));
    body_.resize(filled + step);
    if (std::fread(body_.data() + filled, 1, step, file_) != step) return truncated();
    filled += step;
  }
  std::uint8_t trailer[4];
  if (std::fread(trailer, 1, 4, file_) != 4) return truncated();
  offset_ += length;
  return true;
}

void PcapngReader::on_interface() {
  if (offset_ <= learnt_until_) return;  // read again after a seek: already known
  Interface i;
  if (body_.size() >= 8) {
    i.link_type = u16(0);
    i.snap_length = u32(4);
  }
  for (std::size_t at = 8; at + 4 <= body_.size();) {
    const std::uint16_t code = u16(at), length = u16(at + 2);
    if (code == kOptEnd || at + 4 + length > body_.size()) break;
    if (code == kIfTsresol && length >= 1) {
      i.binary_resolution = (body_[at + 4] & 0x80) != 0;
      i.exponent = std::min<std::uint8_t>(body_[at + 4] & 0x7f, i.binary_resolution ? 63 : 19);
    } else if (code == kIfTsoffset && length >= 8) {
      const bool swapped = sections_[current_].swapped;
      const std::uint64_t first = u32(at + 4), second = u32(at + 8);
      i.offset_seconds =
          static_cast<std::int64_t>(swapped ? (first << 32) | second : (second << 32) | first);
    }
    at += 4 + ((length + 3u) & ~3u);
  }
  sections_[current_].interfaces.push_back(i);
}

void PcapngReader::set_time(const Interface& i, std::uint64_t units, Frame& frame) const {
  std::uint64_t seconds = 0, nanoseconds = 0;
  if (i.binary_resolution) {
    seconds = units >> i.exponent;
    const std::uint64_t fraction = units & ((std::uint64_t{1} << i.exponent) - 1);
    nanoseconds = static_cast<std::uint64_t>(
        (static_cast<unsigned __int128>(fraction) * 1000000000u) >> i.exponent);
  } else {
    const std::uint64_t per_second = power_of_ten(i.exponent);
    seconds = units / per_second;
    const std::uint64_t fraction = units % per_second;
    nanoseconds = i.exponent <= 9 ? fraction * power_of_ten(9 - i.exponent)
                                  : fraction / power_of_ten(i.exponent - 9);
  }
  // Added modulo 2^64, as tshark's time_t arithmetic wraps: a signed overflow (an
  // if_tsoffset near the end of time) would be undefined.
  frame.ts_sec = static_cast<std::int64_t>(seconds + static_cast<std::uint64_t>(i.offset_seconds));
  frame.ts_nsec = static_cast<std::uint32_t>(nanoseconds);
}

bool PcapngReader::packet(std::uint32_t type, Frame& frame) {
  const std::vector<Interface>& interfaces = sections_[current_].interfaces;
  const std::size_t fixed = type == kSimplePacket ? 4 : 20;
  if (body_.size() < fixed)
    return fail("damaged pcapng packet block at byte " +
                std::to_string(offset_ - 12 - body_.size()));
  const std::uint32_t interface_id = type == kEnhancedPacket   ? u32(0)
                                     : type == kObsoletePacket ? u16(0)
                                                               : 0;
  if (interface_id >= interfaces.size())
    return fail("packet block " + std::to_string(packets_ + 1) + " names interface " +
                std::to_string(interface_id) + ", which its section does not describe");
  const Interface& i = interfaces[interface_id];
  std::uint32_t captured = 0;
  if (type == kSimplePacket) {
    frame.original_length = u32(0);
    captured = frame.original_length;
    if (i.snap_length != 0) captured = std::min(captured, i.snap_length);
    frame.ts_sec = 0;
    frame.ts_nsec = 0;
  } else {
    set_time(i, (std::uint64_t{u32(4)} << 32) | u32(8), frame);
    captured = u32(12);
    frame.original_length = u32(16);
  }
  captured = static_cast<std::uint32_t>(std::min<std::size_t>(captured, body_.size() - fixed));
  frame.data = {body_.data() + fixed, captured};
  frame.link_type = i.link_type;
  frame.cut_by_file_end = false;
  ++packets_;
  return true;
}

bool PcapngReader::next(Frame& frame) {
  std::uint32_t type = 0;
  while (read_block(type)) {
    const bool first_time = offset_ > learnt_until_;
    if (type == kInterfaceDescription) on_interface();
    if (first_time) learnt_until_ = offset_;
    if (type == kEnhancedPacket || type == kSimplePacket || type == kObsoletePacket)
      return packet(type, frame);
  }
  return false;
}

bool PcapngReader::seek(std::int64_t offset) {
  if (offset < 0) return false;
  if (offset > learnt_until_) {
    // Learn the sections and interfaces on the way (FrameFetcher opens a fresh reader), in
    // the section learnt_until_ is in: not the one of the last seek.
    if (!enter_section(learnt_until_) ||
        std::fseek(file_, static_cast<long>(learnt_until_), SEEK_SET) != 0)
      return false;
    offset_ = learnt_until_;
    std::uint32_t type = 0;
    while (offset_ < offset && read_block(type)) {
      if (type == kInterfaceDescription) on_interface();
      learnt_until_ = std::max(learnt_until_, offset_);
    }
    if (offset_ != offset) return false;
  }
  if (!enter_section(offset)) return false;
  if (std::fseek(file_, static_cast<long>(offset), SEEK_SET) != 0) return false;
  offset_ = offset;
  return true;
}

// The section a block at `offset` belongs to: the last one starting at or before it.
bool PcapngReader::enter_section(std::int64_t offset) {
  const auto after = std::ranges::upper_bound(sections_, offset, {}, &Section::start);
  if (after == sections_.begin()) return false;
  current_ = static_cast<std::size_t>(after - sections_.begin() - 1);
  return true;
}

}  // namespace pxescope
