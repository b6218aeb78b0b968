// Boot stories: the real firmware captures, then one scripted capture per verdict code.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "analyzer/capture_reader.hpp"
#include "analyzer/packet_dissector.hpp"
#include "analyzer/story/boot_story.hpp"
#include "story_test_support.hpp"
#include "tests/test_captures.hpp"

namespace pxescope {
namespace {

using namespace pxescope::testing;
using pxescope::test::recordings_of;

// Option 97's UUID in the first DISCOVER of a recording (it changes with each re-recording).
std::string first_discover_uuid(const std::string& path) {
  CaptureReader reader;
  if (!reader.open_file(path)) return {};
  PacketDissector dissector;
  Frame frame;
  while (reader.next(frame)) {
    FieldTree tree;
    dissector.dissect(frame, tree);
    const NodeId type = tree.find("dhcp.option.dhcp");
    const NodeId uuid = tree.find("dhcp.client_id.uuid");
    if (type != kNoNode && tree[type].uint_value == 1 && uuid != kNoNode)
      return tree[uuid].str_value;
  }
  return {};
}

// The project's recording stops once syslinux.efi is transferred (--until boot-file): the
// program's own DHCP ends it. ../shared's goes on to ldlinux.e64.
TEST(StoryRealCaptures, OvmfEdk2BootsAfterSizeProbeAnd4011) {
  for (const std::string& path : recordings_of("ovmf-edk2-proxydhcp.pcap")) {
    SCOPED_TRACE(path);
    const auto stories = stories_of(path);
    ASSERT_EQ(stories.size(), 1u);
    const ClientStory& s = stories[0];
    EXPECT_EQ(verdict_code(s.verdict), "booted");
    EXPECT_NE(s.reason.find("syslinux.efi"), std::string::npos);
    const bool went_on = s.reason.find("asked for ldlinux.e64") != std::string::npos;
    const bool own_dhcp = s.reason.find("sent its own DHCP") != std::string::npos;
    EXPECT_TRUE(went_on || own_dhcp) << s.reason;
    EXPECT_EQ(s.arch, 7);
    const std::string uuid = first_discover_uuid(path);
    ASSERT_EQ(uuid.size(), 36u) << uuid;
    EXPECT_EQ(s.uuid, uuid);
    EXPECT_EQ(s.pxe_4011_requests, 1u);
    ASSERT_GE(s.transfers.size(), 2u);
    // The first RRQ is EDK2's size probe: OACK, then the client's ERROR 8. Not a failure.
    EXPECT_TRUE(s.transfers[0].tsize_probe);
    EXPECT_EQ(s.transfers[0].error_code, 8);
    EXPECT_EQ(s.transfers[0].tsize, 171456u);
    EXPECT_TRUE(s.transfers[1].complete);
    EXPECT_EQ(s.transfers[1].bytes, 171456u);
    EXPECT_EQ(s.transfers[1].blksize, 1468u);
    EXPECT_EQ(s.transfers[1].requested_options, "blksize=1468 windowsize=4");
    EXPECT_GT(s.later_dhcp, 0u);  // syslinux.efi's own DHCP
    EXPECT_TRUE(has_event(s, "tftp-size-probe"));
    EXPECT_TRUE(has_event(s, "pxe-4011-ack"));
    EXPECT_TRUE(has_event(s, "proxy-offer"));
  }
}

// Each boot with TFTP is booted, and the reason names the file the boot program asked next.
TEST(StoryRealCaptures, EveryRealBootWithTftpIsBooted) {
  const std::pair<const char*, const char*> boots[] = {
      {"seabios-ipxe-proxydhcp", "ldlinux.c32"},
      {"seabios-ipxe-virtio-proxydhcp", "ldlinux.c32"},
      {"seabios-ipxe-fulldhcp-norouter", "ldlinux.c32"},
      {"ovmf-ipxe-proxydhcp", "ldlinux.e64"}};
  for (const auto& [name, next] : boots) {
    for (const std::string& path : recordings_of(std::string(name) + ".pcap")) {
      const auto stories = stories_of(path);
      ASSERT_EQ(stories.size(), 1u) << path;
      EXPECT_EQ(verdict_code(stories[0].verdict), "booted") << path << ": " << stories[0].reason;
      EXPECT_NE(stories[0].reason.find(std::string("asked for ") + next), std::string::npos)
          << path << ": " << stories[0].reason;
      EXPECT_NE(stories[0].firmware.name.find("iPXE"), std::string::npos) << path;
    }
  }
}

TEST(StoryRealCaptures, CaptureEndingAtTheOfferIsIncomplete) {
  for (const std::string& path :
       recordings_of("aavmf-arm64-proxydhcp.pcap", "aavmf-arm64-edk2-proxydhcp.pcap")) {
    const auto stories = stories_of(path);
    ASSERT_EQ(stories.size(), 1u) << path;
    EXPECT_EQ(verdict_code(stories[0].verdict), "incomplete-capture") << path;
    EXPECT_EQ(stories[0].arch, 11) << path;
  }
}

// --- scripted captures, one per verdict ---

TEST(StoryVerdicts, NoOffer) {
  Script s;
  for (int i = 0; i < 4; ++i) s.client_dhcp(i * 4.0, discover());
  const auto v = s.run();
  EXPECT_EQ(verdict_code(only(v).verdict), "no-offer");
  EXPECT_NE(only(v).reason.find("4 DISCOVER"), std::string::npos);
}

// Found by fuzzing pcapng files (if_tsoffset): the seconds went through an int, undefined
// (and negative in practice) for frames about 30,000 years apart.
TEST(StoryVerdicts, NoOfferOverTrillionsOfSecondsSaysHowMany) {
  Script s;
  s.client_dhcp(0.0, discover());
  s.client_dhcp(1e12, discover());
  const auto v = s.run();
  EXPECT_EQ(verdict_code(only(v).verdict), "no-offer");
  EXPECT_NE(only(v).reason.find("2 DISCOVER(s) over 1000000000000 s"), std::string::npos)
      << only(v).reason;
}

TEST(StoryVerdicts, ShortCaptureIsIncomplete) {
  Script s;
  s.client_dhcp(0.0, discover());
  s.client_dhcp(1.0, discover());
  const auto stories = s.run();
  EXPECT_EQ(verdict_code(only(stories).verdict), "incomplete-capture");
}

TEST(StoryVerdicts, AddressButNoBootInfo) {
  Script s;
  address_without_boot_info(s);
  const auto stories = s.run();
  const auto& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "no-boot-info");
  EXPECT_NE(story.reason.find("PXE-E16"), std::string::npos);  // EDK2-shaped client
  EXPECT_NE(story.fix.find("proxy"), std::string::npos);
}

TEST(StoryVerdicts, No4011Answer) {
  Script s;
  dora_with_file(s, "");
  for (int i = 0; i < 3; ++i) {
    Bootp r = request(0x77);
    r.ciaddr = Script::kClient;
    s.client_dhcp(2.0 + i * 2.0, r, Script::kClient, Script::kServer, 4011, 4011);
  }
  s.at(8.0, eth_frame(kStoryMac, Bytes{}));  // the capture goes on (an odd runt frame)
  const auto stories = s.run();
  const auto& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "no-4011-answer");
  EXPECT_EQ(story.pxe_4011_requests, 3u);
  EXPECT_NE(story.fix.find("4011"), std::string::npos);
}

