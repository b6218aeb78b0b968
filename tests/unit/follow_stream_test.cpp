// Follow ▸ UDP / TCP / TFTP / HTTP (analyzer/follow): the conversation's filter from a frame,
// the report of what it carried, and that the filter keeps in tshark the frames it lists.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "analyzer/follow/follow_stream.hpp"
#include "unit/cli_test_support.hpp"
#include "unit/tshark_frames.hpp"

namespace {

using pxescope::follow_capture;
using pxescope::FollowKind;

const std::string kUefi = PXESCOPE_SOURCE_DIR "/captures/stories/uefi-wrong-arch.pcap";
const std::string kHttp = PXESCOPE_SOURCE_DIR "/captures/stories/http-booted.pcap";

void expect_tshark_agrees(const std::string& path, const pxescope::FollowReport& r) {
  if (!pxescope::test::have_tshark()) return;
  EXPECT_EQ(std::set<std::uint64_t>(r.frames.begin(), r.frames.end()),
            pxescope::test::tshark_frames(path, r.filter))
      << r.filter;
}

}  // namespace

// From the read request: the transfer's ports are the client's and the one the server answered
// from (not 69), and the report has the file, mode, options, blocks and bytes.
TEST(FollowStream, TftpFromTheRequestFindsTheServersPort) {
  const auto r = follow_capture(kUefi, 16, FollowKind::Tftp);
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.filter.find("udp.port == 69"), std::string::npos) << r.filter;
  EXPECT_NE(r.filter.find("ip.addr == 192.168.77.111 && ip.addr == 192.168.77.2"),
            std::string::npos)
      << r.filter;
  EXPECT_EQ(r.file_name, "pxelinux.0");
  EXPECT_EQ(r.mode, "octet");
  ASSERT_FALSE(r.options.empty());
  EXPECT_EQ(r.options.front(), "blksize=1468");
  EXPECT_EQ(r.blocks, 29u);         // the 29 DATA packets of the capture, none repeated
  EXPECT_EQ(r.data_bytes, 42430u);  // the tsize the first OACK announced
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.frames.front(), 17u);  // the OACK: the first frame on the transfer's ports
  expect_tshark_agrees(kUefi, r);
  const std::string text = pxescope::render_follow_report(r);
  EXPECT_NE(text.find("File: pxelinux.0"), std::string::npos) << text;
  EXPECT_NE(text.find("Blocks: 29"), std::string::npos) << text;
  EXPECT_NE(text.find("Bytes: 42430"), std::string::npos) << text;
}

TEST(FollowStream, TftpFromADataFrameIsTheSameTransfer) {
  const auto from_request = follow_capture(kUefi, 16, FollowKind::Tftp);
  const auto from_data = follow_capture(kUefi, 19, FollowKind::Tftp);
  ASSERT_TRUE(from_data.error.empty()) << from_data.error;
  EXPECT_EQ(from_data.filter, from_request.filter);
  EXPECT_EQ(from_data.frames, from_request.frames);
  EXPECT_EQ(from_data.file_name, "pxelinux.0");  // from the request the data refers to
}

TEST(FollowStream, TftpErrorsAreListed) {
  const auto r = follow_capture(kUefi, 13, FollowKind::Tftp);
  ASSERT_TRUE(r.error.empty()) << r.error;
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("frame 15"), std::string::npos) << r.errors[0];
  EXPECT_NE(r.errors[0].find("User aborted the transfer"), std::string::npos) << r.errors[0];
  expect_tshark_agrees(kUefi, r);
}

TEST(FollowStream, UdpIsTheAddressAndPortPair) {
  const auto r = follow_capture(kUefi, 2, FollowKind::Udp);
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.filter,
            "ip.addr == 0.0.0.0 && ip.addr == 255.255.255.255 && udp.port == 68 && "
            "udp.port == 67");
  EXPECT_EQ(r.frames.front(), 2u);
  EXPECT_GT(r.payload_bytes[0], 300u);
  expect_tshark_agrees(kUefi, r);
}

TEST(FollowStream, WrongKindSaysWhy) {
  const auto r = follow_capture(kUefi, 2, FollowKind::Tcp);
  EXPECT_EQ(r.error, "frame 2: not a TCP segment");
  EXPECT_TRUE(r.frames.empty());
  const auto missing = follow_capture(kUefi, 100000, FollowKind::Udp);
  EXPECT_NE(missing.error.find("not in the capture"), std::string::npos) << missing.error;
}

// One keep-alive connection with three GETs: each request's head, then its response's head and
// body size (the Content-Length tshark reads there too).
TEST(FollowStream, HttpHeadsAndBodySizes) {
  const auto r = follow_capture(kHttp, 20, FollowKind::Http);
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.filter, "tcp.stream == 0");
  ASSERT_EQ(r.http.size(), 6u);
  const char* uris[] = {"/boot.ipxe", "/vmlinuz", "/initrd.img"};
  const std::uint64_t bodies[] = {85, 9000, 15000};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& request = r.http[2 * i];
    const auto& response = r.http[2 * i + 1];
    EXPECT_TRUE(request.request);
    EXPECT_FALSE(response.request);
    std::string head;
    for (const std::string& line : request.head) head += line + "\n";
    EXPECT_NE(head.find(uris[i]), std::string::npos) << head;
    EXPECT_EQ(response.body_bytes, bodies[i]) << uris[i];
    EXPECT_TRUE(response.body_complete) << uris[i];
  }
  expect_tshark_agrees(kHttp, r);
  const std::string text = pxescope::render_follow_report(r);
  EXPECT_NE(text.find("[body: 9000 bytes, complete]"), std::string::npos) << text;
  const auto tcp = follow_capture(kHttp, 20, FollowKind::Tcp);
  EXPECT_EQ(tcp.filter, r.filter);
  EXPECT_EQ(tcp.frames, r.frames);
  EXPECT_GT(tcp.payload_bytes[1], 85u + 9000u + 15000u);  // the heads and the bodies
}
