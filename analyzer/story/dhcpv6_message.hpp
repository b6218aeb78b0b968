// One DHCPv6 client/server message as the boot story reads it (RFC 8415, RFC 5970): who sent
// it (the DUID, and the MAC a DUID-LL/LLT carries), the netboot options (61 architecture, 16
// vendor class, 59 boot file URL, 6 option request) and what was given (IA_NA addresses,
// status codes). Relay messages are not unwrapped: the story sees the link the capture is on.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pxescope {

struct Dhcpv6Message {
  std::uint8_t type = 0;  // dhcpv6::MessageType
  std::uint32_t xid = 0;  // 24 bits
  std::vector<std::uint8_t> client_duid, server_duid;
  int arch = -1;                   // the first architecture of option 61
  std::string vendor_class;        // option 16's first item ("PXEClient:Arch:00007:...")
  std::string bootfile_url;        // option 59
  bool asks_bootfile_url = false;  // option 6 lists 59
  std::vector<std::array<std::uint8_t, 16>> addresses;  // IA_NA -> IAADDR
  int status = -1;                                      // the first status code (13) found, -1 none
  std::string status_message;

  // Parses the UDP payload; false when it is not a client/server message (too short, relay).
  bool parse(std::span<const std::uint8_t> payload);
  bool from_client() const;  // Solicit, Request, Confirm, Renew, Rebind, Release, ...
};

// "tftp://[fd00::2]/boot/x.efi" -> host "fd00::2" and path "boot/x.efi"; false when the URL
// has no scheme://host/ shape.
bool split_boot_url(const std::string& url, std::string& scheme, std::string& host,
                    std::string& path);

}  // namespace pxescope
