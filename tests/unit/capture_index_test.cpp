#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "analyzer/capture_index.hpp"
#include "analyzer/capture_reader.hpp"
#include "analyzer/pcapng_writer.hpp"
#include "tests/test_captures.hpp"

using namespace pxescope;

namespace {

struct Stored {
  std::vector<std::uint8_t> bytes;
  std::int64_t sec;
  std::uint32_t nsec, original_length, link_type;
};

std::vector<Stored> read_all(const std::string& path) {
  std::vector<Stored> out;
  CaptureReader r;
  EXPECT_TRUE(r.open_file(path)) << r.error();
  Frame f;
  while (r.next(f))
    out.push_back(
        {{f.data.begin(), f.data.end()}, f.ts_sec, f.ts_nsec, f.original_length, f.link_type});
  return out;
}

const std::string kCapture = pxescope::test::real_capture("ovmf-ipxe-proxydhcp.pcap");

}  // namespace

TEST(CaptureIndex, RereadsAnyFrameFromItsOffset) {
  const auto truth = read_all(kCapture);
  ASSERT_GT(truth.size(), 10u);
  CaptureScanner scanner;
  ASSERT_TRUE(scanner.open(kCapture)) << scanner.error();
  std::vector<std::int64_t> offsets;
  Frame f;
  std::int64_t offset = 0;
  while (scanner.next(f, offset)) offsets.push_back(offset);
  ASSERT_EQ(offsets.size(), truth.size());
  EXPECT_EQ(offsets.front(), 24);  // right after the classic pcap file header

  FrameFetcher fetcher;
  ASSERT_TRUE(fetcher.open(kCapture));
  for (std::size_t i = offsets.size(); i-- > 0;) {  // backwards: every read seeks
    ASSERT_TRUE(fetcher.read(offsets[i], i + 1, f)) << i;
    EXPECT_EQ(f.index, i + 1);
    EXPECT_EQ(std::vector<std::uint8_t>(f.data.begin(), f.data.end()), truth[i].bytes);
    EXPECT_EQ(f.ts_nsec, truth[i].nsec);
  }
  EXPECT_FALSE(fetcher.read(-1, 1, f));
}

TEST(PcapngWriter, RoundTripThroughLibpcapAndIndex) {
  const auto truth = read_all(kCapture);
  const std::string out =
      ::testing::TempDir() + "pxescope_writer_" + std::to_string(getpid()) + ".pcapng";
  PcapngWriter w;
  ASSERT_TRUE(w.open(out)) << w.error();
  for (std::size_t i = 0; i < truth.size(); ++i) {
    Frame f;
    f.ts_sec = truth[i].sec;
    f.ts_nsec = truth[i].nsec + (i == 0 ? 1 : 0);  // a nanosecond libpcap µs files cannot hold
    f.original_length = truth[i].original_length;
    f.link_type = truth[i].link_type;
    f.data = truth[i].bytes;
    ASSERT_TRUE(w.write(f));
  }
  ASSERT_TRUE(w.close()) << w.error();

  const auto back = read_all(out);
  ASSERT_EQ(back.size(), truth.size());
  for (std::size_t i = 0; i < truth.size(); ++i) {
    EXPECT_EQ(back[i].bytes, truth[i].bytes);
    EXPECT_EQ(back[i].sec, truth[i].sec);
    EXPECT_EQ(back[i].nsec, truth[i].nsec + (i == 0 ? 1 : 0));
    EXPECT_EQ(back[i].original_length, truth[i].original_length);
    EXPECT_EQ(back[i].link_type, truth[i].link_type);
  }
  // pcapng offsets work for random access too.
  CaptureScanner scanner;
  ASSERT_TRUE(scanner.open(out));
  std::vector<std::int64_t> offsets;
  Frame f;
  std::int64_t offset = 0;
  while (scanner.next(f, offset)) offsets.push_back(offset);
  FrameFetcher fetcher;
  ASSERT_TRUE(fetcher.open(out));
  ASSERT_TRUE(fetcher.read(offsets[3], 4, f));
  EXPECT_EQ(std::vector<std::uint8_t>(f.data.begin(), f.data.end()), truth[3].bytes);
  std::remove(out.c_str());
}

TEST(PcapngWriter, SaysWhyItCannotWrite) {
  PcapngWriter w;
  EXPECT_FALSE(w.open("/nonexistent-dir/x.pcapng"));
  EXPECT_NE(w.error().find("/nonexistent-dir/x.pcapng: cannot create"), std::string::npos)
      << w.error();
  Frame f;
  EXPECT_FALSE(w.write(f));
}