TEST(StoryVerdicts, UefiMenuWithNobodyOn4011IsFlaggedOnTheOffer) {
  Script s;
  s.client_dhcp(0.0, discover());
  Bootp menu_offer = reply(2, Script::kServer, 0);
  menu_offer.options.push_back(
      opt(43, {9, 8, 0x80, 0x00, 5, 'L', 'i', 'n', 'u', 'x', 10, 2, 0, 'x', 255}));
  s.server_dhcp(0.01, menu_offer, Script::kServer);
  s.server_dhcp(1.0, reply(2, Script::kRouter, Script::kClient, {}, 0, false), Script::kRouter);
  s.client_dhcp(20.0, discover(0x55));
  const auto stories = s.run();
  const ClientStory& story = only(stories);
  bool flagged = false;
  for (const auto& e : story.timeline)
    for (const auto& w : e.warnings) flagged |= w.starts_with("uefi-menu-no-4011");
  EXPECT_TRUE(flagged);
  EXPECT_EQ(verdict_code(story.verdict), "no-boot-info");
  EXPECT_NE(story.reason.find("UEFI firmware ignores a menu"), std::string::npos);
}

TEST(StoryVerdicts, TftpPortUnreachable) {
  Script s;
  dora_with_file(s, "syslinux.efi");
  s.client_udp(2.0, 1536, Script::kServer, 69, tftp(1, {"syslinux.efi", "octet", "tsize", "0"}));
  s.at(2.001, eth_frame({2, 0, 0, 0, 0, 2}, icmp_port_unreachable(Script::kServer, Script::kClient,
                                                                  1536, Script::kServer, 69)));
  const auto stories = s.run();
  const auto& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "tftp-unanswered");
  EXPECT_NE(story.reason.find("ICMP port unreachable"), std::string::npos);
  EXPECT_NE(story.fix.find("enable-tftp"), std::string::npos);
  EXPECT_TRUE(has_event(story, "icmp-unreachable"));
}

