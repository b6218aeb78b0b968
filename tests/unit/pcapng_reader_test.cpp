// pcapng read by pxescope itself (libpcap refuses these files; tshark is the oracle): several
// interfaces of different link types (mergecap), several sections (files concatenated), big-
// and little-endian sections, if_tsresol in powers of ten and of two, simple and obsolete
// packet blocks, and random access across sections (what the GUI does).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/capture_index.hpp"
#include "analyzer/capture_reader.hpp"
#include "unit/allocation_counter.hpp"
#include "unit/packet_test_support.hpp"

namespace fs = std::filesystem;
using namespace pxescope;
using namespace pxescope::testing;

namespace {

const fs::path kSource = PXESCOPE_SOURCE_DIR;

struct Seen {
  std::uint64_t index;
  std::string time;  // "sec.nnnnnnnnn" as tshark's frame.time_epoch
  std::uint32_t length, captured, link_type;
  Bytes data;
};

std::string epoch(std::int64_t sec, std::uint32_t nsec) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld.%09u", static_cast<long long>(sec), nsec);
  return buf;
}

std::vector<Seen> read_all(const fs::path& file) {
  CaptureReader reader;
  EXPECT_TRUE(reader.open_file(file.string())) << reader.error();
  std::vector<Seen> seen;
  Frame f;
  while (reader.next(f))
    seen.push_back({f.index, epoch(f.ts_sec, f.ts_nsec), f.original_length,
                    static_cast<std::uint32_t>(f.data.size()), f.link_type,
                    Bytes(f.data.begin(), f.data.end())});
  EXPECT_TRUE(reader.error().empty()) << reader.error();
  return seen;
}

// tshark's frame number, time, length and captured length of every frame, one row each.
std::vector<std::string> tshark_frames(const fs::path& file) {
  return lines(run_command("tshark -r " + file.string() +
                           " -T fields -e frame.number -e frame.time_epoch -e frame.len "
                           "-e frame.cap_len 2>/dev/null"));
}

// `with_time`: false for files with simple packet blocks, which have no time (tshark: empty).
void expect_frames_match_tshark(const fs::path& file, std::size_t at_least, bool with_time = true) {
  const std::vector<Seen> ours = read_all(file);
  const std::vector<std::string> theirs = tshark_frames(file);
  ASSERT_GE(theirs.size(), at_least);
  ASSERT_EQ(ours.size(), theirs.size());
  for (std::size_t i = 0; i < ours.size(); ++i) {
    const Seen& s = ours[i];
    const auto cells = split(theirs[i], '\t');
    ASSERT_EQ(cells.size(), 4u) << theirs[i];
    EXPECT_EQ(std::to_string(s.index), cells[0]);
    if (with_time) {
      EXPECT_EQ(s.time, cells[1]) << "frame " << s.index;
    }
    EXPECT_EQ(std::to_string(s.length), cells[2]) << "frame " << s.index;
    EXPECT_EQ(std::to_string(s.captured), cells[3]) << "frame " << s.index;
  }
}

class PcapngReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pxescope-pcapng-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// A pcapng block writer in either byte order.
class BlockWriter {
 public:
  explicit BlockWriter(bool big_endian) : big_(big_endian) {}
  void u16(std::uint16_t v) {
    if (big_)
      put16(b_, v);
    else
      b_.insert(b_.end(), {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8)});
  }
  void u32(std::uint32_t v) {
    if (big_) {
      put32(b_, v);
    } else {
      u16(static_cast<std::uint16_t>(v));
      u16(static_cast<std::uint16_t>(v >> 16));
    }
  }
  void block(std::uint32_t type, const Bytes& body) {
    const auto total = static_cast<std::uint32_t>(12 + ((body.size() + 3) & ~std::size_t{3}));
    u32(type);
    u32(total);
    append(b_, body);
    b_.resize(b_.size() + (total - 12 - body.size()), 0);
    u32(total);
  }
  Bytes body(const std::function<void(BlockWriter&)>& fill) const {
    BlockWriter w(big_);
    fill(w);
    return w.b_;
  }
  void bytes(const Bytes& more) { append(b_, more); }
  const Bytes& data() const { return b_; }

 private:
  bool big_;
  Bytes b_;
};

