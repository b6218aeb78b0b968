// write_block: a large block goes straight to the stream's descriptor, after whatever stdio
// still buffers, so the bytes on the stream stay in the order they were written.
#include <gtest/gtest.h>

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>

#include "analyzer/output_write.hpp"

using pxescope::write_block;

namespace {

std::string read_all(std::FILE* f) {
  std::rewind(f);
  std::string s;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
  return s;
}

std::string block_of(std::size_t size, char first) {
  std::string s(size, ' ');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>(first + i % 26);
  return s;
}

}  // namespace

TEST(OutputWrite, KeepsOrderWithBufferedStdioBytes) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  const std::string big = block_of(300 * 1024, 'a');  // larger than any stdio buffer
  std::fputs("head,", f);                             // still in stdio's buffer
  ASSERT_TRUE(write_block(f, big));
  std::fputs(",middle,", f);
  ASSERT_TRUE(write_block(f, "small"));
  std::fputs(",tail", f);
  std::fflush(f);
  EXPECT_EQ(read_all(f), "head," + big + ",middle,small,tail");
  std::fclose(f);
}

TEST(OutputWrite, StreamWithoutDescriptorGetsFwrite) {
  char mem[64] = {};
  std::FILE* f = fmemopen(mem, sizeof mem, "w");
  ASSERT_NE(f, nullptr);
  ASSERT_LT(fileno(f), 0);
  std::fputs("a,", f);
  ASSERT_TRUE(write_block(f, "block"));
  std::fputs(",z", f);
  std::fclose(f);
  EXPECT_STREQ(mem, "a,block,z");
}

TEST(OutputWrite, AFailedWriteIsReported) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);  // nobody reads: write(2) fails with EPIPE (SIGPIPE ignored here)
  std::FILE* f = fdopen(fds[1], "w");
  ASSERT_NE(f, nullptr);
  auto* old = std::signal(SIGPIPE, SIG_IGN);
  EXPECT_FALSE(write_block(f, block_of(1024, 'a')));
  std::signal(SIGPIPE, old);
  std::fclose(f);
}
