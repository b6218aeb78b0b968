// Every frame's summary (FieldTree::set_summary) against tshark's Protocol and Info columns,
// on every IPv4/ARP frame of every capture. Equal, except where pxescope deliberately says
// more or less (listed in README.md's "What the dissector decodes"):
//  - a port unreachable quoting UDP names the refused port and its request:
//    "Port unreachable (192.168.1.5:69 ← RRQ pxelinux.0)" for tshark's
//    "Destination unreachable (Port unreachable)";
//  - BOOTP's "Boot Request from <mac>" without tshark's vendor name "(RealtekU_7b:be:06)";
//  - tshark's bracketed notes ("[Malformed Packet]", "[Packet size limited during
//    capture]") are warnings on pxescope's fields, not part of the summary.
#include <gtest/gtest.h>

#include "analyzer/capture_reader.hpp"
#include "analyzer/packet_dissector.hpp"
#include "unit/dissect_each.hpp"
#include "unit/packet_test_support.hpp"

using namespace pxescope;
using namespace pxescope::testing;

namespace {

std::string without_bracket_notes(std::string s) {
  const auto at = s.find('[');
  if (at != std::string::npos) s.erase(at);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

}  // namespace

TEST(InfoColumn, EveryFrameSummaryMatchesTshark) {
  if (!have_tool("tshark")) GTEST_SKIP() << "tshark not installed";
  std::map<std::string, std::size_t> compared;  // by protocol
  std::size_t refused_with_request = 0;
  for (const auto& path : all_project_captures()) {
    // TCP/DNS/HTTP Info lines have their own tests (tcp/dns/http_tshark_test.cpp): tshark puts
    // an HTTP line on the frame that ends the body, pxescope on the one that ends the head.
    if (path.parent_path().filename() == "tcp") continue;
    const auto expected = tshark_fields(path, "-Y '!ipv6'", {"_ws.col.Protocol", "_ws.col.Info"});
    dissect_each(path, [&](const Frame& frame, const FieldTree& tree) {
      const auto it = expected.find(std::to_string(frame.index));
      if (it == expected.end() || it->second.size() < 2) return;
      const std::string& protocol = it->second[0];
      if (protocol == "TCP" || protocol == "HTTP") return;  // their own tests (above)
      const std::string want = without_bracket_notes(it->second[1]);
      const std::string got(tree.info_column());
      SCOPED_TRACE(path.filename().string() + " frame " + std::to_string(frame.index));
      EXPECT_EQ(tree.protocol_column(), protocol);
      if (want == "Destination unreachable (Port unreachable)" &&
          got.starts_with("Port unreachable (")) {
        EXPECT_NE(got.find(':'), std::string::npos) << got;  // the refused ip:port
        if (got.find("\xe2\x86\x90 RRQ ") != std::string::npos) ++refused_with_request;
      } else if (want.starts_with("Boot Request from ")) {
        EXPECT_EQ(got, want.substr(0, want.find(" ("))) << got;
      } else {
        EXPECT_EQ(got, want);
      }
      ++compared[protocol];
    });
  }
  EXPECT_GT(compared["ARP"], 50u);
  EXPECT_GT(compared["ICMP"], 20u);
  EXPECT_GT(compared["DHCP"], 100u);
  EXPECT_GT(compared["TFTP"], 1000u);
  EXPECT_GT(refused_with_request, 5u);
}
