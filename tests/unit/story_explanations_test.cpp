// Boot stories tell the truth: two proxies are a conflict whatever followed, phones are not
// PXE clients, and the reasons, events and times fit the firmware and what really happened.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <string>

#include "analyzer/story/story_render.hpp"
#include "cli_test_support.hpp"
#include "story_test_support.hpp"

namespace pxescope {
namespace {

using namespace pxescope::testing;

constexpr std::uint32_t kOtherProxy = ip4(192, 168, 77, 3);

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

const TimelineEvent* find_event(const ClientStory& s, std::string_view kind) {
  for (const TimelineEvent& e : s.timeline)
    if (e.kind == kind) return &e;
  return nullptr;
}

// The first DISCOVER answered by two proxies (.2 undionly.kpxe, .3 pxelinux.0) and the router.
void two_proxies_answer(Script& s) {
  s.client_dhcp(0.0, discover(0x11, 0));
  s.server_dhcp(0.01, reply(2, Script::kServer, 0, "undionly.kpxe", Script::kServer),
                Script::kServer);
  s.server_dhcp(0.02, reply(2, kOtherProxy, 0, "pxelinux.0", kOtherProxy), kOtherProxy);
  s.server_dhcp(1.0, reply(2, Script::kRouter, Script::kClient, {}, 0, false), Script::kRouter);
  s.client_dhcp(1.1, request(0x11, 0));
  s.server_dhcp(1.2, reply(5, Script::kRouter, Script::kClient, {}, 0, false), Script::kRouter);
}

TEST(StoryConflictingProxies, WinsOverTheChainloadLoopThatFollowed) {
  Script s;
  two_proxies_answer(s);
  undionly_loops(s);
  const auto stories = s.run();
  const ClientStory& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "conflicting-proxies") << story.reason;
  for (const char* part : {"192.168.77.2", "undionly.kpxe", "192.168.77.3", "pxelinux.0",
                           "depends on which offer wins"})
    EXPECT_TRUE(contains(story.reason, part)) << part << ": " << story.reason;
}

TEST(StoryConflictingProxies, WinsOverABootThatWorkedThisTime) {
  Script s;
  two_proxies_answer(s);
  download(s, 2.0, 2000, "pxelinux.0", 3);
  download(s, 3.0, 2001, "ldlinux.c32", 2);
  const auto stories = s.run();
  const ClientStory& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "conflicting-proxies");
  EXPECT_TRUE(contains(story.reason, "this time it downloaded pxelinux.0 from 192.168.77.2"))
      << story.reason;
}

TEST(StoryConflictingProxies, NamesTheFileAMenuProxyHandsOutOnPort4011) {
  Script s;
  s.client_dhcp(0.0, discover(0x11, 0));
  Bootp menu_offer = reply(2, Script::kServer, 0);
  menu_offer.options.push_back(
      opt(43, {9, 8, 0x80, 0x00, 5, 'L', 'i', 'n', 'u', 'x', 10, 2, 0, 'x', 255}));
  s.server_dhcp(0.01, menu_offer, Script::kServer);
  s.server_dhcp(0.02, reply(2, kOtherProxy, 0, "undionly.kpxe", kOtherProxy), kOtherProxy);
  Bootp bs_request = request(0x77, 0);
  bs_request.ciaddr = Script::kClient;
  s.client_dhcp(2.0, bs_request, Script::kClient, Script::kServer, 68, 4011);
  s.server_dhcp(2.01, reply(5, Script::kServer, 0, "pxelinux.0", Script::kServer), Script::kServer,
                4011, 68, Script::kClient);
  const auto stories = s.run();
  const ClientStory& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "conflicting-proxies");
  EXPECT_TRUE(contains(story.reason, "menu \"Linux\" (file pxelinux.0 on port 4011)"))
      << story.reason;
  EXPECT_TRUE(contains(story.reason, "undionly.kpxe")) << story.reason;
}

// A phone: DORA with its own vendor class, no PXEClient, no option 93.
void phone_gets_an_address(Script& s) {
  Bootp phone;
  phone.mac = {0x3c, 0x28, 0x6d, 0x01, 0x02, 0x03};
  phone.xid = 0x5150;
  phone.options = {opt(53, {1}), opt(60, "android-dhcp-13"), opt(55, {1, 3, 6, 15, 26, 28})};
  s.at(0.5, eth_frame(phone.mac, ipv4_udp(0, 0xffffffff, 68, 67, bootp_payload(phone))));
  Bootp offer = reply(2, Script::kRouter, ip4(192, 168, 77, 160), {}, 0, false);
  offer.mac = phone.mac;
  offer.xid = phone.xid;
  s.server_dhcp(0.6, offer, Script::kRouter);
  phone.options[0] = opt(53, {3});
  s.at(0.7, eth_frame(phone.mac, ipv4_udp(0, 0xffffffff, 68, 67, bootp_payload(phone))));
  offer.options[0] = opt(53, {5});
  s.server_dhcp(0.8, offer, Script::kRouter);
}