TEST(StoryVerdicts, TftpSilence) {
  Script s;
  dora_with_file(s, "syslinux.efi");
  for (int i = 0; i < 4; ++i)
    s.client_udp(2.0 + i * 2, 1536, Script::kServer, 69, tftp(1, {"syslinux.efi", "octet"}));
  s.client_dhcp(14.0, discover(0x99));
  const auto stories = s.run();
  const auto& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "tftp-unanswered");
  EXPECT_NE(story.reason.find("PXE-E32"), std::string::npos);
  EXPECT_EQ(story.transfers.size(), 1u);
  EXPECT_EQ(story.transfers[0].rrq_count, 4u);
}

TEST(StoryVerdicts, FileNotFound) {
  Script s;
  dora_with_file(s, "missing.efi");
  s.client_udp(2.0, 1536, Script::kServer, 69, tftp(1, {"missing.efi", "octet"}));
  s.server_udp(2.01, Script::kServer, 50000, 1536, tftp(5, {"file not found"}, 1));
  const auto stories = s.run();
  const auto& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "tftp-file-not-found");
  EXPECT_NE(story.reason.find("missing.efi"), std::string::npos);
}

TEST(StoryVerdicts, StalledTransfer) {
  Script s;
  dora_with_file(s, "syslinux.efi");
  s.client_udp(2.0, 1536, Script::kServer, 69, tftp(1, {"syslinux.efi", "octet"}));
  for (int b = 1; b <= 3; ++b) {
    s.server_udp(2.0 + 0.01 * b, Script::kServer, 50000, 1536,
                 tftp(3, {}, static_cast<std::uint16_t>(b), 512));
    s.client_udp(2.0 + 0.01 * b + 0.001, 1536, Script::kServer, 50000,
                 tftp(4, {}, static_cast<std::uint16_t>(b)));
  }
  s.server_udp(3.0, Script::kServer, 50000, 1536, tftp(3, {}, 4, 512));
  s.server_udp(4.0, Script::kServer, 50000, 1536, tftp(3, {}, 4, 512));
  s.client_dhcp(20.0, discover(0x99));
  const auto stories = s.run();
  const auto& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "tftp-stalled");
  EXPECT_EQ(story.transfers[0].blocks, 4u);
  EXPECT_EQ(story.transfers[0].retransmissions, 1u);
}

TEST(StoryVerdicts, BlocksTooLargeForThePath) {
  Script s;
  dora_with_file(s, "syslinux.efi");
  s.client_udp(2.0, 1536, Script::kServer, 69,
               tftp(1, {"syslinux.efi", "octet", "blksize", "8192"}));
  s.server_udp(2.01, Script::kServer, 50000, 1536, tftp(6, {"blksize", "8192"}));
  s.client_udp(2.02, 1536, Script::kServer, 50000, tftp(4, {}, 0));
  for (int i = 0; i < 4; ++i)
    s.server_udp(2.1 + i, Script::kServer, 50000, 1536, tftp(3, {}, 1, 8192));
  s.client_dhcp(20.0, discover(0x99));
  const auto stories = s.run();
  const auto& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "blksize-too-large");
  EXPECT_NE(story.fix.find("1468"), std::string::npos);
}

TEST(StoryVerdicts, BiosFileToUefiClient) {
  Script s;
  dora_with_file(s, "pxelinux.0");
  download(s, 2.0, 1536, "pxelinux.0", 3, 16);
  const auto stories = s.run();
  const auto& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "arch-mismatch");
  EXPECT_NE(story.reason.find("x64 UEFI"), std::string::npos);
  EXPECT_NE(story.reason.find("BIOS"), std::string::npos);
}

