// Which frames that did not decode are worth a line on stderr. ARP, IPv6, TCP and UDP on
// other ports are ordinary traffic on any network: counted quietly. A frame is reported as
// not decoded when it failed to parse (truncated or bad headers, an unsupported link type),
// because that is where boot traffic can hide.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

#include "analyzer/wlan/wlan_locator.hpp"

namespace pxescope {

// PacketDissector's reasons (DissectResult::not_decoded_reason) for frames that parsed
// fine and are simply not DHCP or TFTP.
inline constexpr std::array<std::string_view, 13> kOrdinaryTrafficReasons = {
    "not IPv4",                       // ARP, LLDP, STP...
    "not UDP",                        // TCP, ICMP, IGMP...
    "UDP, not a DHCP or TFTP port",   // mDNS, DNS, NTP...
    "IPv4 fragment (not the first)",  // its first fragment carries the ports
    "IPv6, not UDP or ICMPv6",        // TCP over IPv6...
    "IPv6, no next header",           // next header 59
    "IPv6 fragment (not the first)",
    // Wi-Fi captures are mostly frames with no IP in them (wlan_locator.hpp).
    wlan::kNoIpManagement,  // beacons, probes, (re)association...
    wlan::kNoIpControl,     // ACK, RTS/CTS, block ack
    wlan::kNoIpNullData,    // null data (power save)
    wlan::kNoIpProtected,   // WPA: nothing to read without the keys
    wlan::kLlcNotSnap,      // STP, CDP, NetBIOS over LLC...
    wlan::kSnapNotEthertype,
};

inline bool is_ordinary_traffic(std::string_view reason) {
  return std::ranges::find(kOrdinaryTrafficReasons, reason) != kOrdinaryTrafficReasons.end();
}

inline constexpr std::string_view kUnsupportedLinkType = "unsupported link type";

}  // namespace pxescope
