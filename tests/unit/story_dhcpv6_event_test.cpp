// The typed DHCPv6 path into the boot stories (StoryBuilder::add_dhcpv6,
// LiveStories::add_dhcpv6_exchange: what the responder's DHCPv6 service uses instead of
// building frames and dissecting them again) tells the same story as the frames would: on
// OVMF's recorded PXEv6 fallback and on the generated PXEv6 captures, text and JSON alike,
// and a live story's failure capture holds the same frames.
#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/link/udp6_frame.hpp"
#include "analyzer/story/boot_story.hpp"
#include "analyzer/story/live_stories.hpp"
#include "analyzer/story/story_render.hpp"
#include "tests/test_captures.hpp"

namespace pxescope {
namespace {

// A DHCPv6 datagram of a capture: Ethernet, IPv6 without extension headers, UDP 546/547.
struct Datagram6 {
  Udp6Endpoints endpoints;
  std::vector<std::uint8_t> payload;
  bool from_client() const { return endpoints.dst_port == 547; }
  // The client's MAC as the responder knows it: the link's.
  std::array<std::uint8_t, 6> client_mac() const {
    return from_client() ? endpoints.src_mac : endpoints.dst_mac;
  }
};

std::uint16_t be16_at(std::span<const std::uint8_t> d, std::size_t at) {
  return static_cast<std::uint16_t>(d[at] << 8 | d[at + 1]);
}

std::optional<Datagram6> datagram6_of(const Frame& f) {
  const auto d = f.data;
  if (f.link_type != 1 || d.size() < 62 || be16_at(d, 12) != 0x86dd || d[20] != 17)
    return std::nullopt;
  Datagram6 g;
  std::copy_n(d.begin(), 6, g.endpoints.dst_mac.begin());
  std::copy_n(d.begin() + 6, 6, g.endpoints.src_mac.begin());
  std::copy_n(d.begin() + 22, 16, g.endpoints.src_ip.begin());
  std::copy_n(d.begin() + 38, 16, g.endpoints.dst_ip.begin());
  g.endpoints.src_port = be16_at(d, 54);
  g.endpoints.dst_port = be16_at(d, 56);
  const std::size_t udp_length = be16_at(d, 58);
  const bool dhcpv6 = g.endpoints.src_port == 547 || g.endpoints.dst_port == 547;
  if (!dhcpv6 || udp_length < 8 || 54 + udp_length > d.size()) return std::nullopt;
  g.payload.assign(d.begin() + 62, d.begin() + 54 + static_cast<std::ptrdiff_t>(udp_length));
  return g;
}

double seconds_of(const Frame& f) {
  return static_cast<double>(f.ts_sec) + f.ts_nsec * 1e-9;
}

std::string told(const std::vector<ClientStory>& stories) {
  std::string out;
  for (const ClientStory& s : stories) {
    append_story_text(s, out);
    append_story_json(s, out);
    out += '\n';
  }
  return out;
}

// The capture's stories read twice: every frame dissected, and its DHCPv6 handed over typed.
struct TwoReadings {
  std::string dissected, typed;
  std::size_t typed_messages = 0;
};

TwoReadings read_both_ways(const std::string& path) {
  TwoReadings r;
  StoryBuilder dissected, typed;
  CaptureReader reader;
  EXPECT_TRUE(reader.open_file(path)) << reader.error();
  Frame f;
  Dhcpv6StoryEvent event;
  while (reader.next(f)) {
    dissected.add(f);
    const auto g = datagram6_of(f);
    if (!g) {
      typed.add(f);
      continue;
    }
    if (!event.message.parse(g->payload)) {
      typed.note_time(seconds_of(f));
      continue;
    }
    event.frame = f.index;
    event.time = seconds_of(f);
    event.has_macs = true;
    event.src_mac = g->endpoints.src_mac;
    event.dst_mac = g->endpoints.dst_mac;
    event.src_ip = g->endpoints.src_ip;
    event.dst_ip = g->endpoints.dst_ip;
    typed.add_dhcpv6(event);
    ++r.typed_messages;
  }
  r.dissected = told(dissected.finish());
  r.typed = told(typed.finish());
  return r;
}

TEST(StoryDhcpv6Event, TypedMessagesTellTheStoryTheirFramesTell) {
  const std::string captures[] = {
      (test::project_captures_dir() / "ipv6" / "ovmf-pxev6-fallback.pcap").string(),
      (test::project_captures_dir() / "ipv6" / "ovmf-pxev6-no-bootfile.pcap").string(),
      (test::project_captures_dir() / "ipv6" / "dnsmasq-dhcpv6-pxe.pcap").string(),
      test::generated_capture("pxev6-request-refused.pcap"),
      test::generated_capture("pxev6-solicit-unanswered.pcap"),
      test::generated_capture("pxev6-stateless-stall.pcap"),
      test::generated_capture("pxev6-tftp-not-found.pcap"),
      test::generated_capture("dhcpv6-pxe.pcap"),
  };
  for (const std::string& path : captures) {
    const TwoReadings r = read_both_ways(path);
    EXPECT_GT(r.typed_messages, 0u) << path << ": no DHCPv6 handed over typed";
    EXPECT_NE(r.dissected.find("dhcpv6-"), std::string::npos) << path;
    EXPECT_EQ(r.typed, r.dissected) << path;
  }
}

// The live path: the same datagrams as frames (what the responder made of them before) and
// as typed datagrams give one story, the same verdict and a failure capture of the same bytes.
TEST(StoryDhcpv6Event, LiveDatagramsTellTheStoryAndCaptureTheFramesOfTheOldPath) {
  CaptureReader reader;
  const std::string path =
      (test::project_captures_dir() / "ipv6" / "ovmf-pxev6-fallback.pcap").string();
  ASSERT_TRUE(reader.open_file(path)) << reader.error();
  LiveStories as_frames, as_datagrams;
  Frame f;
  std::size_t handed = 0;
  double last = 0;
  while (reader.next(f)) {
    const auto g = datagram6_of(f);
    if (!g) continue;
    // The frame the old path built, stamped as the live clock stamps it.
    const double t = seconds_of(f);
    std::vector<std::uint8_t> bytes;
    build_udp6_frame(g->endpoints, g->payload, bytes);
    Frame built;
    built.ts_sec = static_cast<std::int64_t>(t);
    built.ts_nsec = static_cast<std::uint32_t>((t - static_cast<double>(built.ts_sec)) * 1e9);
    built.original_length = static_cast<std::uint32_t>(bytes.size());
    built.data = bytes;
    as_frames.add_exchange(g->client_mac(), built, nullptr, {});
    as_datagrams.add_dhcpv6_exchange(g->client_mac(), t, g->endpoints, g->payload, nullptr, {});
    ++handed;
    last = t;
  }
  ASSERT_GT(handed, 3u);
  std::vector<FinishedStory> a, b;
  as_frames.finish_all(last + 30, [&](FinishedStory&& s) { a.push_back(std::move(s)); });
  as_datagrams.finish_all(last + 30, [&](FinishedStory&& s) { b.push_back(std::move(s)); });
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(told({b[0].story}), told({a[0].story}));
  EXPECT_GT(b[0].story.solicits, 0u);
  ASSERT_EQ(b[0].frames.size(), a[0].frames.size());
  for (std::size_t i = 0; i < a[0].frames.size(); ++i) {
    EXPECT_EQ(b[0].frames[i].data, a[0].frames[i].data) << "frame " << i;
    EXPECT_EQ(b[0].frames[i].original_length, a[0].frames[i].original_length) << "frame " << i;
    EXPECT_EQ(b[0].frames[i].ts_nsec, a[0].frames[i].ts_nsec) << "frame " << i;
    EXPECT_FALSE(b[0].frames[i].datagram6) << "a failure capture holds whole frames";
  }
}

// More datagrams than the story's head and window keep: the ones that leave the window are
// handed to the builder typed in order, and the verdict still counts every Solicit.
TEST(StoryDhcpv6Event, DatagramsLeavingTheWindowAreToldInOrder) {
  LiveStoryLimits limits;
  limits.head_packets = 2;
  limits.window_packets = 3;
  LiveStories live(limits);
  // An EDK2 Solicit: DUID-LL of the MAC, option 61 arch 7, ORO asking for 59.
  const std::array<std::uint8_t, 6> mac = {0x52, 0x54, 0, 0x12, 0x34, 0x56};
  std::vector<std::uint8_t> solicit = {1, 0, 0, 1, 0, 1, 0, 10, 0, 3, 0, 1};
  solicit.insert(solicit.end(), mac.begin(), mac.end());
  const std::vector<std::uint8_t> tail = {0, 61, 0, 2, 0, 7, 0, 6, 0, 2, 0, 59};
  solicit.insert(solicit.end(), tail.begin(), tail.end());
  Udp6Endpoints ends;
  ends.src_mac = mac;
  ends.dst_mac = multicast_mac6({0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2});
  ends.src_ip = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x50, 0x54, 0, 0xff, 0xfe, 0x12, 0x34, 0x56};
  ends.dst_ip = {0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2};
  ends.src_port = 546;
  ends.dst_port = 547;
  for (int i = 0; i < 8; ++i) {
    solicit[3] = static_cast<std::uint8_t>(i);  // its xid
    live.add_dhcpv6_exchange(mac, 1000.0 + i, ends, solicit, nullptr, {});
  }
  std::vector<FinishedStory> done;
  live.finish_all(1100.0, [&](FinishedStory&& s) { done.push_back(std::move(s)); });
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].story.solicits, 8u);
  EXPECT_EQ(done[0].story.arch, 7);
  EXPECT_EQ(done[0].story.verdict, Verdict::NoDhcpv6Offer);
  EXPECT_EQ(done[0].frames.size(), 5u);  // head 2 + window 3
  EXPECT_EQ(done[0].frames_dropped, 3u);
  std::uint32_t xid = 0;
  for (const TimelineEvent& e : done[0].story.timeline)
    if (e.kind == "dhcpv6-solicit") {
      char expected[16];
      std::snprintf(expected, sizeof expected, "0x%06x", xid++);
      EXPECT_NE(e.text.find(expected), std::string::npos) << e.text;
    }
  EXPECT_EQ(xid, 8u);
}

}  // namespace
}  // namespace pxescope