void write_file(const fs::path& path, const Bytes& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

// One section: header, one interface (link type, if_tsresol byte or none), then `packets`.
Bytes section(bool big_endian, std::uint16_t link_type, int tsresol,
              const std::function<void(BlockWriter&)>& packets) {
  BlockWriter w(big_endian);
  w.block(0x0A0D0D0A, w.body([](BlockWriter& b) {
    b.u32(0x1A2B3C4D);
    b.u16(1);
    b.u16(0);
    b.u32(0xffffffff);
    b.u32(0xffffffff);
  }));
  w.block(1, w.body([&](BlockWriter& b) {
    b.u16(link_type);
    b.u16(0);
    b.u32(0);  // no snap length
    if (tsresol >= 0) {
      b.u16(9);
      b.u16(1);
      b.bytes({static_cast<std::uint8_t>(tsresol), 0, 0, 0});
    }
    b.u16(0);
    b.u16(0);
  }));
  packets(w);
  return w.data();
}

// Each capture made a pcapng section (editcap), the sections one after another in one file.
void write_sections(const fs::path& out, const fs::path& scratch,
                    const std::vector<std::string>& names) {
  std::string bytes;
  for (const std::string& name : names) {
    const fs::path converted = scratch / (name + ".pcapng");
    run_command("editcap -F pcapng " + (kSource / "captures/stories" / name).string() + " " +
                converted.string());
    std::ifstream in(converted, std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(in), {});
  }
  std::ofstream(out, std::ios::binary) << bytes;
}

}  // namespace

TEST_F(PcapngReaderTest, InterfacesOfDifferentLinkTypesMatchTshark) {
  if (!have_tool("mergecap") || !have_tool("tshark")) GTEST_SKIP() << "mergecap/tshark missing";
  const fs::path merged = dir_ / "merged.pcapng";
  run_command("mergecap -F pcapng -w " + merged.string() + " " +
              (kSource / "captures/generated/linux-sll.pcap").string() + " " +
              (kSource / "captures/real/seabios-ipxe-proxydhcp.pcap").string());
  expect_frames_match_tshark(merged, 20);
  std::set<std::uint32_t> link_types;
  for (const Seen& s : read_all(merged)) link_types.insert(s.link_type);
  EXPECT_EQ(link_types, (std::set<std::uint32_t>{1, 113}));
}

TEST_F(PcapngReaderTest, SeveralSectionsAreReadCompletelyWithTsharksFrameNumbers) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark missing";
  if (!have_tool("editcap")) GTEST_SKIP() << "editcap missing";
  const fs::path joined = dir_ / "sections.pcapng";
  write_sections(joined, dir_, {"bios-no-tftp.pcap", "bios-booted.pcap", "uefi-wrong-arch.pcap"});
  expect_frames_match_tshark(joined, 100);
}

TEST_F(PcapngReaderTest, ByteOrdersResolutionsAndOldPacketBlocks) {
  const Bytes frame = ethernet(ipv4_udp(0, 0xffffffff, 68, 67, pxe_discover()));
  // Big-endian, 2^-20 s units: 1700000000.5 s is 1700000000 << 20 | 1 << 19.
  Bytes bytes = section(true, 1, 0x80 | 20, [&](BlockWriter& w) {
    const std::uint64_t units = (std::uint64_t{1700000000} << 20) | (1u << 19);
    w.block(6, w.body([&](BlockWriter& b) {
      b.u32(0);
      b.u32(static_cast<std::uint32_t>(units >> 32));
      b.u32(static_cast<std::uint32_t>(units));
      b.u32(static_cast<std::uint32_t>(frame.size()));
      b.u32(static_cast<std::uint32_t>(frame.size()));
      b.bytes(frame);
    }));
  });
  // Little-endian, default microseconds: a simple packet block (no time), an obsolete one.
  append(bytes, section(false, 1, -1, [&](BlockWriter& w) {
           w.block(3, w.body([&](BlockWriter& b) {
             b.u32(static_cast<std::uint32_t>(frame.size()));
             b.bytes(frame);
           }));
           w.block(2, w.body([&](BlockWriter& b) {
             b.u16(0);
             b.u16(0);
             const std::uint64_t us = 1700000001000002ull;
             b.u32(static_cast<std::uint32_t>(us >> 32));
             b.u32(static_cast<std::uint32_t>(us));
             b.u32(static_cast<std::uint32_t>(frame.size()));
             b.u32(static_cast<std::uint32_t>(frame.size()));
             b.bytes(frame);
           }));
         }));
  const fs::path file = dir_ / "orders.pcapng";
  write_file(file, bytes);
  const std::vector<Seen> seen = read_all(file);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].time, "1700000000.500000000");
  EXPECT_EQ(seen[1].time, "0.000000000");
  EXPECT_EQ(seen[2].time, "1700000001.000002000");
  for (const Seen& s : seen) {
    EXPECT_EQ(s.data, frame);
    EXPECT_EQ(s.link_type, 1u);
  }
  if (have_tool("tshark")) expect_frames_match_tshark(file, 3, /*with_time=*/false);
}

