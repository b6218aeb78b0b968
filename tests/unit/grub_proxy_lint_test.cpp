// The proxyDHCP + GRUB trap, warned before it bites: shim/GRUB recognised by name and by SBAT,
// the pair check (a proxy naming shim/GRUB, the DHCP server's offer with another next-server),
// its warning on the story's timeline and on the capture linter's tree.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "analyzer/lint/capture_linter.hpp"
#include "analyzer/lint/grub_proxy_lint.hpp"
#include "analyzer/lint/grub_shim.hpp"
#include "story_test_support.hpp"

namespace pxescope {
namespace {

using namespace pxescope::testing;

TEST(GrubShimNames, KnownLoadersByNameAnyDirectoryOrCase) {
  EXPECT_EQ(siaddr_loader_by_name("debian-installer/amd64/bootnetx64.efi"), SiaddrLoader::Shim);
  EXPECT_EQ(siaddr_loader_by_name("/EFI/BOOT/SHIMX64.EFI"), SiaddrLoader::Shim);
  EXPECT_EQ(siaddr_loader_by_name("shimaa64.efi.signed"), SiaddrLoader::Shim);
  EXPECT_EQ(siaddr_loader_by_name("grubx64.efi"), SiaddrLoader::Grub);
  EXPECT_EQ(siaddr_loader_by_name("grub\\grubnetx64.efi.signed"), SiaddrLoader::Grub);
  EXPECT_EQ(siaddr_loader_by_name("grubaa64.efi"), SiaddrLoader::Grub);
  for (const char* other : {"pxelinux.0", "syslinux.efi", "ipxe.efi", "snponly.efi", "bootx64.efi",
                            "grubx64.efi.bak", ""})
    EXPECT_EQ(siaddr_loader_by_name(other), SiaddrLoader::None) << other;
}

Bytes bytes_of(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

TEST(GrubShimNames, LoadersBySbatContent) {
  const std::string header =
      std::string("MZ\x90\0", 4) + "sbat,1,SBAT Version,sbat,1,https://x/SBAT.md\n";
  EXPECT_EQ(siaddr_loader_by_content(bytes_of(header + "shim,3,UEFI shim,shim,1,https://x\n")),
            SiaddrLoader::Shim);
  EXPECT_EQ(siaddr_loader_by_content(bytes_of(header + "grub,3,Free Software Foundation,grub\n")),
            SiaddrLoader::Grub);
  EXPECT_EQ(siaddr_loader_by_content(bytes_of(header + "fwupd-efi,1,Firmware update\n")),
            SiaddrLoader::None);
  EXPECT_EQ(siaddr_loader_by_content(bytes_of("MZ no sbat here")), SiaddrLoader::None);
  EXPECT_EQ(siaddr_loader_by_content(bytes_of("sbat,1,SBAT Version")), SiaddrLoader::None);
}

// Debian's signed shim and GRUB, when installed, are what their SBAT says.
TEST(GrubShimNames, DebianImagesByContent) {
  const std::pair<const char*, SiaddrLoader> files[] = {
      {"/usr/lib/shim/shimx64.efi.signed", SiaddrLoader::Shim},
      {"/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed", SiaddrLoader::Grub},
      {"/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64/bootnetx64.efi",
       SiaddrLoader::Shim},
      {"/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi", SiaddrLoader::None}};
  int read = 0;
  for (const auto& [path, loader] : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    const Bytes image((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(siaddr_loader_by_content(image), loader) << path;
    ++read;
  }
  if (read == 0) GTEST_SKIP() << "none of shim-signed, grub-efi-amd64-signed, syslinux-efi";
}

constexpr std::uint32_t kProxy = ip4(192, 168, 77, 2);
constexpr std::uint32_t kRouter = ip4(192, 168, 77, 1);
constexpr std::uint32_t kClient = ip4(192, 168, 77, 150);

ExchangeReply proxy_offer(std::string file) {
  return {kProxy, 0, kProxy, std::move(file)};
}
ExchangeReply address_offer(std::uint32_t siaddr) {
  return {kRouter, kClient, siaddr, {}};
}

TEST(GrubProxyWatch, RouterNextServerElsewhereIsTheTrapInEitherOrder) {
  GrubProxyWatch proxy_first;
  EXPECT_FALSE(proxy_first.add(proxy_offer("debian-installer/amd64/bootnetx64.efi")));
  const auto finding = proxy_first.add(address_offer(kRouter));
  ASSERT_TRUE(finding);
  EXPECT_EQ(finding->code, "grub-behind-proxy");
  EXPECT_EQ(finding->node_name, "dhcp.ip.server");
  for (const char* words :
       {"shim", "bootnetx64.efi", "next-server 192.168.77.1", "ask 192.168.77.1",
        "set next-server (siaddr) on the DHCP server to "
        "192.168.77.2",
        "full-DHCP mode", "iPXE or the kernel"})
    EXPECT_NE(finding->message.find(words), std::string::npos) << words << "\n" << finding->message;

  GrubProxyWatch address_first;
  EXPECT_FALSE(address_first.add(address_offer(0)));
  const auto second = address_first.add(proxy_offer("grubx64.efi"));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->node_name, "dhcp.file");
  EXPECT_NE(second->message.find("no next-server"), std::string::npos) << second->message;
  EXPECT_FALSE(address_first.add(address_offer(0))) << "the router's ACK: one finding per pair";
}

TEST(GrubProxyWatch, NoTrapWhenTheNextServerIsTheProxyOrTheFileIsNotGrub) {
  GrubProxyWatch pointed_here;
  pointed_here.add(proxy_offer("shimx64.efi"));
  EXPECT_FALSE(pointed_here.add(address_offer(kProxy)));

  GrubProxyWatch pxelinux;
  pxelinux.add(proxy_offer("pxelinux.0"));
  EXPECT_FALSE(pxelinux.add(address_offer(kRouter)));

  GrubProxyWatch no_file;
  no_file.add(proxy_offer(""));
  EXPECT_FALSE(no_file.add(address_offer(kRouter)));
}

// EDK2 takes the file from the proxy's port-4011 ACK, in an exchange (xid) of its own, after the
// router's ACK: the order of the lab's capture of the trap.
TEST(GrubProxyWatch, PortFourOhElevenAckAfterTheRoutersAckStillPairs) {
  GrubProxyWatch watch;
  EXPECT_FALSE(watch.add(proxy_offer("")));  // the proxy's offer: no file
  EXPECT_FALSE(watch.add(address_offer(kRouter)));
  EXPECT_FALSE(watch.add(address_offer(kRouter)));  // the router's ACK
  const auto finding = watch.add(proxy_offer("debian-installer/amd64/bootnetx64.efi"));
  ASSERT_TRUE(finding);
  EXPECT_EQ(finding->node_name, "dhcp.file");
}

// The router's offer (siaddr 0 in the scripted capture) after a proxy offering shim: diagnose's
// timeline carries the warning on the router's offer.
TEST(GrubProxyWatch, StoryTimelineWarnsOnTheRoutersOffer) {
  Script s;
  dora_with_file(s, "bootnetx64.efi");
  const auto stories = s.run();
  const ClientStory& story = only(stories);
  bool warned = false;
  for (const TimelineEvent& e : story.timeline)
    for (const std::string& w : e.warnings)
      if (w.starts_with("grub-behind-proxy: ")) {
        warned = true;
        EXPECT_EQ(e.kind, "dhcp-offer");
      }
  EXPECT_TRUE(warned);

  Script plain;
  dora_with_file(plain, "syslinux.efi");
  const auto plain_stories = plain.run();  // kept: only() returns a reference into it
  for (const TimelineEvent& e : only(plain_stories).timeline)
    for (const std::string& w : e.warnings) EXPECT_FALSE(w.starts_with("grub-behind-proxy")) << w;
}

TEST(GrubProxyWatch, CaptureLinterPutsItOnTheReplysTree) {
  Script s;
  dora_with_file(s, "grubx64.efi");
  CaptureLinter linter;
  int found = 0;
  for (const TestFrame& t : s.test_frames()) {
    Frame f;
    f.link_type = 1;
    f.data = t.data;
    f.original_length = static_cast<std::uint32_t>(t.data.size());
    for (const LintFinding& finding : linter.check(f)) found += finding.code == "grub-behind-proxy";
  }
  EXPECT_EQ(found, 1);
}

}  // namespace
}  // namespace pxescope