TEST(StoryNotPxe, APhoneGetsNoPxeVerdictAndNoFix) {
  Script s;
  for (int i = 0; i < 4; ++i) s.client_dhcp(i * 4.0, discover());  // a PXE client, unanswered
  phone_gets_an_address(s);
  const auto stories = s.run();
  ASSERT_EQ(stories.size(), 2u);
  EXPECT_EQ(verdict_code(stories[0].verdict), "no-offer");
  const ClientStory& phone = stories[1];
  EXPECT_EQ(verdict_code(phone.verdict), "not-pxe") << phone.reason;
  EXPECT_TRUE(phone.fix.empty()) << phone.fix;
  EXPECT_FALSE(contains(phone.reason, "PXE-E")) << phone.reason;
  EXPECT_TRUE(contains(phone.reason, "android-dhcp-13")) << phone.reason;
}

TEST(StoryNotPxe, DiagnoseHidesThemUnlessAllClients) {
  const std::string bin = test::pxescope_bin();
  if (!std::filesystem::exists(bin)) GTEST_SKIP() << "pxescope binary not built at " << bin;
  Script s;
  for (int i = 0; i < 4; ++i) s.client_dhcp(i * 4.0, discover());
  phone_gets_an_address(s);
  const std::filesystem::path pcap = std::filesystem::temp_directory_path() /
                                     ("pxescope-not-pxe-" + std::to_string(getpid()) + ".pcap");
  write_pcap(pcap, 1, s.test_frames());
  const auto hidden = test::run_command(bin + " diagnose " + pcap.string());
  const auto json = test::run_command(bin + " diagnose --json " + pcap.string());
  const auto shown = test::run_command(bin + " diagnose --all-clients --json " + pcap.string());
  std::filesystem::remove(pcap);
  EXPECT_EQ(hidden.exit_code, 0) << hidden.err;
  EXPECT_TRUE(contains(hidden.out, "no-offer")) << hidden.out;
  EXPECT_FALSE(contains(hidden.out, "3c:28:6d:01:02:03")) << hidden.out;
  EXPECT_TRUE(contains(hidden.out, "--all-clients")) << hidden.out;
  EXPECT_EQ(test::split_lines(json.out).size(), 1u) << json.out;
  ASSERT_EQ(test::split_lines(shown.out).size(), 2u) << shown.out;
  EXPECT_TRUE(contains(test::split_lines(shown.out)[1], "\"verdict\":\"not-pxe\"")) << shown.out;
}

TEST(StoryExplanations, Edk2WithoutBootOfferIsPxeE16AndBiosRomIsPxeE53) {
  for (int arch : {7, 0}) {
    Script s;
    Bootp d = discover(0x11, arch);
    if (arch == 0)  // a PXE 2.1 BIOS ROM's option order, not EDK2's
      d.options = bios_rom_discover_options();
    s.client_dhcp(0.0, d);
    s.server_dhcp(1.0, reply(2, Script::kRouter, Script::kClient, {}, 0, false), Script::kRouter);
    d.xid = 0x55;
    s.client_dhcp(9.0, d);
    const auto stories = s.run();
    const ClientStory& story = only(stories);
    EXPECT_EQ(verdict_code(story.verdict), "no-boot-info") << arch;
    EXPECT_TRUE(contains(story.reason, arch == 7 ? "PXE-E16" : "PXE-E53")) << story.reason;
    EXPECT_FALSE(contains(story.reason, arch == 7 ? "PXE-E53" : "PXE-E16")) << story.reason;
  }
}

TEST(StoryExplanations, AnOfferedAddressIsNotOneTheClientTook) {
  Script s;
  s.client_dhcp(0.0, discover());
  s.server_dhcp(1.0, reply(2, Script::kRouter, Script::kClient, {}, 0, false), Script::kRouter);
  s.client_dhcp(9.0, discover(0x55));
  const auto stories = s.run();
  const ClientStory& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "no-boot-info");
  EXPECT_TRUE(
      contains(story.reason, "192.168.77.1 offered an address (the client did not take it)"))
      << story.reason;
}