// An if_tsoffset near the end of time made the seconds a signed overflow: undefined (UBSan,
// PXESCOPE_SANITIZE), though it wrapped in practice. tshark wraps: so do we, defined.
TEST_F(PcapngReaderTest, AnOffsetPastTheEndOfTimeWrapsLikeTshark) {
  const Bytes frame = ethernet(ipv4_udp(0, 0xffffffff, 68, 67, pxe_discover()));
  BlockWriter w(false);
  w.block(0x0A0D0D0A, w.body([](BlockWriter& b) {
    b.u32(0x1A2B3C4D);
    b.u16(1);
    b.u16(0);
    b.u32(0xffffffff);
    b.u32(0xffffffff);
  }));
  w.block(1, w.body([](BlockWriter& b) {
    b.u16(1);
    b.u16(0);
    b.u32(0);
    b.u16(14);  // if_tsoffset: INT64_MAX seconds
    b.u16(8);
    b.u32(0xffffffff);
    b.u32(0x7fffffff);
    b.u16(0);
    b.u16(0);
  }));
  for (const std::uint64_t us : {500000ull, 3250000ull}) {
    w.block(6, w.body([&](BlockWriter& b) {
      b.u32(0);
      b.u32(static_cast<std::uint32_t>(us >> 32));
      b.u32(static_cast<std::uint32_t>(us));
      b.u32(static_cast<std::uint32_t>(frame.size()));
      b.u32(static_cast<std::uint32_t>(frame.size()));
      b.bytes(frame);
    }));
  }
  const fs::path file = dir_ / "end-of-time.pcapng";
  write_file(file, w.data());
  const std::vector<Seen> seen = read_all(file);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].time, "9223372036854775807.500000000");
  EXPECT_EQ(seen[1].time, "-9223372036854775806.250000000");
  if (have_tool("tshark")) expect_frames_match_tshark(file, 2);
}

TEST_F(PcapngReaderTest, RandomAccessAcrossSections) {
  if (!have_tool("editcap")) GTEST_SKIP() << "editcap missing";
  const fs::path joined = dir_ / "sections.pcapng";
  write_sections(joined, dir_, {"bios-no-tftp.pcap", "bios-booted.pcap"});
  const std::vector<Seen> truth = read_all(joined);
  CaptureScanner scanner;
  ASSERT_TRUE(scanner.open(joined.string())) << scanner.error();
  std::vector<std::int64_t> offsets;
  Frame f;
  std::int64_t offset = 0;
  while (scanner.next(f, offset)) offsets.push_back(offset);
  ASSERT_EQ(offsets.size(), truth.size());
  FrameFetcher fetcher;  // a fresh reader: it learns the second section on its first seek
  ASSERT_TRUE(fetcher.open(joined.string()));
  for (std::size_t i = offsets.size(); i-- > 0;) {
    ASSERT_TRUE(fetcher.read(offsets[i], i + 1, f)) << i;
    EXPECT_EQ(Bytes(f.data.begin(), f.data.end()), truth[i].data) << i;
    EXPECT_EQ(epoch(f.ts_sec, f.ts_nsec), truth[i].time) << i;
  }
}

// Found by fuzzing: a fresh reader learning its way forward read the blocks after an empty
// first section with that section's byte order, so a frame of the second was "damaged".
TEST_F(PcapngReaderTest, RandomAccessPastAnEmptyFirstSectionOfTheOtherByteOrder) {
  const Bytes frame = ethernet(ipv4_udp(0, 0xffffffff, 68, 67, pxe_discover()));
  const auto epb = [&](BlockWriter& w) {
    w.block(6, w.body([&](BlockWriter& b) {
      for (std::uint32_t v : {0u, 0u, 1u}) b.u32(v);
      b.u32(static_cast<std::uint32_t>(frame.size()));
      b.u32(static_cast<std::uint32_t>(frame.size()));
      b.bytes(frame);
    }));
  };
  Bytes bytes = section(false, 1, -1, [](BlockWriter&) {});
  bytes.resize(28);  // the section header alone: no interface
  append(bytes, section(true, 1, -1, [&](BlockWriter& w) {
           epb(w);
           epb(w);
         }));
  const fs::path file = dir_ / "empty-first-section.pcapng";
  write_file(file, bytes);
  CaptureScanner scanner;
  ASSERT_TRUE(scanner.open(file.string())) << scanner.error();
  std::vector<std::int64_t> offsets;
  Frame f;
  std::int64_t offset = 0;
  while (scanner.next(f, offset)) offsets.push_back(offset);
  ASSERT_EQ(offsets.size(), 2u);
  FrameFetcher fetcher;
  ASSERT_TRUE(fetcher.open(file.string()));
  ASSERT_TRUE(fetcher.read(offsets[1], 2, f));
  EXPECT_EQ(Bytes(f.data.begin(), f.data.end()), frame);
}

