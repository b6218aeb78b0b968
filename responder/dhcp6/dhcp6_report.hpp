// `respond --test` for DHCPv6: what a Solicit from each firmware kind would get, built as
// the firmware sends it (EDK2's PXEv6/HTTPv6, iPXE) and run through the same engine.
#pragma once

#include <string>
#include <vector>

#include "responder/config.hpp"
#include "responder/dhcp6/dhcp6_request.hpp"

namespace pxescope::responder {

struct Dhcp6ReportLine {
  std::string kind;    // "DHCPv6 x64 UEFI (efi-x64, 7)"
  std::string answer;  // "Advertise url tftp://[2001:db8::1]/ipxe.efi" or "no answer: ..."
  bool answered = false;
};

// One line per firmware kind; empty when DHCPv6 is off.
std::vector<Dhcp6ReportLine> report_dhcp6_clients(const ResponderConfig& cfg);

// A Solicit as EDK2 sends it (DUID-LL of `mac`, IA_NA, ORO 59/60/23, vendor class
// "PXEClient:Arch:NNNNN:UNDI:003000" or "HTTPClient:...", option 61), and iPXE's user
// class when `ipxe`; every option through the DHCPv6 option table's encoder.
std::vector<std::uint8_t> build_solicit6(std::uint16_t arch, bool http, bool ipxe,
                                         const std::array<std::uint8_t, 6>& mac, std::uint32_t xid);

}  // namespace pxescope::responder
