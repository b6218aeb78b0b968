// Names the firmware (or boot program) that sent a DHCP DISCOVER/REQUEST from the shape of
// the message alone: option order, the parameter request list (55), max size (57), client
// NDI (94), iPXE's 175 and user class (77), the vendor class (60), and a few MAC prefixes.
// Signatures come from the real captures in shared/captures and captures/real (iPXE,
// EDK2/OVMF/AAVMF, syslinux.efi's own DHCP) and from published sources (U-Boot net/bootp.c,
// Raspberry Pi network-boot captures, Intel/Realtek PXE ROM dumps).
#pragma once

#include <string>

#include "analyzer/story/dhcp_message.hpp"

namespace pxescope {

struct FirmwareFingerprint {
  std::string name;         // "iPXE", "EDK2 UEFI PXE (OVMF/AAVMF)", ... ; "unknown" if nothing fits
  double confidence = 0.0;  // 0..1
  std::string evidence;     // the facts that decided it, one short phrase
};

FirmwareFingerprint fingerprint_firmware(const DhcpMessage& request);

}  // namespace pxescope
