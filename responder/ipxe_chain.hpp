// The iPXE chain, as dnsmasq users write it with dhcp-userclass=set:ipxe,iPXE and
// dhcp-match=set:ipxe,175: firmware not yet running iPXE gets an iPXE binary (over TFTP, or over
// HTTP for UEFI HTTP boot), and iPXE itself gets the URL of a script, so the loop is broken.
// Pure: it only adds tag rules, boot rules and routes to a configuration.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "responder/config.hpp"

namespace pxescope::responder {

// The tag iPXE clients earn (user class "iPXE" in 77, or option 175 present), added once.
std::uint8_t add_ipxe_tag(ResponderConfig& cfg);

// Where the iPXE binaries come from (Debian's ipxe package).
inline constexpr const char* kIpxeBinaryDir = "/usr/lib/ipxe";

// For the clients of `arches` (empty: every architecture iPXE has a binary for): iPXE gets
// the script at `script_path` on pxescope's HTTP service, other firmware the iPXE binary for
// its architecture (BIOS: undionly.kpxe over TFTP; x64 UEFI: snponly.efi over TFTP, or over
// HTTP for an HTTPClient). `origin` names the flag in messages.
void add_ipxe_chain(ResponderConfig& cfg, const std::vector<std::uint16_t>& arches,
                    const std::string& script_path, const std::string& origin);

// The iPXE binary the chain gives firmware of this architecture (option 93 value):
// "undionly.kpxe", "snponly.efi"; empty when it has none for it. The GUI's "Answer this
// client" proposes it as the boot file.
std::string ipxe_binary_for_arch(std::uint16_t arch);

// One line per iPXE binary the chain hands out that is not a readable file (the fix: install
// the ipxe package), for the start-up checks.
std::vector<std::string> ipxe_binary_problems(const ResponderConfig& cfg);

}  // namespace pxescope::responder
