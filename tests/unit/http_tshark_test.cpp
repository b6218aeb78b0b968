// HTTP/1.x heads: every request and response head of the recorded capture (two files on one
// keep-alive connection, a Range request, a 404) against tshark, message by message (tshark
// shows a message on the frame that ends its body, pxescope on the frame that ends its head);
// and the head/body bookkeeping on hand-made streams.
#include <gtest/gtest.h>

#include <unistd.h>

#include <map>

#include "analyzer/http/http_follower.hpp"
#include "analyzer/http/http_head.hpp"
#include "unit/dissect_each.hpp"
#include "unit/packet_test_support.hpp"
#include "unit/tshark_field_compare.hpp"

namespace fs = std::filesystem;
using namespace pxescope;
using namespace pxescope::testing;

namespace {

const fs::path kCapture = PXESCOPE_SOURCE_DIR "/captures/tcp/dns-http.pcap";

const std::vector<std::string> kFields = {
    "http.request.method", "http.request.uri",     "http.request.version",
    "http.host",           "http.user_agent",      "http.response.version",
    "http.response.code",  "http.response.phrase", "http.content_length_header",
    "http.content_length", "http.content_type",    "http.server"};

// tshark's Info without its trailing blank and the " (text/html)" it adds for a body it
// hands to a media dissector (pxescope decodes heads only).
std::string info_of_head(std::string info) {
  if (auto at = info.find("  ("); at != std::string::npos) info.erase(at);
  while (!info.empty() && info.back() == ' ') info.pop_back();
  return info;
}

Bytes bytes_of(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

}  // namespace

TEST(HttpVsTshark, EveryHeadOfTheRecordedCaptureAgrees) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  auto wanted = kFields;
  wanted.push_back("_ws.col.Info");
  // tshark_fields keys by frame number as text: put the messages back in frame order.
  std::vector<std::pair<int, std::vector<std::string>>> ordered;
  for (const auto& [frame, values] : tshark_fields(kCapture, "-Y http", wanted))
    ordered.emplace_back(std::stoi(frame), values);
  std::sort(ordered.begin(), ordered.end());
  std::vector<std::vector<std::string>> ours;
  dissect_each(kCapture, [&](const Frame&, const FieldTree& tree) {
    if (tree.find("http") == kNoNode) return;
    std::vector<std::string> values;
    for (const std::string& name : kFields) {
      std::string got;
      for (NodeId id = 0; id < tree.size(); ++id)
        if (tree[id].name == name) got += (got.empty() ? "" : ",") + tshark_text(tree[id], {});
      values.push_back(got);
    }
    values.push_back(tree.info_column());
    EXPECT_EQ(tree.protocol_column(), "HTTP");
    ours.push_back(values);
  });
  ASSERT_EQ(ours.size(), ordered.size());
  ASSERT_EQ(ours.size(), 8u);  // 4 requests, 4 responses
  for (std::size_t m = 0; m < ours.size(); ++m) {
    SCOPED_TRACE("message " + std::to_string(m + 1) + ", tshark frame " +
                 std::to_string(ordered[m].first));
    for (std::size_t i = 0; i < kFields.size(); ++i)
      EXPECT_EQ(ours[m][i], i < ordered[m].second.size() ? ordered[m].second[i] : "") << kFields[i];
    EXPECT_EQ(ours[m].back(), info_of_head(ordered[m].second.back()));
  }
}

TEST(HttpHead, RangeAndContentRangeAreFields) {
  FieldTree t;
  const Bytes req =
      bytes_of("GET /vmlinuz HTTP/1.1\r\nHost: boot.lab\r\nRange: bytes=100-299\r\n\r\n");
  ASSERT_EQ(http_head_length(req), req.size());
  dissect_http_head(req, 66, t);
  EXPECT_EQ(t[t.find("http.range")].str_value, "bytes=100-299");
  EXPECT_EQ(t.info_column(), "GET /vmlinuz HTTP/1.1");
  t.clear();
  const Bytes resp = bytes_of(
      "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 100-299/5100\r\nContent-Length: "
      "200\r\n\r\n");
  const HttpHead head = dissect_http_head(resp, 66, t);
  EXPECT_EQ(t[t.find("http.content_range")].str_value, "bytes 100-299/5100");
  EXPECT_EQ(t[t.find("http.response.code")].uint_value, 206u);
  EXPECT_EQ(head.content_length, 200u);
  EXPECT_EQ(t.info_column(), "HTTP/1.1 206 Partial Content");
}

