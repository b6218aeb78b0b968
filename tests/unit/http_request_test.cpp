// The HTTP request head parser (responder/http/http_request.hpp): complete, incomplete and
// refused heads, keep-alive rules, and the target path decoding that feeds root confinement.
#include "responder/http/http_request.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace pxescope::responder::http;

namespace {

constexpr std::size_t kMax = 8192;

ParseResult parse(const std::string& head) {
  return parse_request_head(head, kMax);
}

}  // namespace

TEST(HttpRequest, ParsesAGetWithTheHeadersTheServerUses) {
  const std::string head =
      "GET /boot/vmlinuz?x=1 HTTP/1.1\r\nHost: 10.0.0.1\r\nRange: bytes=0-99\r\n"
      "User-Agent: iPXE/1.21.1\r\n\r\nNEXT";
  const ParseResult r = parse(head);
  ASSERT_EQ(r.state, ParseState::kComplete) << r.error;
  EXPECT_EQ(r.request.method, "GET");
  EXPECT_EQ(r.request.target, "/boot/vmlinuz?x=1");
  EXPECT_EQ(r.request.minor_version, 1);
  EXPECT_TRUE(r.request.keep_alive);
  EXPECT_FALSE(r.request.has_body);
  EXPECT_EQ(r.request.range, "bytes=0-99");
  EXPECT_EQ(r.request.user_agent, "iPXE/1.21.1");
  EXPECT_EQ(r.head_bytes, head.size() - 4);  // "NEXT" is the next request's
}

TEST(HttpRequest, IsIncompleteUntilTheBlankLineArrives) {
  const std::string head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  for (std::size_t n = 0; n < head.size(); ++n)
    EXPECT_EQ(parse(head.substr(0, n)).state, ParseState::kIncomplete) << n;
  EXPECT_EQ(parse(head).state, ParseState::kComplete);
}

TEST(HttpRequest, AcceptsBareLineFeedsAndLeadingEmptyLines) {
  const std::string head = "\r\n\nHEAD /a HTTP/1.1\nHost: x\n\n";
  const ParseResult r = parse(head + "GET");
  ASSERT_EQ(r.state, ParseState::kComplete) << r.error;
  EXPECT_EQ(r.request.method, "HEAD");
  EXPECT_EQ(r.head_bytes, head.size());
}

TEST(HttpRequest, KeepAliveFollowsVersionAndConnection) {
  EXPECT_FALSE(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").request.keep_alive);
  EXPECT_FALSE(
      parse("GET / HTTP/1.1\r\nHost: a\r\nconnection: Upgrade, CLOSE\r\n\r\n").request.keep_alive);
  EXPECT_FALSE(parse("GET / HTTP/1.0\r\n\r\n").request.keep_alive);
  const ParseResult old = parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_TRUE(old.request.keep_alive);
  EXPECT_EQ(old.request.minor_version, 0);
}

TEST(HttpRequest, ARequestWithABodyClosesTheConnectionAfterTheAnswer) {
  const ParseResult post = parse("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
  ASSERT_EQ(post.state, ParseState::kComplete);
  EXPECT_TRUE(post.request.has_body);
  EXPECT_FALSE(post.request.keep_alive);
  EXPECT_TRUE(
      parse("PUT /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n").request.has_body);
  EXPECT_FALSE(parse("GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").request.has_body);
}

TEST(HttpRequest, RefusesMalformedHeadsWithTheStatusToAnswer) {
  struct Case {
    const char* head;
    int status;
  } const cases[] = {
      {"GET /\r\n\r\n", 400},                                 // no version
      {"GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400},            // empty target
      {"G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400},             // method not a token
      {"GET / HTTP/1.1\r\n\r\n", 400},                        // 1.1 without Host
      {"GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400},            // space before the colon
      {"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400},  // obsolete folding
      {"GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400},  // not a header
      {"GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n", 400},         // control byte in a value
      {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505},
      {"GET / HTTX/1.1\r\nHost: a\r\n\r\n", 400},
  };
  for (const Case& c : cases) {
    const ParseResult r = parse(c.head);
    EXPECT_EQ(r.state, ParseState::kError) << c.head;
    EXPECT_EQ(r.error_status, c.status) << c.head;
    EXPECT_FALSE(r.error.empty()) << c.head;
  }
}

TEST(HttpRequest, AHeadLargerThanTheLimitIs431EvenBeforeItEnds) {
  const std::string big = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(kMax, 'x');
  EXPECT_EQ(parse(big).error_status, 431);
  EXPECT_EQ(parse(big + "\r\n\r\n").error_status, 431);
  // Exactly at the limit still parses.
  std::string fits = "GET / HTTP/1.1\r\nHost: a\r\nX: ";
  fits += std::string(kMax - fits.size() - 4, 'y') + "\r\n\r\n";
  ASSERT_EQ(fits.size(), kMax);
  EXPECT_EQ(parse(fits).state, ParseState::kComplete);
}

TEST(HttpRequest, DecodesTheTargetPath) {
  std::string path, why;
  ASSERT_TRUE(decode_target_path("/a%20b/c%2Fd?q=%00#frag", path, why)) << why;
  EXPECT_EQ(path, "/a b/c/d");
  ASSERT_TRUE(decode_target_path("http://10.0.0.1:8080/boot.ipxe", path, why)) << why;
  EXPECT_EQ(path, "/boot.ipxe");
  ASSERT_TRUE(decode_target_path("/%2e%2e/%2E%2E/etc/passwd", path, why));
  EXPECT_EQ(path, "/../../etc/passwd");  // decoded: the root confinement refuses the ".."
}

TEST(HttpRequest, RefusesTargetsThatCannotNameAFile) {
  std::string path, why;
  for (const char* target : {"*", "etc/passwd", "/a%2", "/a%zz", "/a%00b", "/a%0ab", "/%7f"}) {
    EXPECT_FALSE(decode_target_path(target, path, why)) << target;
    EXPECT_FALSE(why.empty()) << target;
  }
}
