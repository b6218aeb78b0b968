// netascii conversion of served files (responder/tftp/tftp_netascii): LF -> CR LF, CR -> CR NUL.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "responder/tftp/tftp_netascii.hpp"

using namespace pxescope::tftp;

TEST(TftpNetascii, ConvertsLineEndsAndBareCarriageReturns) {
  using namespace std::string_literals;
  EXPECT_EQ(to_netascii("a\nb"), "a\r\nb");
  EXPECT_EQ(to_netascii("dos\r\n"), "dos\r\0\r\n"s);  // each byte on its own, as tftpd-hpa
  EXPECT_EQ(to_netascii("bare\rend"), "bare\r\0end"s);
  EXPECT_EQ(to_netascii("\n\n"), "\r\n\r\n");
  EXPECT_EQ(to_netascii(""), "");
  EXPECT_EQ(to_netascii("plain text"), "plain text");
}

TEST(TftpNetascii, CopyHoldsTheConvertedBytesAndTheirSize) {
  FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  const std::string text = "line1\nline2\r\nbare\rend";
  std::fwrite(text.data(), 1, text.size(), file);
  std::fflush(file);
  const auto copy = netascii_copy(fileno(file), text.size());
  std::fclose(file);
  ASSERT_GE(copy.fd, 0) << copy.error;
  const std::string expected = to_netascii(text);
  EXPECT_EQ(copy.size, expected.size());
  std::string got(copy.size, '\0');
  EXPECT_EQ(pread(copy.fd, got.data(), got.size(), 0), static_cast<ssize_t>(got.size()));
  EXPECT_EQ(got, expected);
  close(copy.fd);
}

TEST(TftpNetascii, LargeFilesAreRefusedWithAHint) {
  const auto copy = netascii_copy(-1, kMaxNetasciiSource + 1);
  EXPECT_LT(copy.fd, 0);
  EXPECT_NE(copy.error.find("octet"), std::string::npos) << copy.error;
}