TEST(StoryVerdicts, BootedWhenTheNextStageAsks) {
  Script s;
  dora_with_file(s, "pxelinux.0", 0);
  download(s, 2.0, 2000, "pxelinux.0", 3);
  download(s, 3.0, 2001, "ldlinux.c32", 2);
  const auto stories = s.run();
  const auto& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "booted");
  EXPECT_NE(story.reason.find("ldlinux.c32"), std::string::npos);
}

TEST(StoryVerdicts, TftpOnlyCaptureIsJudgedOnItsTransfers) {
  Script s;  // no DHCP at all: the client is known by the Ethernet source of its RRQs
  download(s, 2.0, 2000, "pxelinux.0", 3);
  download(s, 3.0, 2001, "ldlinux.c32", 2);
  const auto stories = s.run();
  const ClientStory& story = only(stories);
  EXPECT_EQ(story.mac, kStoryMac);
  EXPECT_EQ(verdict_code(story.verdict), "booted");
}

TEST(StoryVerdicts, ChainloadLoop) {
  Script s;
  dora_with_file(s, "undionly.kpxe", 0);
  undionly_loops(s);
  const auto stories = s.run();
  const auto& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "chainload-loop");
  EXPECT_NE(story.reason.find("2 times"), std::string::npos);
}

TEST(StoryVerdicts, ConflictingProxies) {
  Script s;
  constexpr std::uint32_t kOther = ip4(192, 168, 77, 3);
  s.client_dhcp(0.0, discover(0x11, 0));
  s.server_dhcp(0.01, reply(2, Script::kServer, 0, "pxelinux.0", Script::kServer), Script::kServer);
  s.server_dhcp(0.02, reply(2, kOther, 0, "undionly.kpxe", kOther), kOther);
  s.server_dhcp(1.0, reply(2, Script::kRouter, Script::kClient, {}, 0, false), Script::kRouter);
  const auto stories = s.run();
  const auto& story = only(stories);
  EXPECT_EQ(verdict_code(story.verdict), "conflicting-proxies");
  EXPECT_NE(story.reason.find("192.168.77.3"), std::string::npos);
}

TEST(StoryVerdicts, TwoClientsTwoStories) {
  Script s;
  s.client_dhcp(0.0, discover());
  Bootp other = discover(0x99);
  other.mac = {0x52, 0x54, 0, 0, 0, 0x77};
  s.client_dhcp(0.5, other);
  const auto v = s.run();
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1].mac, other.mac);
}

TEST(StoryVerdicts, MutatedRealBootsGiveAStableVerdictCode) {
  // Every recorded frame of two real boots, of PXEv6 (OVMF's fallback, a refused Request) and
  // of two generated HTTP/GRUB ones, with bytes flipped (fixed seed): never a crash, always one
  // of the codes.
  std::vector<Bytes> frames;
  for (const char* path : {PXESCOPE_SOURCE_DIR "/captures/stories/bios-no-tftp.pcap",
                           PXESCOPE_SOURCE_DIR "/captures/stories/uefi-block-4011.pcap",
                           PXESCOPE_SOURCE_DIR "/captures/ipv6/ovmf-pxev6-no-bootfile.pcap",
                           PXESCOPE_SOURCE_DIR "/captures/generated/pxev6-request-refused.pcap",
                           PXESCOPE_SOURCE_DIR "/captures/generated/pxev6-stateless-stall.pcap",
                           PXESCOPE_SOURCE_DIR "/captures/stories/http-booted.pcap",
                           PXESCOPE_SOURCE_DIR "/captures/stories/grub-wrong-server.pcap"}) {
    CaptureReader reader;
    ASSERT_TRUE(reader.open_file(path)) << reader.error();
    Frame f;
    while (reader.next(f)) frames.emplace_back(f.data.begin(), f.data.end());
  }
  ASSERT_GT(frames.size(), 20u);
  const std::vector<std::string_view> codes = {"booted",
                                               "no-offer",
                                               "no-boot-info",
                                               "no-4011-answer",
                                               "tftp-unanswered",
                                               "tftp-file-not-found",
                                               "tftp-stalled",
                                               "arch-mismatch",
                                               "chainload-loop",
                                               "conflicting-proxies",
                                               "blksize-too-large",
                                               "incomplete-capture",
                                               "not-pxe",
                                               "no-dhcpv6-offer",
                                               "no-bootfile-url",
                                               "dhcpv6-refused",
                                               "http-not-found",
                                               "http-unanswered",
                                               "http-stalled",
                                               "nbp-wrong-server",
                                               "nbp-refused",
                                               "dhcpv6-split-answer"};
  std::uint32_t seed = 12345;
  auto next = [&seed] { return seed = seed * 1103515245u + 12345u; };
  for (int round = 0; round < 200; ++round) {
    StoryBuilder builder;
    std::uint64_t index = 0;
    for (Bytes frame : frames) {
      for (int flips = 0; flips < 3; ++flips)
        frame[(next() >> 8) % frame.size()] ^= static_cast<std::uint8_t>(next() >> 16);
      if (next() % 7 == 0) frame.resize((next() >> 4) % frame.size());
      Frame f;
      f.index = ++index;
      f.ts_sec = 1700000000 + static_cast<std::int64_t>(index);
      f.link_type = 1;
      f.data = frame;
      f.original_length = static_cast<std::uint32_t>(frame.size());
      builder.add(f);
    }
    for (const ClientStory& story : builder.finish())
      EXPECT_NE(std::find(codes.begin(), codes.end(), verdict_code(story.verdict)), codes.end());
  }
}