TEST_F(PcapngReaderTest, ATruncatedFileKeepsTheFramesBeforeTheCut) {
  const fs::path original = kSource / "captures/stories/bios-booted.pcap";  // a pcapng
  const std::vector<Seen> all = read_all(original);
  ASSERT_GT(all.size(), 50u);
  const fs::path cut = dir_ / "cut.pcapng";
  fs::copy_file(original, cut);
  fs::resize_file(cut, fs::file_size(original) / 2);
  CaptureReader reader;
  ASSERT_TRUE(reader.open_file(cut.string())) << reader.error();
  Frame f;
  std::uint64_t n = 0;
  while (reader.next(f)) {
    ASSERT_LT(n, all.size());
    EXPECT_EQ(Bytes(f.data.begin(), f.data.end()), all[n].data);
    ++n;
  }
  EXPECT_GT(n, 10u);
  EXPECT_LT(n, all.size());
  EXPECT_TRUE(reader.truncated());
  EXPECT_NE(reader.error().find("file truncated after frame " + std::to_string(n)),
            std::string::npos)
      << reader.error();
}

TEST_F(PcapngReaderTest, ADamagedBlockLengthIsAnErrorNamingTheOffset) {
  const fs::path original = kSource / "captures/stories/bios-booted.pcap";
  std::ifstream in(original, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  CaptureScanner scanner;  // where the third frame's block starts
  ASSERT_TRUE(scanner.open(original.string()));
  Frame f;
  std::int64_t offset = 0;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(scanner.next(f, offset));
  const std::uint32_t huge = 0x7ffffff0;
  std::memcpy(bytes.data() + offset + 4, &huge, 4);  // the file is little-endian
  const fs::path damaged = dir_ / "damaged.pcapng";
  std::ofstream(damaged, std::ios::binary) << bytes;
  CaptureReader reader;
  ASSERT_TRUE(reader.open_file(damaged.string())) << reader.error();
  std::uint64_t n = 0;
  while (reader.next(f)) ++n;
  EXPECT_EQ(n, 2u);
  EXPECT_FALSE(reader.truncated());
  EXPECT_NE(reader.error().find("damaged pcapng block at byte " + std::to_string(offset)),
            std::string::npos)
      << reader.error();
}

// A cut file whose last block claims tens of megabytes: the reader says it is truncated and
// never allocates what the block claims, only about what the file holds.
TEST_F(PcapngReaderTest, ABlockClaimingMegabytesOfACutFileIsNotAllocated) {
  const fs::path original = kSource / "captures/stories/bios-booted.pcap";
  std::ifstream in(original, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  CaptureScanner scanner;
  ASSERT_TRUE(scanner.open(original.string()));
  Frame f;
  std::int64_t offset = 0;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(scanner.next(f, offset));
  const std::uint32_t claimed = 60u << 20;  // under the 64 MB limit: a length the reader accepts
  std::memcpy(bytes.data() + offset + 4, &claimed, 4);
  bytes.resize(static_cast<std::size_t>(offset) + 200 * 1024);  // the file holds 200 KiB of it
  const fs::path cut = dir_ / "claims-60mb.pcapng";
  std::ofstream(cut, std::ios::binary) << bytes;
  CaptureReader reader;
  ASSERT_TRUE(reader.open_file(cut.string())) << reader.error();
  g_largest_allocation = 0;
  std::uint64_t n = 0;
  while (reader.next(f)) ++n;
  EXPECT_EQ(n, 2u);
  EXPECT_TRUE(reader.truncated()) << reader.error();
  EXPECT_LT(g_largest_allocation.load(), std::size_t{1} << 20) << "bytes in one allocation";
}
