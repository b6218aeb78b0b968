// The three readers of a DHCP message — the summary fast path, the story's DhcpMessage and
// the responder's request view — read it through one model (analyzer/dhcp/message_view.hpp),
// so they agree on every DHCP frame of every capture: the project's own (split and
// overloaded options included) and, when present, ../shared/captures. Before the one model
// the summary saw only the first piece of a split 60 and no 67 in an overloaded file field,
// and the responder refused a split 60.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "analyzer/capture_reader.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "analyzer/story/dhcp_message.hpp"
#include "analyzer/summary.hpp"
#include "responder/dhcp_request.hpp"
#include "tests/test_captures.hpp"

using namespace pxescope;

namespace {

std::vector<std::filesystem::path> captures() {
  auto files =
      pxescope::test::captures_in(pxescope::test::project_captures_dir() / "generated", false);
  for (auto& f : pxescope::test::shared_captures()) files.push_back(std::move(f));  // an extra
  return files;
}

}  // namespace

TEST(DhcpReadersAgree, SummaryStoryAndRequestViewOnEveryCapture) {
  std::size_t compared = 0, requests = 0;
  for (const auto& path : captures()) {
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path.string())) << reader.error();
    Frame frame;
    DhcpSummary s;
    while (reader.next(frame)) {
      if (!summarize_dhcp(frame, s)) continue;
      UdpLocation loc;
      ASSERT_TRUE(locate_udp(frame.data, frame.link_type, loc));
      const auto payload = frame.data.subspan(loc.payload_offset, loc.payload_length);
      const std::string where = path.filename().string() + " frame " + std::to_string(frame.index);
      DhcpMessage m;
      if (!m.parse(payload) || !m.has_cookie) continue;  // BOOTP or junk: no options to agree on
      ++compared;
      EXPECT_EQ(s.xid, m.xid) << where;
      EXPECT_EQ(s.vendor_class, m.vendor_class()) << where;
      EXPECT_EQ(s.boot_file, m.boot_file()) << where;
      EXPECT_EQ(s.arch, m.arch()) << where;
      EXPECT_EQ(s.pxe, m.vendor_class().starts_with("PXEClient") ||
                           m.vendor_class().starts_with("HTTPClient"))
          << where;
      if (m.message_type() != 0) {
        EXPECT_EQ(s.message_type, m.message_type()) << where;
      }

      responder::DhcpRequest req;
      if (responder::parse_dhcp_request(payload, req) != responder::ParseError::None) continue;
      ++requests;
      EXPECT_EQ(req.xid, m.xid) << where;
      EXPECT_EQ(req.message_type, m.message_type()) << where;
      EXPECT_EQ(req.vendor_class, m.vendor_class()) << where;
      EXPECT_EQ(req.has_arch ? int{req.arch} : -1, m.arch()) << where;
      EXPECT_EQ(req.server_id, m.server_id()) << where;
      EXPECT_EQ(req.has_boot_item, m.pxe_vendor().has_boot_item) << where;
    }
  }
  EXPECT_GT(compared, 10u);
  EXPECT_GT(requests, 3u);
}