TEST(StoryVerdicts, GarbageDoesNotCrash) {
  Script s;
  for (int n = 0; n < 400; n += 7) {
    Bytes junk(static_cast<std::size_t>(n), 0xff);
    s.at(0.1 * n, eth_frame(kStoryMac, junk));
    s.at(0.1 * n, eth_frame(kStoryMac, ipv4_udp(1, 2, 68, 67, junk)));
    s.at(0.1 * n, eth_frame(kStoryMac, ipv4_udp(1, 2, 1000, 69, junk)));
  }
  const auto v = s.run();
  for (const auto& story : v) EXPECT_FALSE(verdict_code(story.verdict).empty());
}

}  // namespace
}  // namespace pxescope

// --- what the boot program did next: kernel and initrd, optional files, HTTP ---

namespace pxescope {
namespace {

using namespace pxescope::testing;

// A TFTP transfer of `file` that ends with ERROR 1 File not found.
void not_found(Script& s, double t, std::uint16_t port, const std::string& file) {
  s.client_udp(t, port, Script::kServer, 69, tftp(1, {file, "octet"}));
  s.server_udp(t + 0.01, Script::kServer, 40000 + port, port, tftp(5, {"File not found"}, 1));
}

TEST(StoryNextStage, KernelAndInitrdOverTftpMakeTheBoot) {
  Script s;
  dora_with_file(s, "pxelinux.0", 0);
  download(s, 2.0, 2000, "pxelinux.0", 3);
  download(s, 3.0, 2001, "ldlinux.c32", 2);
  download(s, 4.0, 2002, "debian-installer/amd64/linux", 6);
  download(s, 5.0, 2003, "debian-installer/amd64/initrd.gz", 9);
  const ClientStory story = only(s.run());
  EXPECT_EQ(verdict_code(story.verdict), "booted");
  EXPECT_NE(story.reason.find("the kernel debian-installer/amd64/linux (2660 bytes over TFTP"),
            std::string::npos)
      << story.reason;
  EXPECT_NE(story.reason.find("the initrd debian-installer/amd64/initrd.gz (4196 bytes"),
            std::string::npos)
      << story.reason;
}

// Today's rule would say "booted" (pxelinux.0 ran and asked for more): the kernel decides.
TEST(StoryNextStage, MissingKernelOverTftpIsNotBooted) {
  Script s;
  dora_with_file(s, "pxelinux.0", 0);
  download(s, 2.0, 2000, "pxelinux.0", 3);
  download(s, 3.0, 2001, "ldlinux.c32", 2);
  not_found(s, 4.0, 2002, "vmlinuz");
  const ClientStory story = only(s.run());
  EXPECT_EQ(verdict_code(story.verdict), "tftp-file-not-found");
  EXPECT_NE(story.reason.find("the kernel vmlinuz"), std::string::npos) << story.reason;
}

TEST(StoryNextStage, InitrdCutShortIsStalled) {
  Script s;
  dora_with_file(s, "pxelinux.0", 0);
  download(s, 2.0, 2000, "pxelinux.0", 3);
  download(s, 3.0, 2001, "vmlinuz", 3);
  s.client_udp(4.0, 2002, Script::kServer, 69, tftp(1, {"initrd.img", "octet"}));
  s.server_udp(4.01, Script::kServer, 42002, 2002, tftp(3, {}, 1, 512));
  s.client_udp(4.02, 2002, Script::kServer, 42002, tftp(4, {}, 1));
  s.client_dhcp(20.0, discover(0x99, 0));
  const ClientStory story = only(s.run());
  EXPECT_EQ(verdict_code(story.verdict), "tftp-stalled");
  EXPECT_NE(story.reason.find("the initrd initrd.img"), std::string::npos) << story.reason;
}

TEST(StoryNextStage, ShimAndGrubProbesAreNormal) {
  Script s;
  dora_with_file(s, "bootx64.efi");
  download(s, 2.0, 2000, "bootx64.efi", 3);
  not_found(s, 2.5, 2001, "revocations_sku.efi");
  not_found(s, 2.6, 2002, "shim_certificate_0.efi");
  download(s, 3.0, 2003, "grubx64.efi", 3);
  not_found(s, 3.5, 2004, "grub.cfg-01-52-54-00-12-34-56");
  not_found(s, 3.6, 2005, "x86_64-efi/command.lst");
  not_found(s, 3.7, 2006, "x86_64-efi/normal.mod");
  download(s, 4.0, 2007, "grub.cfg", 1);
  const ClientStory story = only(s.run());
  EXPECT_EQ(verdict_code(story.verdict), "booted") << story.reason;
  std::map<std::string, int> kinds;
  for (const TimelineEvent& e : story.timeline) {
    ++kinds[e.kind];
    if (e.kind == "tftp-optional-probe") {
      EXPECT_NE(e.text.find("(normal: "), std::string::npos);
    }
  }
  EXPECT_EQ(kinds["tftp-optional-probe"], 4);
  EXPECT_EQ(kinds["tftp-config-probe"], 1);
  EXPECT_EQ(kinds["tftp-error"], 0);
}

// GRUB's next files asked of a server without TFTP, yet a later answer from it: no trap.
TEST(StoryNextStage, WrongServerNeedsEveryRequestUnanswered) {
  Script s;
  dora_with_file(s, "bootx64.efi");
  download(s, 2.0, 2000, "bootx64.efi", 3);
  s.client_udp(3.0, 2001, Script::kRouter, 69, tftp(1, {"grub.cfg", "octet"}));
  s.client_dhcp(20.0, discover(0x99));
  EXPECT_EQ(verdict_code(only(s.run()).verdict), "nbp-wrong-server");
  download(s, 21.0, 2002, "grub.cfg", 1);
  EXPECT_EQ(verdict_code(only(s.run()).verdict), "booted");
}

// One HTTP connection: handshake, GET, a response whose body comes in two segments, the first
// sent twice (a retransmission counts once).
void http_get(Script& s, double t, std::uint16_t port, const std::string& path, int status,
              std::size_t length, std::size_t sent) {
  const std::uint32_t c = 1000, v = 5000;
  s.tcp(t, true, Script::kServer, port, c, 0, 0x02);
  s.tcp(t + 0.001, false, Script::kServer, port, v, c + 1, 0x12);
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: boot.lab\r\n\r\n";
  s.tcp(t + 0.002, true, Script::kServer, port, c + 1, v + 1, 0x18, request);
  const std::string head = "HTTP/1.1 " + std::to_string(status) +
                           " X\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
  const std::string body(sent, 'k');
  const std::string half1 = head + body.substr(0, sent / 2), half2 = body.substr(sent / 2);
  const auto ack = static_cast<std::uint32_t>(c + 1 + request.size());
  s.tcp(t + 0.003, false, Script::kServer, port, v + 1, ack, 0x18, half1);
  s.tcp(t + 0.004, false, Script::kServer, port, v + 1, ack, 0x18, half1);
  s.tcp(t + 0.005, false, Script::kServer, port, static_cast<std::uint32_t>(v + 1 + half1.size()),
        ack, 0x18, half2);
}

TEST(StoryHttp, FetchesAreCountedByTcpSequenceNumbers) {
  Script s;
  dora_with_file(s, "undionly.kpxe", 0);
  download(s, 2.0, 2000, "undionly.kpxe", 3);
  http_get(s, 3.0, 40001, "/boot.ipxe", 200, 3000, 3000);
  const ClientStory story = only(s.run());
  ASSERT_EQ(story.http.size(), 1u);
  const HttpFetchStory& x = story.http[0];
  EXPECT_EQ(x.url, "http://boot.lab/boot.ipxe");
  EXPECT_EQ(x.status, 200);
  EXPECT_EQ(x.content_length, 3000);
  EXPECT_EQ(x.bytes, 3000u);
  EXPECT_TRUE(x.complete);
  EXPECT_TRUE(has_event(story, "http-request"));
  EXPECT_TRUE(has_event(story, "http-transfer"));
  EXPECT_EQ(verdict_code(story.verdict), "booted");
  EXPECT_NE(story.reason.find("asked for http://boot.lab/boot.ipxe"), std::string::npos)
      << story.reason;
}

// iPXE scripts try a per-machine URL first: a 404 followed by a success is no failure.
TEST(StoryHttp, NotFoundThenFoundIsNoFailure) {
  Script s;
  dora_with_file(s, "undionly.kpxe", 0);
  download(s, 2.0, 2000, "undionly.kpxe", 3);
  http_get(s, 3.0, 40001, "/52-54-00-12-34-56.ipxe", 404, 10, 10);
  http_get(s, 3.1, 40002, "/default.ipxe", 200, 100, 100);
  const ClientStory story = only(s.run());
  EXPECT_EQ(verdict_code(story.verdict), "booted") << story.reason;
  http_get(s, 3.2, 40003, "/later.ipxe", 404, 10, 10);
  const ClientStory failed = only(s.run());
  EXPECT_EQ(verdict_code(failed.verdict), "http-not-found");
  EXPECT_NE(failed.reason.find("http://boot.lab/later.ipxe"), std::string::npos);
}

TEST(StoryHttp, KernelOverHttpShortOfItsLengthIsStalled) {
  Script s;
  dora_with_file(s, "undionly.kpxe", 0);
  download(s, 2.0, 2000, "undionly.kpxe", 3);
  http_get(s, 3.0, 40001, "/vmlinuz", 200, 50000, 4000);
  s.client_dhcp(30.0, discover(0x99, 0));
  const ClientStory story = only(s.run());
  EXPECT_EQ(verdict_code(story.verdict), "http-stalled");
  EXPECT_NE(story.reason.find("4000 of 50000 bytes"), std::string::npos) << story.reason;
}

// UEFI HTTP boot: the boot file is a URL; no TFTP at all.
TEST(StoryHttp, UefiHttpBootFileIsJudgedOnItsFetch) {
  Script s;
  dora_with_file(s, "http://192.168.77.2/bootx64.efi");
  http_get(s, 3.0, 40001, "/bootx64.efi", 404, 10, 10);
  s.client_dhcp(20.0, discover(0x99));
  const ClientStory missing = only(s.run());
  EXPECT_EQ(verdict_code(missing.verdict), "http-not-found") << missing.reason;
  EXPECT_NE(missing.reason.find("the boot file http://boot.lab/bootx64.efi"), std::string::npos)
      << missing.reason;

  Script ok;
  dora_with_file(ok, "http://192.168.77.2/bootx64.efi");
  http_get(ok, 3.0, 40001, "/bootx64.efi", 200, 3000, 3000);
  http_get(ok, 4.0, 40002, "/linux", 200, 8000, 8000);
  http_get(ok, 5.0, 40003, "/initrd.gz", 200, 9000, 9000);
  const ClientStory booted = only(ok.run());
  EXPECT_EQ(verdict_code(booted.verdict), "booted") << booted.reason;
  EXPECT_NE(booted.reason.find("downloaded http://boot.lab/bootx64.efi (3000 bytes"),
            std::string::npos)
      << booted.reason;
  EXPECT_NE(booted.reason.find("the initrd http://boot.lab/initrd.gz (9000 bytes over HTTP"),
            std::string::npos)
      << booted.reason;
}

// TCP from an address no DHCP or TFTP gave to a booting client is not followed.
TEST(StoryHttp, UnknownAddressesAreNotFollowed) {
  Script s;
  s.tcp(0.0, true, Script::kServer, 40001, 1, 0, 0x02);
  EXPECT_TRUE(s.run().empty());
}

}  // namespace
}  // namespace pxescope
