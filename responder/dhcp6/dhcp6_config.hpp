// The DHCPv6 part of the responder's configuration, in dnsmasq's syntax:
//   dhcp-range=fd00::100,fd00::1ff[,64][,1h]      full mode: IA_NA addresses from the range
//   dhcp-range=::100,::1ff,constructor:eth0,64,1h  the same, prefix taken from eth0's address
//   dhcp-range=fd00::,ra-stateless                 stateless: boot clients only, no address
//   dhcp-range=fd00::,ra-only                      RAs only, no DHCPv6 (RAs: ipv6net's part)
//   enable-ra                                      send Router Advertisements (parsed here)
//   dhcp-option=[tag:T,]option6:bootfile-url,tftp://[::]/file   [::] = this server's address
//   dhcp-option=option6:bootfile-param,"console=ttyS0"
//   dhcp-match=set:efi64,option6:61,7   (also option6:client-arch,efi-x64; option6:15,iPXE)
// plus the IPv4 boot rules (dhcp-boot, --arch-boot-file, tags) when no bootfile-url is set.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "responder/dhcp6/dhcp6_request.hpp"
#include "responder/tag_condition.hpp"

namespace pxescope::responder {

struct ResponderConfig;
struct ConfigLine;

// dhcp-match=set:TAG,option6:CODE[,VALUE]: 61 against architectures, 15/16 as text to find.
struct Dhcp6TagRule {
  std::uint8_t tag = 0;
  std::uint16_t code = 0;
  std::vector<std::uint16_t> arches;  // code 61 with a value
  std::string text;                   // code 15/16 with a value (substring of the first item)
  bool any_value = true;              // no value: the option's presence sets the tag
};

// dhcp-option=option6:...: encoded once through the DHCPv6 option table; a value holding
// dnsmasq's "[::]" placeholder is encoded again per reply with the server's address in it.
struct Dhcp6Option {
  std::vector<TagCondition> tags;
  std::uint16_t code = 0;
  std::vector<std::uint8_t> value;  // the wire value (no code/length)
  std::string text;                 // the config text after the name
  bool server_placeholder = false;  // text holds "[::]"
  bool force = false;               // dhcp-option-force: sent even when not in the ORO
  std::string origin;
};

// One IPv6 dhcp-range line: full mode's addresses, or (ra-stateless, ra-only) the network it
// is for; with constructor:IFACE the interface whose /64 it takes. Several ranges: one per
// served interface (dhcp6_interfaces.hpp chooses each interface's).
struct Dhcp6Range {
  bool full = false;     // an address range: IA_NA leases (else stateless, boot clients only)
  bool ra_only = false;  // dhcp-range=...,ra-only: RAs, no DHCPv6 answers
  Ipv6Address range_start{}, range_end{};
  std::string constructor;  // constructor:IFACE: the range's prefix is IFACE's (at start)
  std::uint8_t prefix_length = 64;
  std::uint32_t lease_seconds = 3600;
  std::vector<std::string> range_modes;  // ra-stateless, slaac, ... as written, for --test
  std::string range_origin;
};

// The range fields (the base) are the range this interface serves: the first one written,
// until dhcp6_interfaces.hpp puts the one for the interface there.
struct Dhcp6Config : Dhcp6Range {
  bool enabled = false;  // an IPv6 dhcp-range, an option6 line or --dhcp6
  bool enable_ra = false;
  std::vector<Dhcp6TagRule> tag_rules;
  std::vector<Dhcp6Option> options;
  std::string lease_file;                 // full mode; default /var/lib/pxescope/leases6.IFACE
  std::vector<Dhcp6Range> more_ranges;    // the second and later IPv6 ranges, as written
  bool lease_file_per_interface = false;  // several interfaces in full mode: <file>.IFACE each
  bool answers() const { return enabled && !ra_only; }
};

// The config-line hook: true when the line is an IPv6 one (then `error` is set when it is
// wrong, one line naming the problem and the fix), false when the line is not DHCPv6's.
// `where` is "FILE:LINE", kept as the line's origin.
bool parse_dhcp6_line(const ConfigLine& line, const std::string& where, ResponderConfig& cfg,
                      std::string& error);

// "fd00::1" -> bytes; false on bad text. format_ipv6: the RFC 5952 text.
bool parse_ipv6(std::string_view text, Ipv6Address& out);
std::string format_ipv6(const Ipv6Address& a);

}  // namespace pxescope::responder
