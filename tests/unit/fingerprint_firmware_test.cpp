// Firmware fingerprints: the first DISCOVER of every real capture, the boot program's own
// DHCP, and hand-built DISCOVERs shaped like published U-Boot / Raspberry Pi / Intel ones.
#include <gtest/gtest.h>

#include <string>

#include "analyzer/capture_reader.hpp"
#include "analyzer/fingerprint/firmware_fingerprint.hpp"
#include "analyzer/link/udp_locator.hpp"
#include "story_test_support.hpp"
#include "tests/test_captures.hpp"

namespace pxescope {
namespace {

using namespace pxescope::testing;

// The n-th client DISCOVER (0-based) of a capture.
DhcpMessage nth_discover(const std::string& path, int n) {
  CaptureReader reader;
  EXPECT_TRUE(reader.open_file(path)) << reader.error();
  Frame frame;
  int seen = 0;
  while (reader.next(frame)) {
    UdpLocation loc;
    if (!locate_udp(frame.data, frame.link_type, loc) || loc.dst_port != 67) continue;
    DhcpMessage m;
    if (!m.parse(frame.data.subspan(loc.payload_offset, loc.payload_length))) continue;
    if (m.op == 1 && m.message_type() == 1 && seen++ == n) return m;
  }
  ADD_FAILURE() << "no DISCOVER #" << n << " in " << path;
  return {};
}

struct Expected {
  const char* capture;
  const char* shared_name;  // ../shared's name for the same firmware, when it differs
  int nth;
  const char* name_part;
  double min_confidence;
};

// The project's recordings (captures/real), then ../shared's when present.
TEST(FirmwareFingerprint, RealCaptures) {
  const Expected cases[] = {
      {"seabios-ipxe-proxydhcp", "", 0, "iPXE (BIOS", 0.9},
      {"seabios-ipxe-virtio-proxydhcp", "", 0, "iPXE (BIOS", 0.9},
      {"seabios-ipxe-fulldhcp-norouter", "", 0, "iPXE (BIOS", 0.9},
      {"ovmf-ipxe-proxydhcp", "", 0, "iPXE (x64 UEFI)", 0.9},
      {"ovmf-edk2-proxydhcp", "", 0, "EDK2 UEFI PXE (OVMF/AAVMF) (x64 UEFI)", 0.9},
      {"aavmf-arm64-proxydhcp", "aavmf-arm64-edk2-proxydhcp", 0,
       "EDK2 UEFI PXE (OVMF/AAVMF) (ARM 64-bit UEFI)", 0.9},
      // syslinux.efi's DHCP after the download: 53, 57, 55 only.
      {"ovmf-edk2-proxydhcp", "", 1, "boot program", 0.5},
  };
  for (const Expected& e : cases) {
    const std::string shared_name = *e.shared_name ? std::string(e.shared_name) + ".pcap" : "";
    for (const std::string& path :
         pxescope::test::recordings_of(std::string(e.capture) + ".pcap", shared_name)) {
      const DhcpMessage m = nth_discover(path, e.nth);
      const FirmwareFingerprint fp = fingerprint_firmware(m);
      EXPECT_NE(fp.name.find(e.name_part), std::string::npos) << path << ": " << fp.name;
      EXPECT_GE(fp.confidence, e.min_confidence) << path;
      EXPECT_FALSE(fp.evidence.empty());
    }
  }
}

DhcpMessage parsed(const Bootp& b) {
  DhcpMessage m;
  const Bytes bytes = bootp_payload(b);
  EXPECT_TRUE(m.parse(bytes));
  return m;
}

TEST(FirmwareFingerprint, UBootByVendorClassOrNdi) {
  // U-Boot's dhcp_extended(): 53, 57 (576), 93, 94 = UNDI 0.0, 60, 55.
  Bootp b;
  b.options = {opt(53, {1}),       opt(57, {2, 64}),        opt(93, {0, 11}),
               opt(94, {1, 0, 0}), opt(60, "U-Boot.armv8"), opt(55, {1, 3, 6, 12, 17})};
  FirmwareFingerprint fp = fingerprint_firmware(parsed(b));
  EXPECT_EQ(fp.name, "U-Boot");
  EXPECT_GE(fp.confidence, 0.9);
  b.options[4] = opt(60, "PXEClient:Arch:00011:UNDI:003000");
  fp = fingerprint_firmware(parsed(b));
  EXPECT_EQ(fp.name, "U-Boot");
  EXPECT_LT(fp.confidence, 0.9);
}

TEST(FirmwareFingerprint, RaspberryPiBootRom) {
  Bootp b;
  b.mac = {0xdc, 0xa6, 0x32, 0x0a, 0xef, 0x79};
  b.options = {opt(53, {1}),
               opt(55, {1, 3, 43, 60, 66, 67, 128, 129, 130, 131, 132, 133, 134, 135}),
               opt(60, "PXEClient:Arch:00000:UNDI:002001"),
               opt(97, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})};
  FirmwareFingerprint fp = fingerprint_firmware(parsed(b));
  EXPECT_EQ(fp.name, "Raspberry Pi boot ROM/EEPROM");
  EXPECT_GE(fp.confidence, 0.9);
  b.mac = {0x52, 0x54, 0, 1, 2, 3};
  EXPECT_LT(fingerprint_firmware(parsed(b)).confidence, 0.9);
}

TEST(FirmwareFingerprint, LegacyRomsAndUnknowns) {
  Bootp intel;
  intel.options = bios_rom_discover_options();
  EXPECT_NE(fingerprint_firmware(parsed(intel)).name.find("Intel"), std::string::npos);
  Bootp odd;
  odd.options = {opt(53, {1}), opt(60, "PXEClient:Arch:00000:UNDI:002001"), opt(55, {1})};
  const FirmwareFingerprint fp = fingerprint_firmware(parsed(odd));
  EXPECT_NE(fp.name.find("PXE firmware"), std::string::npos);
  EXPECT_LT(fp.confidence, 0.5);
  Bootp nothing;
  nothing.options = {opt(53, {1})};
  EXPECT_EQ(fingerprint_firmware(parsed(nothing)).name, "unknown");
}

// A legacy BIOS PXE 2.1 DISCOVER (UNDI 2.1, arch 0) with 53 first, then 55 before 57: the order
// Intel- and Realtek-based ROMs share. `max_size` is option 57.
Bootp legacy_rom_discover(const Mac& mac, std::uint16_t max_size) {
  Bootp b;
  b.mac = mac;
  b.options = {opt(53, {1}),
               opt(55, {1,  2,  3,  5,  6,   11,  12,  13,  15,  16,  17,  18,
                        43, 54, 60, 67, 128, 129, 130, 131, 132, 133, 134, 135}),
               opt(57, {static_cast<std::uint8_t>(max_size >> 8),
                        static_cast<std::uint8_t>(max_size & 0xff)}),
               opt(97, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
               opt(93, {0, 0}),
               opt(94, {1, 2, 1}),
               opt(60, "PXEClient:Arch:00000:UNDI:002001")};
  return b;
}

TEST(FirmwareFingerprint, IntelBiosRomIsNotCalledRealtek) {
  // Intel MAC prefix and Intel Boot Agent's 57 = 1260, in the order Realtek ROMs use too.
  const FirmwareFingerprint fp =
      fingerprint_firmware(parsed(legacy_rom_discover({0x00, 0x1b, 0x21, 1, 2, 3}, 1260)));
  EXPECT_NE(fp.name.find("Intel"), std::string::npos) << fp.name;
  EXPECT_EQ(fp.name.find("Realtek"), std::string::npos) << fp.name;
  EXPECT_GE(fp.confidence, 0.8);
  EXPECT_NE(fp.evidence.find("Intel MAC prefix"), std::string::npos) << fp.evidence;
  EXPECT_NE(fp.evidence.find("1260"), std::string::npos) << fp.evidence;
}

TEST(FirmwareFingerprint, RealtekNeedsItsOwnEvidence) {
  const FirmwareFingerprint fp =
      fingerprint_firmware(parsed(legacy_rom_discover({0x00, 0xe0, 0x4c, 1, 2, 3}, 1472)));
  EXPECT_NE(fp.name.find("Realtek"), std::string::npos) << fp.name;
  EXPECT_NE(fp.evidence.find("Realtek MAC prefix"), std::string::npos) << fp.evidence;
}

TEST(FirmwareFingerprint, AMereOptionOverlapNamesNoVendorAndLowConfidence) {
  for (const std::uint16_t max_size : {1472, 1464}) {
    const FirmwareFingerprint fp =
        fingerprint_firmware(parsed(legacy_rom_discover({0x52, 0x54, 0, 1, 2, 3}, max_size)));
    EXPECT_EQ(fp.name.find("Intel"), std::string::npos) << fp.name;
    EXPECT_EQ(fp.name.find("Realtek"), std::string::npos) << fp.name;
    EXPECT_LT(fp.confidence, 0.5);
    EXPECT_NE(fp.evidence.find("merely overlap"), std::string::npos) << fp.evidence;
  }
}

}  // namespace
}  // namespace pxescope
