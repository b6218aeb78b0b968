// The packets `pxescope probe` sends, built with libtins the way a firmware client builds
// them: DHCPv4 DISCOVER/REQUEST/RELEASE (EDK2's or a PXE 2.1 ROM's option order), the
// port-4011 boot-server REQUEST, DHCPv6 Solicit/Request/Release shaped like EDK2's PXEv6
// (NetworkPkg PxeBcDhcp6), TFTP, ARP replies and neighbour advertisements. Pure functions:
// tests parse what they build with libtins and with pxescope's own dissectors.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <tins/ethernetII.h>
#include <tins/ipv6_address.h>

namespace pxescope::probe {

using Bytes = std::vector<std::uint8_t>;
using Mac = std::array<std::uint8_t, 6>;

// Packet shapes real clients send that servers have been seen to mishandle (`--quirk`).
enum class Quirk : std::uint8_t {
  None,
  NoArch,            // a DISCOVER without option 93 (old ROMs; servers must fall back to 60)
  SplitVendorClass,  // option 60 split in two (RFC 3396 long-option encoding)
};

struct Dhcp4Request {
  int arch = 0;  // option 93 (and 60's Arch field)
  Mac mac{};     // chaddr and option 97's UUID tail
  std::uint32_t xid = 0;
  std::uint8_t type = 1;           // 1 DISCOVER, 3 REQUEST, 7 RELEASE
  std::uint32_t requested_ip = 0;  // option 50 when non-zero
  std::uint32_t server_id = 0;     // option 54 when non-zero
  std::uint32_t ciaddr = 0;
  bool boot_server_request = false;  // port-4011 REQUEST
  bool boot_item = false;            // with the menu's first boot item (option 43, 71)
  Quirk quirk = Quirk::None;
};

// The BOOTP/DHCP payload, padded to BOOTP's 300 bytes as firmware pads it.
Bytes build_dhcp4(const Dhcp4Request& request);

// Ethernet/IPv4/UDP around `payload` (IPv4 addresses in host order; broadcast MAC when
// `dst_mac` is all 0xff). Checksums are libtins'.
Tins::EthernetII udp4_frame(const Mac& src_mac, const Mac& dst_mac, std::uint32_t src_ip,
                            std::uint16_t src_port, std::uint32_t dst_ip, std::uint16_t dst_port,
                            const Bytes& payload);

// The ARP reply that tells `asker` (its MAC and IP) that `my_ip` is at `my_mac`.
Tins::EthernetII arp_reply(const Mac& my_mac, std::uint32_t my_ip, const Mac& asker_mac,
                           std::uint32_t asker_ip);

// TFTP read request for `file` asking tsize and blksize (the size probe firmware makes),
// and the ERROR 8 that aborts it after the OACK.
Bytes tftp_size_request(const std::string& file);
Bytes tftp_abort();
// What a server's answer to that request says, one line naming `from` ("OACK from X: tsize
// 3000 ...", "DATA from X (...)", "ERROR 1 from X: File not found"); "" when `payload` is
// no answer. `abort` is set when the transfer must be ended with tftp_abort().
std::string describe_tftp_answer(std::span<const std::uint8_t> payload, const std::string& from,
                                 bool& abort);

// libtins' addresses as the probe's (copies: libtins getters return temporaries).
Mac mac_of(const Tins::HWAddress<6>& hw);

// ---- DHCPv6 ---------------------------------------------------------------------------

using Ipv6 = std::array<std::uint8_t, 16>;

struct Dhcp6Request {
  int arch = 7;
  Mac mac{};                     // DUID-LL (type 3, hardware type 1) and IAID come from it
  std::uint32_t xid = 0;         // 24 bits
  std::uint8_t type = 1;         // 1 Solicit, 3 Request, 8 Release
  std::uint16_t elapsed_cs = 0;  // elapsed time, hundredths of a second
  Bytes server_duid;             // Request/Release: the chosen server's DUID
  Ipv6 address{};                // Request/Release: the address in IA_NA (all zero: none)
};

// The DHCPv6 message, EDK2's option order: 1 client id, 3 IA_NA, 6 ORO (59 60 23 24),
// 8 elapsed, 61 arch, 16 vendor class "PXEClient:Arch:NNNNN:UNDI:003000" (enterprise 343),
// and 2 server id for Request/Release.
Bytes build_dhcp6(const Dhcp6Request& request);

Ipv6 ipv6_of(const Tins::IPv6Address& address);

// The EUI-64 link-local address of `mac` (fe80::/64), the address the kernel gives it.
Ipv6 link_local_of(const Mac& mac);

// Ethernet/IPv6/UDP around `payload`; a multicast destination gets its 33:33 MAC.
Tins::EthernetII udp6_frame(const Mac& src_mac, const Mac& dst_mac, const Ipv6& src,
                            std::uint16_t src_port, const Ipv6& dst, std::uint16_t dst_port,
                            const Bytes& payload);

// The neighbour advertisement (solicited, override) that answers `asker`'s solicitation for
// `target`, which is ours.
Tins::EthernetII neighbour_advert(const Mac& my_mac, const Ipv6& target, const Mac& asker_mac,
                                  const Ipv6& asker);

// The neighbour solicitation that asks for `target`'s link address, to its solicited-node
// multicast group.
Tins::EthernetII neighbour_solicitation(const Mac& my_mac, const Ipv6& from, const Ipv6& target);

}  // namespace pxescope::probe
