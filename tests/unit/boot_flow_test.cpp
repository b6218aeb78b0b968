// The flow graph's model (analyzer/flow/boot_flow.hpp) on recorded boots: the exact arrows,
// hosts and roles of a boot, transfers collapsed to bars, DHCPv6, ICMP, one client or all.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>
#include <vector>

#include "analyzer/flow/boot_flow.hpp"
#include "tests/test_captures.hpp"

namespace pxescope::flow {
namespace {

FlowCapture read(const std::string& path) {
  FlowCapture capture;
  std::string error;
  EXPECT_TRUE(read_flow_capture(path, capture, error)) << error;
  return capture;
}

// "frame from -> to: label" with hosts by address: the ladder as text.
std::vector<std::string> rows(const BootFlow& flow) {
  std::vector<std::string> out;
  for (const FlowStep& s : flow.steps)
    out.push_back(std::to_string(s.frame) + " " + flow.hosts[s.from].address + " -> " +
                  flow.hosts[s.to].address + ": " + s.label + (s.transfer ? " [bar]" : "") +
                  (s.failed ? " [failed]" : ""));
  return out;
}

std::vector<std::string> hosts(const BootFlow& flow) {
  std::vector<std::string> out;
  for (const FlowHost& h : flow.hosts) out.push_back(h.address + " = " + h.role);
  return out;
}

TEST(BootFlow, MissingFileBootArrowByArrow) {
  const BootFlow flow = boot_flow(read(test::story_capture("bios-missing-file.pcap")));
  const std::string c = "52:54:00:7b:2f:3c (192.168.77.162)";
  const std::vector<std::string> expected = {
      "1 " + c + " -> broadcast: DISCOVER",
      "3 192.168.77.2 -> " + c + ": proxy OFFER",
      "7 " + c + " -> broadcast: DISCOVER",
      "8 192.168.77.2 -> " + c + ": proxy OFFER",
      "10 192.168.77.1 -> " + c + ": OFFER",
      "11 192.168.77.1 -> " + c + ": OFFER",
      "12 " + c + " -> broadcast: REQUEST",
      "13 192.168.77.1 -> " + c + ": ACK",
      "14 " + c + " -> broadcast: ARP Announcement for 192.168.77.162",
      "17 192.168.77.1 -> " + c + ": Who has 192.168.77.162? Tell 192.168.77.1",
      "18 " + c + " -> 192.168.77.1: 192.168.77.162 is at 52:54:00:7b:2f:3c",
      "19 " + c + " -> broadcast: Who has 192.168.77.2? Tell 192.168.77.162",
      "20 192.168.77.2 -> " + c + ": 192.168.77.2 is at 6e:e4:6d:83:81:b6",
      "21 " + c + " -> 192.168.77.2: 4011 REQUEST",
      "22 192.168.77.2 -> " + c + ": 4011 ACK",
      "23 " + c + " -> 192.168.77.2: RRQ missing.0",
      "24 192.168.77.2 -> " + c + ": ERROR 1 [failed]",
  };
  EXPECT_EQ(rows(flow), expected);
  const std::vector<std::string> expected_hosts = {
      c + " = client",
      "192.168.77.2 = proxyDHCP + TFTP server",
      "192.168.77.1 = DHCP server",
      "broadcast = broadcast",
  };
  EXPECT_EQ(hosts(flow), expected_hosts);
}

TEST(BootFlow, TftpTransfersAreOneBarEach) {
  const FlowCapture capture = read(test::story_capture("bios-booted.pcap"));
  const BootFlow flow = boot_flow(capture);
  ASSERT_EQ(capture.stories.size(), 1u);
  const ClientStory& story = capture.stories[0];
  std::size_t bars = 0;
  for (const FlowStep& s : flow.steps) {
    EXPECT_EQ(s.label.find("DATA"), std::string::npos) << s.label;  // no block is an arrow
    if (!s.transfer) continue;
    ++bars;
    EXPECT_EQ(flow.hosts[s.from].address, "192.168.77.2");
    EXPECT_EQ(flow.hosts[s.to].role, "client");
    EXPECT_LT(s.frame, s.last_frame);
    EXPECT_LT(s.time, s.end);
  }
  std::size_t with_data = 0;
  for (const TftpTransferStory& x : story.transfers) with_data += x.blocks > 0;
  EXPECT_EQ(bars, with_data);
  EXPECT_GE(bars, 2u);
  // The boot file's bar: the RRQ's frame to its last DATA/ACK, its size and duration.
  const auto boot_it = std::find_if(story.transfers.begin(), story.transfers.end(),
                                    [](const TftpTransferStory& x) { return x.blocks > 0; });
  ASSERT_NE(boot_it, story.transfers.end());
  const TftpTransferStory& boot = *boot_it;
  const auto bar = std::find_if(flow.steps.begin(), flow.steps.end(),
                                [](const FlowStep& s) { return s.transfer; });
  ASSERT_NE(bar, flow.steps.end());
  EXPECT_EQ(bar->label, transfer_label("pxelinux.0", boot.bytes, boot.end - boot.start));
  EXPECT_EQ(bar->frame, 23u);
  EXPECT_EQ(bar->last_frame, boot.last_frame);
  EXPECT_EQ(bar->bytes, boot.bytes);
  EXPECT_GT(boot.bytes, 1000u);
  EXPECT_FALSE(bar->failed);
  // The capture ends during ldlinux.c32: its bar says so, in red.
  const auto last = std::find_if(flow.steps.rbegin(), flow.steps.rend(),
                                 [](const FlowStep& s) { return s.transfer; });
  EXPECT_EQ(last->label.substr(0, 24), "ldlinux.c32 8,448 bytes ");
  EXPECT_TRUE(last->failed);
  EXPECT_NE(last->detail.find("(incomplete)"), std::string::npos) << last->detail;
  // The bar follows the request that opened it.
  ASSERT_NE(bar, flow.steps.begin());
  EXPECT_EQ(std::prev(bar)->label, "RRQ pxelinux.0");
}

TEST(BootFlow, TransferLabelGroupsThousands) {
  EXPECT_EQ(transfer_label("pxelinux.0", 42364, 0.1234), "pxelinux.0 42,364 bytes in 0.12 s");
  EXPECT_EQ(transfer_label("x", 999, 2), "x 999 bytes in 2.00 s");
  EXPECT_EQ(transfer_label("vmlinuz", 1234567, 1.5), "vmlinuz 1,234,567 bytes in 1.50 s");
}

TEST(BootFlow, HttpRequestStatusAndBodyBar) {
  const BootFlow flow = boot_flow(read(test::story_capture("http-booted.pcap")));
  const std::vector<std::string> all = rows(flow);
  const auto has = [&](const std::string& text) {
    return std::any_of(all.begin(), all.end(),
                       [&](const std::string& r) { return r.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(has("-> 192.168.77.2: GET /vmlinuz")) << testing::PrintToString(all);
  EXPECT_TRUE(has("192.168.77.2 -> ")) << testing::PrintToString(all);
  EXPECT_TRUE(has(": 200 OK")) << testing::PrintToString(all);
  EXPECT_TRUE(has(": vmlinuz 9,000 bytes in ")) << testing::PrintToString(all);
  EXPECT_TRUE(has(": initrd.img 15,000 bytes in ")) << testing::PrintToString(all);
  const auto server = std::find_if(flow.hosts.begin(), flow.hosts.end(),
                                   [](const FlowHost& h) { return h.address == "192.168.77.2"; });
  ASSERT_NE(server, flow.hosts.end());
  EXPECT_NE(server->role.find("HTTP server"), std::string::npos) << server->role;
}

TEST(BootFlow, HttpNotFoundIsAFailedArrow) {
  const BootFlow flow = boot_flow(read(test::story_capture("http-not-found.pcap")));
  const auto notfound = std::find_if(flow.steps.begin(), flow.steps.end(),
                                     [](const FlowStep& s) { return s.label.starts_with("404"); });
  ASSERT_NE(notfound, flow.steps.end()) << testing::PrintToString(rows(flow));
  EXPECT_TRUE(notfound->failed);
  EXPECT_EQ(flow.hosts[notfound->to].role, "client");
}

TEST(BootFlow, IcmpPortUnreachableArrow) {
  const BootFlow flow = boot_flow(read(test::story_capture("bios-no-tftp.pcap")));
  const auto icmp = std::find_if(flow.steps.begin(), flow.steps.end(), [](const FlowStep& s) {
    return s.label == "ICMP port unreachable";
  });
  ASSERT_NE(icmp, flow.steps.end()) << testing::PrintToString(rows(flow));
  EXPECT_TRUE(icmp->failed);
  EXPECT_EQ(flow.hosts[icmp->to].role, "client");
  EXPECT_EQ(flow.hosts[icmp->from].address, "192.168.77.2");
  EXPECT_NE(icmp->detail.find("UDP port 69"), std::string::npos) << icmp->detail;
}

TEST(BootFlow, Dhcpv6ExchangeAndTftpOverIpv6) {
  const BootFlow flow = boot_flow(read(test::generated_capture("pxev6-tftp-not-found.pcap")));
  std::vector<std::string> labels;
  for (const FlowStep& s : flow.steps) labels.push_back(s.label);
  for (const char* want : {"Solicit", "Advertise", "Request", "Reply"})
    EXPECT_NE(std::find(labels.begin(), labels.end(), want), labels.end())
        << want << " in " << testing::PrintToString(rows(flow));
  const auto rrq = std::find_if(labels.begin(), labels.end(),
                                [](const std::string& l) { return l.starts_with("RRQ "); });
  ASSERT_NE(rrq, labels.end()) << testing::PrintToString(rows(flow));
  const FlowStep& request = flow.steps[std::size_t(rrq - labels.begin())];
  EXPECT_NE(flow.hosts[request.to].address.find(':'), std::string::npos);  // an IPv6 server
  EXPECT_NE(flow.hosts[request.to].role.find("TFTP server"), std::string::npos);
  const auto error = std::find_if(flow.steps.begin(), flow.steps.end(),
                                  [](const FlowStep& s) { return s.label.starts_with("ERROR"); });
  ASSERT_NE(error, flow.steps.end()) << testing::PrintToString(rows(flow));
  EXPECT_TRUE(error->failed);
}

TEST(BootFlow, OneClientOrAllBootTraffic) {
  const FlowCapture capture = read(test::story_capture("bios-two-proxies.pcap"));
  ASSERT_FALSE(capture.stories.empty());
  EXPECT_TRUE(boot_flow(capture, "02:00:00:00:00:99").steps.empty());  // not a client
  const BootFlow all = boot_flow(capture);
  ASSERT_FALSE(all.steps.empty());
  // The client's MAC, in capitals as people type it, gives the same ladder.
  std::string client = all.hosts[0].address.substr(0, 17);
  for (char& ch : client) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(rows(boot_flow(capture, client)), rows(all));
  // Two proxies answered: two proxyDHCP columns.
  const auto proxies = std::count_if(all.hosts.begin(), all.hosts.end(), [](const FlowHost& h) {
    return h.role.find("proxyDHCP") != std::string::npos;
  });
  EXPECT_EQ(proxies, 2);
}

TEST(BootFlow, UnreadableFileSaysWhy) {
  FlowCapture capture;
  std::string error;
  EXPECT_FALSE(read_flow_capture("/nonexistent/x.pcap", capture, error));
  EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace pxescope::flow
