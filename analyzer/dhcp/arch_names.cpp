// The IANA "Processor Architecture Types" registry (option 93, the Arch of option 60), with
// the short names configs use. Kept apart from the option rows because it is also a lookup
// the responder and the diagnosis use on their own.
#include <array>

#include "analyzer/ascii.hpp"
#include "analyzer/dhcp/dhcp_decode.hpp"
#include "analyzer/dhcp/option_table.hpp"

namespace pxescope::dhcp {

namespace {

using sv = std::string_view;

// IANA "Processor Architecture Types" (RFC 5970 / RFC 4578 + later registrations).
struct ArchRow {
  std::uint16_t code;
  sv name;
  sv short_name;
};
constexpr ArchRow kArchRows[] = {
    {0x00, "x86 BIOS", "bios"},
    {0x01, "NEC/PC98 (deprecated)", "nec-pc98"},
    {0x02, "Itanium", "ia64"},
    {0x03, "DEC Alpha (deprecated)", "alpha"},
    {0x04, "Arc x86 (deprecated)", "arc-x86"},
    {0x05, "Intel Lean Client (deprecated)", "lean-client"},
    {0x06, "x86 UEFI", "efi-ia32"},
    {0x07, "x64 UEFI", "efi-x64"},
    {0x08, "EFI Xscale (deprecated)", "efi-xscale"},
    {0x09, "EBC", "efi-bc"},
    {0x0a, "ARM 32-bit UEFI", "efi-arm32"},
    {0x0b, "ARM 64-bit UEFI", "efi-arm64"},
    {0x0c, "PowerPC Open Firmware", "ppc-ofw"},
    {0x0d, "PowerPC ePAPR", "ppc-epapr"},
    {0x0e, "POWER OPAL v3", "power-opal"},
    {0x0f, "x86 UEFI boot from HTTP", "efi-ia32-http"},
    {0x10, "x64 UEFI boot from HTTP", "efi-x64-http"},
    {0x11, "EBC boot from HTTP", "efi-bc-http"},
    {0x12, "ARM 32-bit UEFI boot from HTTP", "efi-arm32-http"},
    {0x13, "ARM 64-bit UEFI boot from HTTP", "efi-arm64-http"},
    {0x14, "PC/AT BIOS boot from HTTP", "bios-http"},
    {0x15, "ARM 32-bit U-Boot", "uboot-arm32"},
    {0x16, "ARM 64-bit U-Boot", "uboot-arm64"},
    {0x17, "ARM 32-bit U-Boot boot from HTTP", "uboot-arm32-http"},
    {0x18, "ARM 64-bit U-Boot boot from HTTP", "uboot-arm64-http"},
    {0x19, "RISC-V 32-bit UEFI", "efi-riscv32"},
    {0x1a, "RISC-V 32-bit UEFI boot from HTTP", "efi-riscv32-http"},
    {0x1b, "RISC-V 64-bit UEFI", "efi-riscv64"},
    {0x1c, "RISC-V 64-bit UEFI boot from HTTP", "efi-riscv64-http"},
    {0x1d, "RISC-V 128-bit UEFI", "efi-riscv128"},
    {0x1e, "RISC-V 128-bit UEFI boot from HTTP", "efi-riscv128-http"},
    {0x1f, "s390 Basic", "s390-basic"},
    {0x20, "s390 Extended", "s390-extended"},
    {0x21, "MIPS 32-bit UEFI", "efi-mips32"},
    {0x22, "MIPS 64-bit UEFI", "efi-mips64"},
    {0x23, "Sunway 32-bit UEFI", "efi-sunway32"},
    {0x24, "Sunway 64-bit UEFI", "efi-sunway64"},
    {0x25, "LoongArch 32-bit UEFI", "efi-loongarch32"},
    {0x26, "LoongArch 32-bit UEFI boot from HTTP", "efi-loongarch32-http"},
    {0x27, "LoongArch 64-bit UEFI", "efi-loongarch64"},
    {0x28, "LoongArch 64-bit UEFI boot from HTTP", "efi-loongarch64-http"},
    {0x29, "ARM rpiboot", "rpiboot"},
};
static_assert(std::size(kArchRows) == kArchCount);
constexpr std::array<ValueName, kArchCount> make_arch_names() {
  std::array<ValueName, kArchCount> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = {kArchRows[i].code, kArchRows[i].name};
  return out;
}

}  // namespace

// Constant-initialized, so the option rows in option_table.cpp can point at it.
extern const std::array<ValueName, kArchCount> kIanaArchNames = make_arch_names();

std::span<const ValueName> arch_names() {
  return kIanaArchNames;
}
std::string_view arch_name(std::uint16_t arch) {
  return arch < std::size(kArchRows) ? kArchRows[arch].name : "Unknown";
}
std::string_view arch_short_name(std::uint16_t arch) {
  return arch < std::size(kArchRows) ? kArchRows[arch].short_name : "";
}

std::vector<std::uint16_t> arch_codes_from_name(std::string_view short_name) {
  if (ascii_iequals(short_name, "efi-x64"))
    return {7, 9};  // the 7/9 ambiguity: firmware sends both
  for (const auto& row : kArchRows)
    if (ascii_iequals(row.short_name, short_name)) return {row.code};
  // A number: decimal or 0x-hex.
  unsigned long v = 0;
  sv digits = short_name;
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    digits.remove_prefix(2);
    base = 16;
  }
  if (digits.empty() || digits.size() > 5) return {};
  for (char c : digits) {
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : 99;
    if (d >= base) return {};
    v = v * static_cast<unsigned long>(base) + static_cast<unsigned long>(d);
  }
  if (v > 0xffff) return {};
  return {static_cast<std::uint16_t>(v)};
}

}  // namespace pxescope::dhcp