TEST(StoryExplanations, PxelinuxConfigMissesAreNormalButAMissingDefaultIsNot) {
  Script s;
  dora_with_file(s, "pxelinux.0", 0);
  download(s, 2.0, 2000, "pxelinux.0", 3);
  download(s, 3.0, 2001, "ldlinux.c32", 2);
  int port = 2002;
  for (const char* file :
       {"pxelinux.cfg/01-52-54-00-12-34-56", "pxelinux.cfg/C0A84D", "pxelinux.cfg/default"}) {
    s.client_udp(4.0 + port * 0.001, static_cast<std::uint16_t>(port), Script::kServer, 69,
                 tftp(1, {file, "octet"}));
    s.server_udp(4.0 + port * 0.001 + 0.0005, Script::kServer, 50000,
                 static_cast<std::uint16_t>(port), tftp(5, {"File not found"}, 1));
    ++port;
  }
  const auto stories = s.run();
  const ClientStory& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "booted");
  int normal = 0, errors = 0;
  for (const TimelineEvent& e : story.timeline) {
    if (e.kind == "tftp-config-probe") {
      ++normal;
      EXPECT_TRUE(contains(e.text, "normal")) << e.text;
    }
    if (e.kind == "tftp-error") {
      ++errors;
      EXPECT_TRUE(contains(e.text, "pxelinux.cfg/default")) << e.text;
      EXPECT_FALSE(contains(e.text, "normal")) << e.text;
    }
  }
  EXPECT_EQ(normal, 2);
  EXPECT_EQ(errors, 1);
}

TEST(StoryExplanations, ACompletedTransferNeverBlamesAMissingTftpServer) {
  Script s;
  dora_with_file(s, "pxelinux.0", 0);
  s.client_udp(1.9, 2000, Script::kServer, 69, tftp(1, {"pxelinux.0", "octet"}));
  s.at(1.95,
       eth_frame({2, 0, 0, 0, 0, 9}, icmp_port_unreachable(ip4(192, 168, 77, 9), Script::kClient,
                                                           2000, Script::kServer, 69)));
  download(s, 2.0, 2000, "pxelinux.0", 3);  // the same request repeated and answered
  download(s, 3.0, 2001, "ldlinux.c32", 2);
  const auto stories = s.run();
  const ClientStory& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "booted");
  const TimelineEvent* icmp = find_event(story, "icmp-unreachable");
  ASSERT_NE(icmp, nullptr);
  EXPECT_FALSE(contains(icmp->text, "no TFTP server listens")) << icmp->text;
  EXPECT_TRUE(contains(icmp->text, "answered")) << icmp->text;
}

TEST(StoryExplanations, RepeatedDiscoversCollapseIntoOneLine) {
  Script s;
  for (int i = 0; i < 4; ++i) s.client_dhcp(i * 9.25, discover());
  const auto stories = s.run();
  std::string text;
  append_story_text(only(stories), text);
  EXPECT_TRUE(contains(text, "DISCOVER xid 0x11223344")) << text;
  EXPECT_TRUE(contains(text, " ×4, 0.0–27.8 s")) << text;
  EXPECT_EQ(text.find("DISCOVER xid"), text.rfind("DISCOVER xid")) << text;
}

TEST(StoryExplanations, TimesFromTheCaptureStartAsWellAsFromTheClient) {
  Script s;
  s.at(0.0, eth_frame({2, 0, 0, 0, 0, 7}, Bytes{}));  // the capture starts before the client
  for (int i = 0; i < 2; ++i) s.client_dhcp(5.0 + i * 4.0, discover(0x11 + i));
  const auto stories = s.run();
  const ClientStory& story = only(stories);
  ASSERT_EQ(story.timeline.size(), 2u);
  EXPECT_NEAR(story.timeline[1].time, 4.0, 1e-6);
  EXPECT_NEAR(story.timeline[1].capture_time, 9.0, 1e-6);
  std::string client_times, capture_times, json;
  append_story_text(story, client_times);
  append_story_text(story, capture_times, {.capture_time = true});
  append_story_json(story, json);
  EXPECT_TRUE(contains(client_times, "     4.000  #3")) << client_times;
  EXPECT_TRUE(contains(capture_times, "     9.000  #3")) << capture_times;
  EXPECT_TRUE(contains(capture_times, "5.000 s into the capture")) << capture_times;
  EXPECT_TRUE(contains(json, "\"capture_time\":9.000")) << json;
}

}  // namespace
}  // namespace pxescope
