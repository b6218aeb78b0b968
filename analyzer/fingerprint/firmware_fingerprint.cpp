#include "analyzer/fingerprint/firmware_fingerprint.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <span>

namespace pxescope {
namespace {

bool equals(std::span<const std::uint8_t> got, std::initializer_list<std::uint8_t> want) {
  return std::equal(got.begin(), got.end(), want.begin(), want.end());
}

std::vector<std::uint8_t> without_pad_end(std::vector<std::uint8_t> order) {
  std::erase_if(order, [](std::uint8_t c) { return c == 0 || c == 255; });
  return order;
}

// Option order of a DISCOVER; REQUESTs of the same firmware insert 50/54 (and drop nothing).
bool order_is(const std::vector<std::uint8_t>& order, std::initializer_list<std::uint8_t> want) {
  std::vector<std::uint8_t> o = order;
  std::erase_if(o, [](std::uint8_t c) { return c == 50 || c == 54 || c == 43; });
  return std::equal(o.begin(), o.end(), want.begin(), want.end());
}

// EDK2's PXE base code parameter request list (NetworkPkg/UefiPxeBcDxe), as sent by OVMF
// and AAVMF in the shared captures.
constexpr std::initializer_list<std::uint8_t> kEdk2Prl = {
    1,  2,  3,  4,  5,  6,  12, 13, 15, 17,  18,  22,  23,  28,  40,  41,  42, 43,
    50, 51, 54, 58, 59, 60, 66, 67, 97, 128, 129, 130, 131, 132, 133, 134, 135};
// iPXE's request list (the same on BIOS and EFI builds in the captures).
constexpr std::initializer_list<std::uint8_t> kIpxePrl = {1,   3,   6,   7,   12,  15,  17,  26,
                                                          43,  60,  66,  67,  119, 128, 129, 130,
                                                          131, 132, 133, 134, 135, 175, 203};
// The Raspberry Pi boot ROM / EEPROM bootloader asks for exactly these 14.
constexpr std::initializer_list<std::uint8_t> kRpiPrl = {1,   3,   43,  60,  66,  67,  128,
                                                         129, 130, 131, 132, 133, 134, 135};

bool oui_in(const std::array<std::uint8_t, 6>& mac,
            std::span<const std::array<std::uint8_t, 3>> ouis) {
  return std::any_of(ouis.begin(), ouis.end(), [&](const auto& o) {
    return mac[0] == o[0] && mac[1] == o[1] && mac[2] == o[2];
  });
}

bool raspberry_pi_oui(const std::array<std::uint8_t, 6>& mac) {
  constexpr std::array<std::array<std::uint8_t, 3>, 6> kOuis = {{{0xb8, 0x27, 0xeb},
                                                                 {0xdc, 0xa6, 0x32},
                                                                 {0xe4, 0x5f, 0x01},
                                                                 {0xd8, 0x3a, 0xdd},
                                                                 {0x28, 0xcd, 0xc1},
                                                                 {0x2c, 0xcf, 0x67}}};
  return oui_in(mac, kOuis);
}

// A few well-known IEEE OUIs of the two NIC makers whose BIOS PXE ROMs share the PXE 2.1
// option layout (both descend from Intel's PXE base code). An unknown OUI claims no vendor.
constexpr std::array<std::array<std::uint8_t, 3>, 13> kIntelOuis = {{{0x00, 0x02, 0xb3},
                                                                     {0x00, 0x03, 0x47},
                                                                     {0x00, 0x04, 0x23},
                                                                     {0x00, 0x07, 0xe9},
                                                                     {0x00, 0x0e, 0x0c},
                                                                     {0x00, 0x15, 0x17},
                                                                     {0x00, 0x1b, 0x21},
                                                                     {0x00, 0x1e, 0x67},
                                                                     {0x68, 0x05, 0xca},
                                                                     {0x90, 0xe2, 0xba},
                                                                     {0xa0, 0x36, 0x9f},
                                                                     {0x3c, 0xfd, 0xfe},
                                                                     {0xb4, 0x96, 0x91}}};
constexpr std::array<std::array<std::uint8_t, 3>, 1> kRealtekOuis = {{{0x00, 0xe0, 0x4c}}};
// Intel Boot Agent asks for DHCP messages of at most 1260 bytes (option 57).
constexpr std::uint16_t kIntelBootAgentMaxSize = 1260;

// A legacy BIOS PXE 2.1 ROM (UNDI 2.1, arch 0). The option order alone is shared by Intel's
// and Realtek's ROMs (and OEM ones built on the same base code), so it names no vendor: the
// MAC prefix and Intel's 57 = 1260 do, each raising the confidence.
FirmwareFingerprint legacy_bios_rom(const DhcpMessage& m, const std::string& order_text) {
  const auto max_size = m.option(57);
  const bool intel_size =
      max_size.size() == 2 && ((max_size[0] << 8) | max_size[1]) == kIntelBootAgentMaxSize;
  const bool intel_oui = oui_in(m.mac, kIntelOuis);
  const bool realtek_oui = oui_in(m.mac, kRealtekOuis);
  const std::string overlap =
      "option order " + order_text + " (shared by Intel- and Realtek-based ROMs)";
  if (intel_oui || (intel_size && !realtek_oui)) {
    std::string why = intel_oui ? "Intel MAC prefix" : "";
    if (intel_size)
      why += std::string(why.empty() ? "" : ", ") + "57 max size 1260 (Intel Boot Agent's)";
    return {"Intel Boot Agent (legacy PXE 2.1)",
            intel_oui && intel_size ? 0.9
            : intel_oui             ? 0.8
                                    : 0.6,
            why + ", " + overlap};
  }
  if (realtek_oui)
    return {"Realtek PXE ROM (legacy PXE 2.1)", 0.75, "Realtek MAC prefix, " + overlap};
  return {"BIOS PXE 2.1 ROM (vendor unknown)", 0.3,
          overlap + ": the options merely overlap, no vendor evidence"};
}

std::string arch_suffix(int arch) {
  if (arch < 0) return "";
  return arch == 0 ? " (BIOS)" : " (" + std::string(arch_name(arch)) + ")";
}

}  // namespace

FirmwareFingerprint fingerprint_firmware(const DhcpMessage& m) {
  const std::vector<std::uint8_t> order = without_pad_end(m.option_order());
  const auto prl = m.option(55);
  const auto ndi = m.option(94);
  const std::string_view vci = m.vendor_class();
  const std::string_view user_class = m.option_text(77);
  const int arch = m.arch();

  // iPXE announces itself: user class "iPXE" and its own option 175.
  if (m.has(175) || user_class.ends_with("iPXE")) {
    double c = 0.8;
    std::string why = m.has(175) ? "option 175 (iPXE encapsulated)" : "user class iPXE";
    if (m.has(175) && user_class.ends_with("iPXE")) c = 0.95;
    if (equals(prl, kIpxePrl)) {
      c = std::max(c, 0.97);
      why += ", iPXE's request list";
    }
    std::string name = "iPXE" + arch_suffix(arch);
    if (arch == 0 && ndi.size() == 3 && ndi[1] == 2 && ndi[2] == 1)
      name = "iPXE (BIOS, e.g. SeaBIOS+iPXE ROM or undionly.kpxe)";
    return {name, c, why};
  }
  if (vci.starts_with("U-Boot") || (ndi.size() == 3 && ndi[0] == 1 && ndi[1] == 0 && ndi[2] == 0)) {
    const bool named = vci.starts_with("U-Boot");
    return {"U-Boot", named ? 0.95 : 0.7,
            named ? "vendor class " + std::string(vci) : "client NDI (94) says UNDI 0.0"};
  }
  if (vci.starts_with("HTTPClient"))
    return {"UEFI HTTP Boot" + arch_suffix(arch), 0.8, "vendor class HTTPClient"};
  if (vci.starts_with("GRUBClient")) return {"GRUB (net)", 0.9, "vendor class GRUBClient"};
  if (equals(prl, kRpiPrl) && vci.starts_with("PXEClient")) {
    const bool oui = raspberry_pi_oui(m.mac);
    return {"Raspberry Pi boot ROM/EEPROM", oui ? 0.95 : 0.6,
            oui ? "Raspberry Pi MAC prefix and its 14-item request list"
                : "the Pi's 14-item request list"};
  }
  if (order_is(order, {53, 57, 55, 97, 94, 93, 60})) {
    const bool prl_exact = equals(prl, kEdk2Prl);
    const bool undi30 = ndi.size() == 3 && ndi[1] == 3 && ndi[2] == 0;
    const double c = prl_exact ? (undi30 ? 0.95 : 0.85) : 0.7;
    const std::string name = undi30 ? "EDK2 UEFI PXE (OVMF/AAVMF)" + arch_suffix(arch)
                                    : "EDK2-based UEFI PXE" + arch_suffix(arch);
    return {name, c,
            std::string("EDK2 option order 53,57,55,97,94,93,60") +
                (prl_exact ? ", EDK2's request list" : "")};
  }
  if (order_is(order, {53, 57, 55, 97, 93, 94, 60}) && arch == 0)
    return legacy_bios_rom(m, "53,57,55,97,93,94,60");
  if (order_is(order, {53, 55, 57, 97, 93, 94, 60}) && arch == 0)
    return legacy_bios_rom(m, "53,55,57,97,93,94,60");
  if (order_is(order, {53, 57, 55}) && !m.has(60))
    return {"a boot program's own DHCP (e.g. syslinux/PXELINUX, UEFI DHCP4)", 0.6,
            "only 53, 57, 55: no PXE options"};
  if (vci.starts_with("PXEClient"))
    return {"PXE firmware" + arch_suffix(arch), 0.3, "vendor class PXEClient, unknown signature"};
  if (!vci.empty()) return {"DHCP client \"" + std::string(vci) + "\"", 0.3, "vendor class"};
  return {"unknown", 0.0, "no known signature"};
}

}  // namespace pxescope
