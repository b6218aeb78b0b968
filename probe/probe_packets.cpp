#include "probe/probe_packets.hpp"

#include <arpa/inet.h>

#include <tins/arp.h>
#include <tins/dhcp.h>
#include <tins/dhcpv6.h>
#include <tins/icmpv6.h>
#include <tins/ip.h>
#include <tins/ipv6.h>
#include <tins/rawpdu.h>
#include <tins/udp.h>
#include <cstdio>

#include "analyzer/dhcp/option_codes.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"

namespace pxescope::probe {
namespace {

using Tins::DHCP;
using Tins::DHCPv6;

constexpr std::uint32_t kPxeEnterprise = 343;  // Intel: EDK2's option 16 enterprise number

Tins::IPv4Address ip4(std::uint32_t host_order) {
  return Tins::IPv4Address(htonl(host_order));
}
Tins::HWAddress<6> hw(const Mac& mac) {
  return Tins::HWAddress<6>(mac.data());
}
Tins::IPv6Address ip6(const Ipv6& a) {
  return Tins::IPv6Address(a.data());
}

void add4(DHCP& dhcp, std::uint8_t code, const Bytes& value) {
  dhcp.add_option(DHCP::option(static_cast<DHCP::OptionTypes>(code), value.begin(), value.end()));
}
Bytes be32(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
          static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

std::string vendor_class(int arch, bool uefi) {
  char text[40];
  std::snprintf(text, sizeof text, "PXEClient:Arch:%05d:UNDI:%s", arch, uefi ? "003000" : "002001");
  return text;
}

// Option 60, whole or (the SplitVendorClass quirk) as two options of the same code, which
// RFC 3396 says a server must join.
void add_vendor_class(DHCP& dhcp, const std::string& text, Quirk quirk) {
  const Bytes all(text.begin(), text.end());
  if (quirk != Quirk::SplitVendorClass) return add4(dhcp, dhcp::kOptVendorClass, all);
  const auto half = all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2);
  add4(dhcp, dhcp::kOptVendorClass, Bytes(all.begin(), half));
  add4(dhcp, dhcp::kOptVendorClass, Bytes(half, all.end()));
}

// The parameter request lists (option 55) of the firmware the probe imitates.
const Bytes kEdk2Parameters = {1,  2,  3,  4,   5,   6,   12,  13,  15,  17,  18, 22,
                               23, 28, 40, 41,  42,  43,  50,  51,  54,  58,  59, 60,
                               66, 67, 97, 128, 129, 130, 131, 132, 133, 134, 135};
const Bytes kPxe21Parameters = {1,  2,  3,  5,  6,   11,  12,  13,  15,  16,  17,  18,
                                43, 54, 60, 67, 128, 129, 130, 131, 132, 133, 134, 135};

}  // namespace

Bytes build_dhcp4(const Dhcp4Request& r) {
  DHCP dhcp;
  dhcp.xid(r.xid);
  dhcp.padding(0x8000);  // BOOTP flags: broadcast, the probe has no address yet
  dhcp.ciaddr(ip4(r.ciaddr));
  dhcp.chaddr(hw(r.mac));
  dhcp.type(static_cast<DHCP::Flags>(r.type));
  if (r.requested_ip) add4(dhcp, dhcp::kOptRequestedAddress, be32(r.requested_ip));
  if (r.server_id) add4(dhcp, dhcp::kOptServerId, be32(r.server_id));
  if (r.type != 7) {
    const bool uefi = r.arch != 0;
    // UUID (97): derived from the MAC so repeated probes look like the same machine.
    const Bytes uuid = {0,    0x70, 0x78,     0x65,     0x73,     0x63,     0x6f,     0x70,    0x65,
                        0x00, 0x00, r.mac[0], r.mac[1], r.mac[2], r.mac[3], r.mac[4], r.mac[5]};
    const Bytes arch = {static_cast<std::uint8_t>(r.arch >> 8), static_cast<std::uint8_t>(r.arch)};
    // EDK2's order (NetworkPkg PxeBcDhcp4): 53, 57, 55, 97, 94, 93, 60; a PXE 2.1 ROM's:
    // 53, 57, 55, 97, 93, 94, 60.
    add4(dhcp, dhcp::kOptMaxMessageSize, uefi ? Bytes{0x05, 0xc0} : Bytes{0x04, 0xec});
    add4(dhcp, dhcp::kOptParameterRequestList, uefi ? kEdk2Parameters : kPxe21Parameters);
    add4(dhcp, dhcp::kOptClientGuid, uuid);
    const bool with_arch = r.quirk != Quirk::NoArch;
    if (uefi) add4(dhcp, dhcp::kOptClientNdi, {1, 3, 0});
    if (with_arch) add4(dhcp, dhcp::kOptClientArch, arch);
    if (!uefi) add4(dhcp, dhcp::kOptClientNdi, {1, 2, 1});
    add_vendor_class(dhcp, vendor_class(r.arch, uefi), r.quirk);
    // A menu choice (boot item 0x8000, layer 0) only answers a menu; EDK2 sends none without.
    if (r.boot_server_request && r.boot_item)
      add4(dhcp, dhcp::kOptVendorSpecific, {71, 4, 0x80, 0x00, 0x00, 0x00, 255});
  }
  dhcp.end();
  Bytes out = dhcp.serialize();
  // libtins writes END as "ff 00"; BOOTP wants at least 300 bytes (RFC 1542), zero-padded.
  if (out.size() < 300) out.resize(300, 0);
  return out;
}

Tins::EthernetII udp4_frame(const Mac& src_mac, const Mac& dst_mac, std::uint32_t src_ip,
                            std::uint16_t src_port, std::uint32_t dst_ip, std::uint16_t dst_port,
                            const Bytes& payload) {
  Tins::IP ip(ip4(dst_ip), ip4(src_ip));
  ip.ttl(64);
  return Tins::EthernetII(hw(dst_mac), hw(src_mac)) / ip / Tins::UDP(dst_port, src_port) /
         Tins::RawPDU(payload);
}

Tins::EthernetII arp_reply(const Mac& my_mac, std::uint32_t my_ip, const Mac& asker_mac,
                           std::uint32_t asker_ip) {
  return Tins::ARP::make_arp_reply(ip4(asker_ip), ip4(my_ip), hw(asker_mac), hw(my_mac));
}

Mac mac_of(const Tins::HWAddress<6>& hw) {
  Mac m;
  std::copy(hw.begin(), hw.end(), m.begin());
  return m;
}

Ipv6 ipv6_of(const Tins::IPv6Address& address) {
  Ipv6 a;
  std::copy(address.begin(), address.end(), a.begin());
  return a;
}

Bytes tftp_size_request(const std::string& file) {
  Bytes rrq = {0, 1};
  for (const std::string& s : {file, std::string("octet"), std::string("tsize"), std::string("0"),
                               std::string("blksize"), std::string("1468")}) {
    rrq.insert(rrq.end(), s.begin(), s.end());
    rrq.push_back(0);
  }
  return rrq;
}

Bytes tftp_abort() {
  Bytes abort = {0, 5, 0, 8};  // ERROR 8: option negotiation declined, as firmware ends a probe
  const std::string text = "probe done";
  abort.insert(abort.end(), text.begin(), text.end());
  abort.push_back(0);
  return abort;
}

std::string describe_tftp_answer(std::span<const std::uint8_t> p, const std::string& from,
                                 bool& abort) {
  abort = false;
  if (p.size() < 2) return "";
  const std::uint16_t op = static_cast<std::uint16_t>((p[0] << 8) | p[1]);
  if (op == 6) {
    abort = true;
    std::string opts;
    for (std::size_t i = 2; i < p.size(); ++i) opts += p[i] ? static_cast<char>(p[i]) : ' ';
    return "OACK from " + from + ": " + opts;
  }
  if (op == 3) {
    abort = true;
    return "DATA from " + from + " (the server ignored the options; the file exists)";
  }
  if (op == 5 && p.size() >= 4) {
    std::string text;
    for (std::size_t i = 4; i < p.size() && p[i]; ++i) text += static_cast<char>(p[i]);
    return "ERROR " + std::to_string((p[2] << 8) | p[3]) + " from " + from + ": " + text;
  }
  return "";
}

// ---- DHCPv6 ---------------------------------------------------------------------------

Bytes build_dhcp6(const Dhcp6Request& r) {
  DHCPv6 msg;
  msg.msg_type(static_cast<DHCPv6::MessageType>(r.type));
  msg.transaction_id(r.xid & 0xffffffu);
  // DUID-LL from the MAC (EDK2 uses DUID-UUID when SMBIOS has one; LL keeps the probe
  // reproducible on any machine).
  msg.client_id(DHCPv6::duid_type(DHCPv6::duid_ll(1, Bytes(r.mac.begin(), r.mac.end()))));
  const std::uint32_t iaid = (std::uint32_t{r.mac[2]} << 24) | (std::uint32_t{r.mac[3]} << 16) |
                             (std::uint32_t{r.mac[4]} << 8) | r.mac[5];
  Bytes ia_options;
  if (r.address != Ipv6{}) {
    Bytes value(r.address.begin(), r.address.end());
    value.resize(24, 0);  // preferred and valid lifetimes 0: the server chooses
    dhcpv6::append_option(ia_options, dhcpv6::kOptIaAddr, value);
  }
  msg.ia_na(DHCPv6::ia_na_type(iaid, 0, 0, ia_options));
  if (!r.server_duid.empty())
    msg.add_option(DHCPv6::option(DHCPv6::SERVERID, r.server_duid.begin(), r.server_duid.end()));
  if (r.type != 8) {
    msg.option_request({dhcpv6::kOptBootfileUrl, dhcpv6::kOptBootfileParam, dhcpv6::kOptDnsServers,
                        dhcpv6::kOptDomainList});
    msg.elapsed_time(r.elapsed_cs);
    const Bytes arch = {static_cast<std::uint8_t>(r.arch >> 8), static_cast<std::uint8_t>(r.arch)};
    msg.add_option(DHCPv6::option(static_cast<DHCPv6::OptionTypes>(dhcpv6::kOptClientArch),
                                  arch.begin(), arch.end()));
    const std::string text = vendor_class(r.arch, true);
    msg.vendor_class(DHCPv6::vendor_class_type(
        kPxeEnterprise, {DHCPv6::class_option_data_type(text.begin(), text.end())}));
  } else {
    msg.elapsed_time(r.elapsed_cs);
  }
  return msg.serialize();
}

Ipv6 link_local_of(const Mac& mac) {
  Ipv6 a{0xfe, 0x80};
  a[8] = mac[0] ^ 0x02, a[9] = mac[1], a[10] = mac[2], a[11] = 0xff;
  a[12] = 0xfe, a[13] = mac[3], a[14] = mac[4], a[15] = mac[5];
  return a;
}

Tins::EthernetII udp6_frame(const Mac& src_mac, const Mac& dst_mac, const Ipv6& src,
                            std::uint16_t src_port, const Ipv6& dst, std::uint16_t dst_port,
                            const Bytes& payload) {
  Mac to = dst_mac;
  if (dst[0] == 0xff) to = {0x33, 0x33, dst[12], dst[13], dst[14], dst[15]};
  Tins::IPv6 ip(ip6(dst), ip6(src));
  ip.hop_limit(dst[0] == 0xff ? 1 : 64);  // DHCPv6 to ff02::1:2 stays on the link
  return Tins::EthernetII(hw(to), hw(src_mac)) / ip / Tins::UDP(dst_port, src_port) /
         Tins::RawPDU(payload);
}

Tins::EthernetII neighbour_advert(const Mac& my_mac, const Ipv6& target, const Mac& asker_mac,
                                  const Ipv6& asker) {
  Tins::ICMPv6 na(Tins::ICMPv6::NEIGHBOUR_ADVERT);
  na.target_addr(ip6(target));
  na.solicited(1);
  na.override(1);
  na.target_link_layer_addr(hw(my_mac));
  Tins::IPv6 ip(ip6(asker), ip6(target));
  ip.hop_limit(255);  // RFC 4861 §7.1.2: receivers drop neighbour discovery with any other
  return Tins::EthernetII(hw(asker_mac), hw(my_mac)) / ip / na;
}

Tins::EthernetII neighbour_solicitation(const Mac& my_mac, const Ipv6& from, const Ipv6& target) {
  Tins::ICMPv6 ns(Tins::ICMPv6::NEIGHBOUR_SOLICIT);
  ns.target_addr(ip6(target));
  ns.source_link_layer_addr(hw(my_mac));
  const Ipv6 group = {0xff, 0x02, 0, 0, 0,    0,          0,          0,
                      0,    0,    0, 1, 0xff, target[13], target[14], target[15]};
  Tins::IPv6 ip(ip6(group), ip6(from));
  ip.hop_limit(255);
  const Mac to = {0x33, 0x33, 0xff, target[13], target[14], target[15]};
  return Tins::EthernetII(hw(to), hw(my_mac)) / ip / ns;
}

}  // namespace pxescope::probe
