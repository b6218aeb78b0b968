// Boot stories over IPv6 (PXEv6): OVMF's real fallback from IPv4 to IPv6 recorded in the lab
// (captures/ipv6/ovmf-pxev6-*.pcap) and the generated PXEv6 captures: the DHCPv6 timeline, the
// machine linked across IPv4 and IPv6 by its MAC, when and why IPv4 was given up, the IPv6
// verdicts (no-dhcpv6-offer, no-bootfile-url) and the TFTP verdicts over IPv6.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/dhcpv6/dhcpv6_duid.hpp"
#include "analyzer/story/boot_story.hpp"
#include "analyzer/story/dhcpv6_message.hpp"
#include "analyzer/story/story_render.hpp"
#include "story_test_support.hpp"
#include "tests/test_captures.hpp"

namespace pxescope {
namespace {

std::string ipv6_capture(const char* name) {
  return (test::project_captures_dir() / "ipv6" / name).string();
}

// The one story of a capture of one client.
ClientStory only_story(const std::string& path) {
  auto clients = testing::stories_of(path);
  EXPECT_EQ(clients.size(), 1u) << path;
  return clients.empty() ? ClientStory{} : std::move(clients.front());
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The first event of `kind`, or nullptr.
const TimelineEvent* first_event(const ClientStory& s, const std::string& kind) {
  const auto it = std::find_if(s.timeline.begin(), s.timeline.end(),
                               [&](const TimelineEvent& e) { return e.kind == kind; });
  return it == s.timeline.end() ? nullptr : &*it;
}
std::size_t position(const ClientStory& s, const TimelineEvent* e) {
  return static_cast<std::size_t>(e - s.timeline.data());
}

TEST(StoryIpv6, RecordedFallbackTellsBothHalvesOfOneMachine) {
  // DHCPv4 and DHCPv6 are one machine (by MAC: OVMF sends a DUID-UUID).
  const ClientStory s = only_story(ipv6_capture("ovmf-pxev6-fallback.pcap"));
  EXPECT_EQ(s.arch, 7);
  EXPECT_TRUE(s.vendor_class.starts_with("PXEClient:Arch:00007"));

  // The IPv4 half: the router's DHCP without boot information.
  EXPECT_TRUE(s.ipv4_attempt);
  EXPECT_EQ(s.ipv4_verdict, Verdict::NoBootInfo);
  EXPECT_TRUE(contains(s.ipv4_reason, "PXE-E16")) << s.ipv4_reason;
  EXPECT_TRUE(contains(s.ipv4_reason, "192.168.77.1")) << s.ipv4_reason;

  // The IPv6 half: Solicit (arch 7) -> Advertise with 59 -> Request -> Reply -> TFTP over IPv6.
  const TimelineEvent* fallback = first_event(s, "ipv6-fallback");
  const TimelineEvent* solicit = first_event(s, "dhcpv6-solicit");
  const TimelineEvent* advertise = first_event(s, "dhcpv6-advertise");
  const TimelineEvent* reply = first_event(s, "dhcpv6-reply");
  const TimelineEvent* transfer = first_event(s, "tftp-transfer");
  ASSERT_TRUE(fallback && solicit && advertise && reply && transfer);
  EXPECT_TRUE(contains(fallback->text, "gave up on IPv4 (no-boot-info")) << fallback->text;
  EXPECT_TRUE(contains(fallback->text, "moved to IPv6 (PXEv6)")) << fallback->text;
  EXPECT_GT(fallback->time, 30.0) << "EDK2 spends about a minute on PXEv4 first";
  EXPECT_EQ(position(s, fallback) + 1, position(s, solicit));
  const TimelineEvent* last_offer = nullptr;
  for (const TimelineEvent& e : s.timeline)
    if (e.kind == "dhcp-offer") last_offer = &e;
  ASSERT_TRUE(last_offer);
  EXPECT_LT(position(s, last_offer), position(s, fallback));
  EXPECT_TRUE(contains(solicit->text, "DHCPv6 Solicit")) << solicit->text;
  EXPECT_TRUE(contains(solicit->text, "arch 7 (x64 UEFI)")) << solicit->text;
  EXPECT_TRUE(contains(solicit->text, "PXEClient:Arch:00007:UNDI:003000")) << solicit->text;
  EXPECT_TRUE(contains(solicit->text, "asks for a boot file URL (59)")) << solicit->text;
  EXPECT_TRUE(contains(advertise->text, "boot file URL tftp://[fd00:77::2]/syslinux.efi"))
      << advertise->text;
  EXPECT_TRUE(contains(advertise->text, "address fd00:77::")) << advertise->text;
  EXPECT_LT(position(s, advertise), position(s, reply));
  EXPECT_TRUE(contains(transfer->text, "TFTP syslinux.efi: 171456 bytes")) << transfer->text;
  ASSERT_TRUE(first_event(s, "tftp-size-probe"));

  const auto done = std::find_if(s.transfers.begin(), s.transfers.end(),
                                 [](const TftpTransferStory& x) { return x.complete; });
  ASSERT_NE(done, s.transfers.end());
  EXPECT_EQ(server_text(*done), "fd00:77::2");
  EXPECT_EQ(done->bytes, 171456u);

  // Debian's syslinux.efi speaks only IPv4: downloaded over IPv6, then nothing followed.
  EXPECT_EQ(s.verdict, Verdict::IncompleteCapture) << s.reason;
  EXPECT_TRUE(contains(s.reason, "downloaded syslinux.efi but nothing followed")) << s.reason;
  EXPECT_TRUE(contains(s.reason, "over IPv4, no-boot-info")) << s.reason;

  std::string json;
  append_story_json(s, json);
  const auto o = nlohmann::json::parse(json);
  EXPECT_EQ(o["ipv4_attempt"]["verdict"], "no-boot-info");
  EXPECT_TRUE(contains(o["ipv4_attempt"]["reason"].get<std::string>(), "PXE-E16"));
  EXPECT_EQ(o["transfers"].back()["server"], "fd00:77::2");
}

TEST(StoryIpv6, RecordedAdvertiseWithoutBootfileUrlIsNoBootfileUrl) {
  const ClientStory s = only_story(ipv6_capture("ovmf-pxev6-no-bootfile.pcap"));
  EXPECT_EQ(verdict_code(s.verdict), "no-bootfile-url") << s.reason;
  EXPECT_TRUE(contains(s.reason, "option 59")) << s.reason;
  EXPECT_TRUE(contains(s.reason, "with an address")) << s.reason;
  EXPECT_TRUE(contains(s.reason, "over IPv4, no-boot-info")) << s.reason;
  EXPECT_TRUE(contains(s.fix, "option6:bootfile-url")) << s.fix;
  EXPECT_TRUE(s.ipv4_attempt);
  const TimelineEvent* advertise = first_event(s, "dhcpv6-advertise");
  ASSERT_TRUE(advertise);
  EXPECT_TRUE(contains(advertise->text, "no boot file URL (option 59)")) << advertise->text;
  ASSERT_TRUE(first_event(s, "ipv6-fallback"));
}

TEST(StoryIpv6, SolicitsNobodyAnswersAreNoDhcpv6Offer) {
  const ClientStory s = only_story(test::generated_capture("pxev6-solicit-unanswered.pcap"));
  EXPECT_EQ(verdict_code(s.verdict), "no-dhcpv6-offer") << s.reason;
  EXPECT_TRUE(contains(s.reason, "5 DHCPv6 Solicit(s) over 15 s")) << s.reason;
  EXPECT_TRUE(contains(s.fix, "enable-ra")) << s.fix;
  EXPECT_FALSE(s.ipv4_attempt) << "an IPv6-only client has no IPv4 half";
  EXPECT_EQ(s.solicits, 5u);
  EXPECT_EQ(s.arch, 7);
  EXPECT_EQ(s.mac, (std::array<std::uint8_t, 6>{0x52, 0x54, 0x00, 0xc0, 0xff, 0xee}));
}

TEST(StoryIpv6, RequestsAnsweredWithoutAnAddressAreDhcpv6Refused) {
  const ClientStory s = only_story(test::generated_capture("pxev6-request-refused.pcap"));
  EXPECT_EQ(verdict_code(s.verdict), "dhcpv6-refused") << s.reason;
  EXPECT_TRUE(contains(s.reason,
                       "answered 3 Request(s) with no address, status 1 (UnspecFail) "
                       "\"address in use\""))
      << s.reason;
  EXPECT_EQ(s.dhcpv6_refusals, 3u);
  EXPECT_TRUE(contains(s.fix, "address in use")) << s.fix;
}

// A stateless boot server beside the LAN's DHCPv6 server: one Advertise with the address,
// another with the URL, and EDK2 stalls without a Request. Not incomplete-capture: the
// capture goes on 20 s, and the verdict says which server gave what and what to change.
TEST(StoryIpv6, AddressAndUrlFromTwoServersThenSilenceIsDhcpv6SplitAnswer) {
  const ClientStory s = only_story(test::generated_capture("pxev6-stateless-stall.pcap"));
  EXPECT_EQ(verdict_code(s.verdict), "dhcpv6-split-answer") << s.reason;
  EXPECT_TRUE(contains(s.reason, "fe80::5054:ff:fe00:4 offered an address but no boot file URL"))
      << s.reason;
  EXPECT_TRUE(
      contains(s.reason, "fe80::5054:ff:fe00:2 a boot file URL (bootx64.efi) but no address"))
      << s.reason;
  EXPECT_TRUE(contains(s.reason, "no Request")) << s.reason;
  EXPECT_TRUE(contains(s.reason, "in the 19 s the capture goes on")) << s.reason;
  EXPECT_TRUE(contains(s.fix, "option6:bootfile-url")) << s.fix;
  EXPECT_EQ(s.solicits, 1u);
}

// The same exchange cut 2 s after the Advertises proves nothing yet: incomplete-capture.
TEST(StoryIpv6, SplitAnswerNeedsTheSilenceToBeInTheCapture) {
  CaptureReader reader;
  ASSERT_TRUE(reader.open_file(test::generated_capture("pxev6-stateless-stall.pcap")));
  StoryBuilder builder;
  Frame f;
  for (int frames = 0; frames < 3 && reader.next(f); ++frames)
    builder.add(f);  // the Solicit and the two Advertises, without the router's RA 20 s later
  const auto stories = builder.finish();
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(verdict_code(stories.front().verdict), "incomplete-capture") << stories.front().reason;
}

TEST(StoryIpv6, TftpVerdictsApplyOverIpv6) {
  {
    // DHCPv6 from fe80:: and TFTP from 2001:db8::150: one client.
    const ClientStory s = only_story(test::generated_capture("pxev6-tftp-not-found.pcap"));
    EXPECT_EQ(verdict_code(s.verdict), "tftp-file-not-found") << s.reason;
    EXPECT_TRUE(contains(s.reason, "the TFTP server at 2001:db8::1")) << s.reason;
    EXPECT_TRUE(contains(s.reason, "bootx64.efi")) << s.reason;
  }
  {
    const ClientStory s = only_story(test::generated_capture("icmpv6-port-unreachable.pcap"));
    EXPECT_EQ(verdict_code(s.verdict), "tftp-unanswered") << s.reason;
    EXPECT_TRUE(contains(s.reason, "to 2001:db8::1 got ICMP port unreachable")) << s.reason;
    const TimelineEvent* icmp = first_event(s, "icmp-unreachable");
    ASSERT_TRUE(icmp);
    EXPECT_EQ(icmp->text,
              "ICMPv6 port unreachable from 2001:db8::1 for TFTP port 69: no TFTP server listens "
              "there");
  }
  {
    // The DUID-UUID Information-request is the same MAC.
    const ClientStory s = only_story(test::generated_capture("dhcpv6-pxe.pcap"));
    EXPECT_EQ(verdict_code(s.verdict), "incomplete-capture") << s.reason;
    EXPECT_TRUE(contains(s.reason, "offered boot file bootx64.efi")) << s.reason;
    const TimelineEvent* reply = first_event(s, "dhcpv6-reply");
    ASSERT_TRUE(reply);
    EXPECT_TRUE(contains(reply->text, "DHCPv6 Reply from fe80::5054:ff:fe00:2")) << reply->text;
    EXPECT_TRUE(contains(reply->text, "address 2001:db8::150")) << reply->text;
  }
}

// OVMF tried PXEv6 after an IPv4 failure on a LAN without DHCPv6: the IPv4 verdict stays (the
// recorded stories keep theirs), and the story says the firmware moved on.
TEST(StoryIpv6, UnansweredPxev6AfterIpv4KeepsTheIpv4Verdict) {
  const ClientStory s = only_story(test::story_capture("uefi-block-4011.pcap"));
  EXPECT_EQ(verdict_code(s.verdict), "no-4011-answer") << s.reason;
  EXPECT_TRUE(contains(s.reason, "then the firmware tried PXEv6")) << s.reason;
  EXPECT_TRUE(contains(s.reason, "no DHCPv6 server answered")) << s.reason;
  const TimelineEvent* fallback = first_event(s, "ipv6-fallback");
  ASSERT_TRUE(fallback);
  EXPECT_TRUE(contains(fallback->text, "gave up on IPv4 (no-4011-answer")) << fallback->text;
}

TEST(StoryIpv6, DuidCarriesTheMacAndUrlsSplit) {
  const std::uint8_t llt[] = {0, 1, 0, 1, 0x2a, 0x3b, 0x4c, 0x5d, 0x52, 0x54, 0, 0xc0, 0xff, 0xee};
  const std::uint8_t ll[] = {0, 3, 0, 1, 0x52, 0x54, 0, 0xc0, 0xff, 0xee};
  const std::uint8_t uuid[] = {0, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  const std::uint8_t token_ring[] = {0, 3, 0, 6, 0x52, 0x54, 0, 0xc0, 0xff, 0xee};
  const std::array<std::uint8_t, 6> mac{0x52, 0x54, 0, 0xc0, 0xff, 0xee};
  EXPECT_EQ(dhcpv6::duid_ethernet_mac(llt), mac);
  EXPECT_EQ(dhcpv6::duid_ethernet_mac(ll), mac);
  EXPECT_FALSE(dhcpv6::duid_ethernet_mac(uuid));
  EXPECT_FALSE(dhcpv6::duid_ethernet_mac(token_ring));
  std::string scheme, host, path;
  ASSERT_TRUE(split_boot_url("tftp://[fd00:77::2]/efi/syslinux.efi", scheme, host, path));
  EXPECT_EQ(scheme, "tftp");
  EXPECT_EQ(host, "fd00:77::2");
  EXPECT_EQ(path, "efi/syslinux.efi");
  ASSERT_TRUE(split_boot_url("http://boot.lab:8080/x.efi", scheme, host, path));
  EXPECT_EQ(host, "boot.lab");
  EXPECT_EQ(path, "x.efi");
  EXPECT_FALSE(split_boot_url("syslinux.efi", scheme, host, path));
}

}  // namespace
}  // namespace pxescope