TEST(HttpHead, IncompleteOrOddHeadsAreNotCrashes) {
  EXPECT_EQ(http_head_length(bytes_of("GET / HTTP/1.1\r\nHost: x\r\n")), 0u);
  FieldTree t;
  dissect_http_head(bytes_of("GET\r\nno colon here\r\n\r\n"), 0, t);
  EXPECT_EQ(t.count_warnings(Severity::Warn), 2u);
  t.clear();
  dissect_http_head(bytes_of("HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n"), 0, t);
  EXPECT_EQ(t.count_warnings(Severity::Warn), 1u);
  EXPECT_EQ(t.find("http.content_length"), kNoNode);
}

// Bytes transferred per response: tshark shows each response on the frame that ends its body
// (after reassembly); pxescope marks that frame http.body_complete, with http.body_bytes_seen
// equal to the response's Content-Length. Retransmitted segments are not counted twice.
TEST(HttpVsTshark, BodyEndsOnTheFrameTsharkShowsTheResponse) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  for (const fs::path& capture :
       {kCapture, fs::path(PXESCOPE_SOURCE_DIR "/captures/stories/http-booted.pcap"),
        fs::path(PXESCOPE_SOURCE_DIR "/captures/stories/bios-ipxe-http.pcap")}) {
    SCOPED_TRACE(capture.string());
    std::map<int, std::string> theirs;  // frame -> Content-Length
    for (const auto& [frame, values] :
         tshark_fields(capture, "-Y http.response", {"http.content_length"}))
      theirs[std::stoi(frame)] = values.at(0);
    ASSERT_FALSE(theirs.empty());
    std::map<int, std::string> ours;
    std::uint64_t previous_seen = 0;
    dissect_each(capture, [&](const Frame& frame, const FieldTree& tree) {
      const NodeId seen = tree.find("http.body_bytes_seen");
      if (seen == kNoNode) return;
      if (tree.find("http.body_complete") != kNoNode)
        ours[static_cast<int>(frame.index)] = std::to_string(tree[seen].uint_value);
      previous_seen = tree[seen].uint_value;
    });
    EXPECT_GT(previous_seen, 0u);
    EXPECT_EQ(ours, theirs);
  }
}

TEST(HttpFollowerBody, RetransmittedBodyIsCountedOnceAndReDissectionAgrees) {
  HttpFollower follower;
  TcpStreamTable streams;
  const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n";
  // Payloads of one server->client direction: head + 4 body bytes, the same again, 6 more.
  const std::vector<std::pair<std::uint32_t, std::string>> segments = {
      {1, head + "abcd"}, {1, head + "abcd"}, {1 + head.size() + 4, "efghij"}};
  std::vector<std::uint64_t> seen;
  std::vector<bool> complete;
  auto dissect = [&](std::size_t i) {
    const auto& [seq, data] = segments[i];
    TcpEndpoints ends{ip4(10, 0, 0, 1), ip4(10, 0, 0, 2), 80, 40000};
    TcpSegmentHeader h;
    h.seq = 1000 + seq;
    h.ack = 1;
    h.flags = kTcpAck | kTcpPsh;
    h.payload_length = static_cast<std::uint32_t>(data.size());
    TcpDissection seg;
    seg.header_ok = true;
    seg.payload_length = h.payload_length;
    seg.analysis = streams.analyze(i + 1, ends, h);
    FieldTree tree;
    seg.node = tree.add(kNoNode, "tcp", 0, 0);
    follower.on_segment(i + 1, seg, reinterpret_cast<const std::uint8_t*>(data.data()), tree);
    const NodeId n = tree.find("http.body_bytes_seen");
    seen.push_back(n == kNoNode ? 0 : tree[n].uint_value);
    complete.push_back(tree.find("http.body_complete") != kNoNode);
  };
  for (std::size_t i = 0; i < segments.size(); ++i) dissect(i);
  dissect(0);  // a click on earlier frames in the GUI: the same fields again
  dissect(2);
  EXPECT_EQ(seen, (std::vector<std::uint64_t>{4, 0, 10, 4, 10}));
  EXPECT_EQ(complete, (std::vector<bool>{false, false, true, false, true}));
}
