// Boot programs that take their TFTP server from the DHCP server's next-server (siaddr) rather
// than from the proxyDHCP that named them: shim and GRUB. Recognised by file name (what a
// capture shows) or by the SBAT section of the file itself (what a server's root holds).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace pxescope {

enum class SiaddrLoader : std::uint8_t { None, Shim, Grub };

// By base name, case-insensitive, a ".signed" suffix ignored: shimx64.efi, bootnetx64.efi
// (Debian's netboot shim), grubx64.efi, grubnetx64.efi, ... for x64, ia32 and arm64.
SiaddrLoader siaddr_loader_by_name(std::string_view file);
// By content: the first component of the image's SBAT metadata ("shim," or "grub,").
SiaddrLoader siaddr_loader_by_content(std::span<const std::uint8_t> image);
std::string_view siaddr_loader_text(SiaddrLoader loader);  // "shim", "GRUB", ""

}  // namespace pxescope
