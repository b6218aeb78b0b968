// Secure Boot in the story: an unsigned UEFI boot program downloaded and then silence is
// `nbp-refused` (the firmware refused to start it), not `incomplete-capture`; a signed one that
// goes quiet stays incomplete-capture, and a BIOS client is never judged on signatures.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "analyzer/story/boot_story.hpp"
#include "story_test_support.hpp"

namespace pxescope {
namespace {

using namespace pxescope::testing;

// The first 512 bytes of an x64 PE32+ image: MZ, the PE header at 0x40, the optional header's
// 16 data directories, the certificate table's (entry 4) size `certificate_bytes`.
Bytes pe_head(std::uint32_t certificate_bytes) {
  Bytes b(512, 0);
  b[0] = 'M';
  b[1] = 'Z';
  b[0x3c] = 0x40;
  const std::size_t pe = 0x40, optional = pe + 24, directories = optional + 112;
  b[pe] = 'P';
  b[pe + 1] = 'E';
  b[pe + 4] = 0x64;  // machine 0x8664: x64
  b[pe + 5] = 0x86;
  b[optional] = 0x0b;  // magic 0x20b: PE32+
  b[optional + 1] = 0x02;
  b[directories - 4] = 16;
  const std::size_t size_at = directories + 4 * 8 + 4;
  for (int i = 0; i < 4; ++i)
    b[size_at + i] = static_cast<std::uint8_t>(certificate_bytes >> (8 * i));
  return b;
}

// The router's DORA, the proxy offering `file`, and its whole download whose first block
// starts with `head`; the capture goes on `quiet_seconds` after the last ACK.
std::vector<ClientStory> download_then_silence(const Bytes& head, int arch,
                                               double quiet_seconds = 10) {
  Script s;
  const std::string file = arch == 0 ? "boot.0" : "bootx64.efi";
  dora_with_file(s, file, arch);
  s.client_udp(2.0, 1600, Script::kServer, 69, tftp(1, {file, "octet"}));
  Bytes first = tftp(3, {}, 1);
  first.insert(first.end(), head.begin(), head.end());
  s.server_udp(2.01, Script::kServer, 41600, 1600, first);
  s.client_udp(2.011, 1600, Script::kServer, 41600, tftp(4, {}, 1));
  s.server_udp(2.02, Script::kServer, 41600, 1600, tftp(3, {}, 2, 100));
  s.client_udp(2.021, 1600, Script::kServer, 41600, tftp(4, {}, 2));
  // Something else on the LAN keeps the capture going (the router's offer to another machine).
  Bootp other = reply(2, Script::kRouter, Script::kClient + 1, {}, 0, false);
  other.mac = {0x02, 0, 0, 0, 0, 0x77};
  s.server_dhcp(2.021 + quiet_seconds, other, Script::kRouter);
  return s.run();
}

TEST(StorySecureBoot, PeSignatureIsReadFromTheHeader) {
  EXPECT_EQ(pe_image_signed(pe_head(0)), false);
  EXPECT_EQ(pe_image_signed(pe_head(19368)), true);
  EXPECT_EQ(pe_image_signed(Bytes(512, 0x90)), std::nullopt);  // not PE
  const Bytes head = pe_head(1);
  EXPECT_EQ(pe_image_signed(std::span(head).first(0xd0)), std::nullopt);  // cut before it
}

// The real files when Debian's packages are there: syslinux.efi unsigned, shim signed.
TEST(StorySecureBoot, DebianBootProgramsSignedOrNot) {
  const std::pair<const char*, bool> files[] = {
      {"/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi", false},
      {"/usr/lib/ipxe/ipxe.efi", false},
      {"/usr/lib/shim/shimx64.efi.signed", true},
      {"/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed", true}};
  int read = 0;
  for (const auto& [path, is_signed] : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    Bytes head(512);
    in.read(reinterpret_cast<char*>(head.data()), 512);
    EXPECT_EQ(pe_image_signed(head), is_signed) << path;
    ++read;
  }
  if (read == 0) GTEST_SKIP() << "no syslinux-efi, ipxe, shim-signed or grub-efi-amd64-signed";
}

TEST(StorySecureBoot, UnsignedUefiProgramThenSilenceIsRefused) {
  const auto stories = download_then_silence(pe_head(0), 7);
  const ClientStory& story = stories.front();
  EXPECT_EQ(verdict_code(story.verdict), "nbp-refused");
  EXPECT_NE(story.reason.find("bootx64.efi"), std::string::npos) << story.reason;
  EXPECT_NE(story.reason.find("unsigned"), std::string::npos) << story.reason;
  EXPECT_NE(story.reason.find("Secure Boot"), std::string::npos) << story.reason;
  EXPECT_NE(story.fix.find("shim"), std::string::npos) << story.fix;
  EXPECT_NE(story.fix.find("Secure Boot off"), std::string::npos) << story.fix;
}

TEST(StorySecureBoot, SignedProgramThenSilenceStaysIncomplete) {
  const auto stories = download_then_silence(pe_head(19368), 7);
  EXPECT_EQ(verdict_code(stories.front().verdict), "incomplete-capture");
}

TEST(StorySecureBoot, BiosClientIsNotJudgedOnSignatures) {
  const auto stories = download_then_silence(Bytes(512, 0x90), 0);
  EXPECT_EQ(verdict_code(stories.front().verdict), "incomplete-capture");
}

}  // namespace
}  // namespace pxescope
