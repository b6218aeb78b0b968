// The responder's internet checksum (responder/net/frame_builder.hpp), summed eight bytes at
// a time, against the RFC 1071 definition word by word: every length (odd ones included),
// alignments and initial (pseudo-header) sums.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "responder/net/frame_builder.hpp"

namespace {

std::uint16_t reference_checksum(const std::uint8_t* p, std::size_t n, std::uint32_t sum) {
  std::size_t i = 0;
  for (; i + 1 < n; i += 2) sum += (std::uint32_t{p[i]} << 8) | p[i + 1];
  if (i < n) sum += std::uint32_t{p[i]} << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

}  // namespace

TEST(InternetChecksum, MatchesTheWordByWordDefinition) {
  std::vector<std::uint8_t> bytes(1700);
  std::uint32_t x = 12345;
  for (auto& b : bytes) b = static_cast<std::uint8_t>((x = x * 1103515245u + 12345u) >> 16);
  for (std::size_t offset : {0, 1, 3}) {
    for (std::size_t n = 0; n + offset <= bytes.size(); n += (n < 64 ? 1 : 37)) {
      for (std::uint32_t initial : {0u, 17u + 328u, 0x1fffeu, 0x3fffcu}) {
        const std::uint8_t* p = bytes.data() + offset;
        ASSERT_EQ(pxescope::responder::internet_checksum({p, n}, initial),
                  reference_checksum(p, n, initial))
            << "n " << n << " offset " << offset << " initial " << initial;
      }
    }
  }
  const std::vector<std::uint8_t> ones(64, 0xff);
  EXPECT_EQ(pxescope::responder::internet_checksum(ones), reference_checksum(ones.data(), 64, 0));
}
