// The probe's packets (probe/probe_packets.cpp, built with libtins) read back by libtins AND
// by pxescope's own dissectors: both must see the same options, in the same order, and the
// fields firmware servers act on (53, 55, 60, 93, 94, 97, chaddr, the broadcast flag; for
// DHCPv6 the DUID-LL, IA_NA, ORO, 61, 16 and the elapsed time).
#include <gtest/gtest.h>

#include <tins/dhcp.h>
#include <tins/dhcpv6.h>
#include <tins/ethernetII.h>
#include <tins/icmpv6.h>
#include <tins/ipv6.h>
#include <tins/rawpdu.h>
#include <tins/udp.h>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/dhcpv6/dhcpv6_dissector.hpp"
#include "analyzer/field_tree.hpp"
#include "analyzer/packet_dissector.hpp"
#include "probe/probe_client.hpp"
#include "probe/probe_packets.hpp"

namespace pxescope::probe {
namespace {

constexpr Mac kMac = {0x02, 0x00, 0x5e, 0x10, 0x20, 0x30};
using OptionList = std::vector<std::pair<unsigned, Bytes>>;

std::vector<NodeId> nodes_named(const FieldTree& tree, std::string_view name) {
  std::vector<NodeId> out;
  for (NodeId i = 0; i < tree.size(); ++i)
    if (tree[i].name == name) out.push_back(i);
  return out;
}
std::vector<std::uint64_t> uints(const FieldTree& tree, std::string_view name) {
  std::vector<std::uint64_t> out;
  for (NodeId i : nodes_named(tree, name)) out.push_back(tree[i].uint_value);
  return out;
}
std::string text(const FieldTree& tree, std::string_view name) {
  const NodeId n = tree.find(name);
  return n == kNoNode ? "(absent)" : tree[n].str_value;
}

// What pxescope's PacketDissector makes of one Ethernet frame.
AppProtocol dissect_frame(const Bytes& frame, FieldTree& tree) {
  PacketDissector dissector;
  Frame f;
  f.index = 1;
  f.data = frame;
  f.original_length = static_cast<std::uint32_t>(frame.size());
  return dissector.dissect(f, tree).protocol;
}

// One DHCPv4 frame as the probe sends it, read by pxescope's PacketDissector and by libtins.
struct Read4 {
  Bytes frame;
  FieldTree tree;
  Tins::DHCP dhcp;

  explicit Read4(const Dhcp4Request& r) {
    Tins::EthernetII eth = udp4_frame(kMac, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 0, 68,
                                      0xffffffffu, 67, build_dhcp4(r));
    frame = eth.serialize();
    EXPECT_EQ(dissect_frame(frame, tree), AppProtocol::Dhcp);
    const Tins::EthernetII parsed(frame.data(), static_cast<std::uint32_t>(frame.size()));
    const Tins::RawPDU* raw = parsed.find_pdu<Tins::RawPDU>();
    EXPECT_NE(raw, nullptr);
    if (raw) dhcp = raw->to<Tins::DHCP>();
  }
  // Every option but PAD and END, as (code, value) in wire order.
  OptionList pxescope_options() const {
    OptionList out;
    for (NodeId n : nodes_named(tree, "dhcp.option.type")) {
      const FieldNode& o = tree[n];
      if (o.uint_value == 0 || o.uint_value == 255 || tree[o.parent].name != "dhcp") continue;
      out.emplace_back(o.uint_value,
                       Bytes(frame.begin() + o.offset + 2, frame.begin() + o.offset + o.length));
    }
    return out;
  }
  OptionList libtins_options() const {
    OptionList out;
    for (const Tins::DHCP::option& o : dhcp.options())
      if (o.option() != Tins::DHCP::PAD && o.option() != Tins::DHCP::END)
        out.emplace_back(o.option(), Bytes(o.data_ptr(), o.data_ptr() + o.data_size()));
    return out;
  }
};

TEST(ProbePackets, UefiDiscoverReadsTheSameWithLibtinsAndPxescope) {
  Dhcp4Request r;
  r.arch = 7;
  r.mac = kMac;
  r.xid = 0x1234abcd;
  const Read4 read(r);
  // The same options, in EDK2's order, byte for byte.
  const OptionList ours = read.pxescope_options();
  EXPECT_EQ(ours, read.libtins_options());
  std::vector<unsigned> codes;
  for (const auto& [code, value] : ours) codes.push_back(code);
  EXPECT_EQ(codes, (std::vector<unsigned>{53, 57, 55, 97, 94, 93, 60}));
  // Field by field: libtins' getters and pxescope's field tree.
  EXPECT_EQ(read.dhcp.type(), Tins::DHCP::DISCOVER);
  EXPECT_EQ(uints(read.tree, "dhcp.option.dhcp"), std::vector<std::uint64_t>{1});
  EXPECT_EQ(read.dhcp.xid(), 0x1234abcdu);
  EXPECT_EQ(uints(read.tree, "dhcp.id"), std::vector<std::uint64_t>{0x1234abcd});
  EXPECT_EQ(read.dhcp.padding(), 0x8000);  // libtins names the flags field "padding"
  EXPECT_EQ(uints(read.tree, "dhcp.flags.bc"), std::vector<std::uint64_t>{1});
  EXPECT_EQ(read.dhcp.chaddr().to_string().substr(0, 17), "02:00:5e:10:20:30");
  EXPECT_EQ(text(read.tree, "dhcp.hw.mac_addr"), "02:00:5e:10:20:30");
  const std::vector<std::uint8_t> asked =
      read.dhcp.search_option(Tins::DHCP::DHCP_PARAMETER_REQUEST_LIST)
          ->to<std::vector<std::uint8_t>>();
  std::vector<std::uint64_t> asked_wide(asked.begin(), asked.end());
  EXPECT_EQ(uints(read.tree, "dhcp.option.request_list_item"), asked_wide);
  EXPECT_EQ(asked.size(), 35u);
  EXPECT_EQ(read.dhcp.search_option(Tins::DHCP::VENDOR_CLASS_IDENTIFIER)->to<std::string>(),
            "PXEClient:Arch:00007:UNDI:003000");
  EXPECT_EQ(text(read.tree, "dhcp.option.vendor_class_id"), "PXEClient:Arch:00007:UNDI:003000");
  EXPECT_EQ(uints(read.tree, "dhcp.option.client_system_architecture"),
            std::vector<std::uint64_t>{7});
  EXPECT_EQ(uints(read.tree, "dhcp.client_network_id_major"), std::vector<std::uint64_t>{3});
  EXPECT_EQ(uints(read.tree, "dhcp.client_network_id_minor"), std::vector<std::uint64_t>{0});
  // Option 97: type 0, then a UUID that ends with the MAC (the same machine every probe).
  const Bytes uuid = ours[3].second;
  ASSERT_EQ(uuid.size(), 17u);
  EXPECT_EQ(uuid[0], 0);
  EXPECT_EQ(Bytes(uuid.end() - 6, uuid.end()), Bytes(kMac.begin(), kMac.end()));
  EXPECT_NE(read.tree.find("dhcp.client_id.uuid"), kNoNode);
  EXPECT_GE(read.frame.size(), 14u + 20 + 8 + 300) << "BOOTP padded to 300 bytes";
  EXPECT_EQ(read.tree.count_warnings(Severity::Warn), 0u);
}

TEST(ProbePackets, BiosDiscoverHasThePxe21Order) {
  Dhcp4Request r;
  r.mac = kMac;
  const Read4 read(r);
  std::vector<unsigned> codes;
  for (const auto& [code, value] : read.pxescope_options()) codes.push_back(code);
  EXPECT_EQ(codes, (std::vector<unsigned>{53, 57, 55, 97, 93, 94, 60}));
  EXPECT_EQ(read.pxescope_options(), read.libtins_options());
  EXPECT_EQ(text(read.tree, "dhcp.option.vendor_class_id"), "PXEClient:Arch:00000:UNDI:002001");
  EXPECT_EQ(uints(read.tree, "dhcp.option.client_system_architecture"),
            std::vector<std::uint64_t>{0});
}

TEST(ProbePackets, BootServerRequestCarriesCiaddrAndTheBootItem) {
  Dhcp4Request r;
  r.arch = 11;
  r.mac = kMac;
  r.type = 3;
  r.boot_server_request = true;
  r.boot_item = true;
  r.ciaddr = 0x0a000005;
  const Read4 read(r);
  EXPECT_EQ(read.pxescope_options(), read.libtins_options());
  EXPECT_EQ(read.dhcp.ciaddr().to_string(), "10.0.0.5");
  EXPECT_EQ(text(read.tree, "dhcp.ip.client"), "10.0.0.5");
  EXPECT_EQ(uints(read.tree, "dhcp.option.dhcp"), std::vector<std::uint64_t>{3});
  EXPECT_NE(read.dhcp.search_option(Tins::DHCP::VENDOR_ENCAPSULATED_OPTIONS), nullptr);
}

TEST(ProbePackets, RequestNamesTheAddressAndTheServer) {
  Dhcp4Request r;
  r.arch = 7;
  r.mac = kMac;
  r.type = 3;
  r.requested_ip = 0x0a000064;
  r.server_id = 0x0a000001;
  const Read4 read(r);
  EXPECT_EQ(read.pxescope_options(), read.libtins_options());
  EXPECT_EQ(read.dhcp.requested_ip().to_string(), "10.0.0.100");
  EXPECT_EQ(read.dhcp.server_identifier().to_string(), "10.0.0.1");
  EXPECT_EQ(text(read.tree, "dhcp.option.requested_ip_address"), "10.0.0.100");
  EXPECT_EQ(text(read.tree, "dhcp.option.dhcp_server_id"), "10.0.0.1");
}

TEST(ProbePackets, QuirksChangeOnlyWhatTheyName) {
  Dhcp4Request r;
  r.arch = 7;
  r.mac = kMac;
  r.quirk = Quirk::NoArch;
  const Read4 no_arch(r);
  EXPECT_EQ(no_arch.dhcp.search_option(static_cast<Tins::DHCP::OptionTypes>(93)), nullptr);
  EXPECT_TRUE(uints(no_arch.tree, "dhcp.option.client_system_architecture").empty());
  EXPECT_EQ(text(no_arch.tree, "dhcp.option.vendor_class_id"), "PXEClient:Arch:00007:UNDI:003000");
  // Split option 60: libtins sees two options 60; pxescope joins them (RFC 3396).
  r.quirk = Quirk::SplitVendorClass;
  const Read4 split(r);
  unsigned sixties = 0;
  for (const auto& [code, value] : split.libtins_options()) sixties += code == 60;
  EXPECT_EQ(sixties, 2u);
  EXPECT_EQ(split.pxescope_options(), split.libtins_options());
  EXPECT_NE(split.tree.find("dhcp.option.vendor_class_id"), kNoNode);
  Quirk q = Quirk::None;
  EXPECT_TRUE(parse_probe_quirk("split-60", q));
  EXPECT_EQ(q, Quirk::SplitVendorClass);
  EXPECT_FALSE(parse_probe_quirk("amiga", q));
}

TEST(ProbePackets, SolicitLooksLikeEdk2Pxev6ToLibtinsAndPxescope) {
  Dhcp6Request r;
  r.arch = 7;
  r.mac = kMac;
  r.xid = 0xabcdef;
  r.elapsed_cs = 150;
  const Bytes payload = build_dhcp6(r);
  Tins::EthernetII eth =
      udp6_frame(kMac, {}, link_local_of(kMac), 546,
                 {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2}, 547, payload);
  const Bytes frame = eth.serialize();
  // On the wire: to 33:33:00:01:00:02 and ff02::1:2 port 547, from the EUI-64 link-local.
  const Tins::EthernetII parsed(frame.data(), static_cast<std::uint32_t>(frame.size()));
  EXPECT_EQ(parsed.dst_addr().to_string(), "33:33:00:01:00:02");
  const Tins::IPv6& ip = parsed.rfind_pdu<Tins::IPv6>();
  EXPECT_EQ(ip.dst_addr().to_string(), "ff02::1:2");
  EXPECT_EQ(ip.src_addr().to_string(), "fe80::5eff:fe10:2030");
  EXPECT_EQ(parsed.rfind_pdu<Tins::UDP>().dport(), 547);
  // libtins' reading.
  const Tins::DHCPv6 msg(payload.data(), static_cast<std::uint32_t>(payload.size()));
  EXPECT_EQ(msg.msg_type(), Tins::DHCPv6::SOLICIT);
  EXPECT_EQ(msg.transaction_id(), 0xabcdefu);
  EXPECT_EQ(msg.client_id().id, 3);  // DUID-LL
  EXPECT_EQ(msg.option_request(), (Tins::DHCPv6::option_request_type{59, 60, 23, 24}));
  EXPECT_EQ(msg.elapsed_time(), 150);
  const Tins::DHCPv6::vendor_class_type vendor = msg.vendor_class();
  EXPECT_EQ(vendor.enterprise_number, 343u);
  ASSERT_EQ(vendor.vendor_class_data.size(), 1u);
  const auto& vc = vendor.vendor_class_data[0];
  EXPECT_EQ(std::string(vc.begin(), vc.end()), "PXEClient:Arch:00007:UNDI:003000");
  EXPECT_EQ(msg.ia_na().id, 0x5e102030u);
  // pxescope's reading of the same bytes.
  FieldTree tree;
  dissect_dhcpv6(payload, 0, tree);
  EXPECT_EQ(uints(tree, "dhcpv6.msgtype"), std::vector<std::uint64_t>{1});
  EXPECT_EQ(uints(tree, "dhcpv6.xid"), std::vector<std::uint64_t>{0xabcdef});
  EXPECT_EQ(uints(tree, "dhcpv6.duid.type"), std::vector<std::uint64_t>{3});
  EXPECT_EQ(text(tree, "dhcpv6.duidll.link_layer_addr"), "02:00:5e:10:20:30");
  EXPECT_EQ(uints(tree, "dhcpv6.requested_option_code"),
            (std::vector<std::uint64_t>{59, 60, 23, 24}));
  EXPECT_EQ(uints(tree, "dhcpv6.client_arch"), std::vector<std::uint64_t>{7});
  EXPECT_EQ(uints(tree, "dhcpv6.vendorclass.enterprise"), std::vector<std::uint64_t>{343});
  EXPECT_EQ(text(tree, "dhcpv6.vendorclass.data"), "PXEClient:Arch:00007:UNDI:003000");
  EXPECT_EQ(uints(tree, "dhcpv6.elapsed_time"), std::vector<std::uint64_t>{1500});  // ms
  EXPECT_EQ(uints(tree, "dhcpv6.option.type"), (std::vector<std::uint64_t>{1, 3, 6, 8, 61, 16}));
  EXPECT_EQ(tree.count_warnings(Severity::Warn), 0u);
  EXPECT_NE(tree.info_column().find("arch x64 UEFI (7)"), std::string::npos) << tree.info_column();
}

TEST(ProbePackets, RequestCarriesTheServerAndTheAddress) {
  Dhcp6Request r;
  r.mac = kMac;
  r.type = 3;
  r.server_duid = {0, 1, 0, 1, 1, 2, 3, 4, 2, 0, 0, 0, 1, 1};
  r.address = {0xfd, 0, 0, 0x32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xad};
  const Bytes payload = build_dhcp6(r);
  const Tins::DHCPv6 msg(payload.data(), static_cast<std::uint32_t>(payload.size()));
  EXPECT_EQ(msg.msg_type(), Tins::DHCPv6::REQUEST);
  EXPECT_EQ(msg.server_id().data, Bytes(r.server_duid.begin() + 2, r.server_duid.end()));
  FieldTree tree;
  dissect_dhcpv6(payload, 0, tree);
  EXPECT_EQ(text(tree, "dhcpv6.iaaddr.ip"), "fd00:32::1ad");
  EXPECT_EQ(uints(tree, "dhcpv6.option.type"),
            (std::vector<std::uint64_t>{1, 3, 5, 2, 6, 8, 61, 16}));
  EXPECT_EQ(tree.count_warnings(Severity::Warn), 0u);
}

TEST(ProbePackets, TftpAnswersAreNamedAndOacksAborted) {
  bool abort = false;
  const Bytes oack = {0, 6, 't', 's', 'i', 'z', 'e', 0, '1', '2', 0};
  EXPECT_EQ(describe_tftp_answer(oack, "fd00::2", abort), "OACK from fd00::2: tsize 12 ");
  EXPECT_TRUE(abort);
  const Bytes error = {0,   5,   0,   1,   'F', 'i', 'l', 'e', ' ', 'n',
                       'o', 't', ' ', 'f', 'o', 'u', 'n', 'd', 0};
  EXPECT_EQ(describe_tftp_answer(error, "10.0.0.1", abort),
            "ERROR 1 from 10.0.0.1: File not found");
  EXPECT_FALSE(abort);
  EXPECT_EQ(describe_tftp_answer(Bytes{0}, "x", abort), "");
  EXPECT_EQ(describe_tftp_answer(Bytes{0, 4, 0, 1}, "x", abort), "") << "an ACK is no answer";
  // The RRQ asks the size the way firmware does.
  const Bytes rrq = tftp_size_request("ipxe.efi");
  const std::string text(rrq.begin(), rrq.end());
  EXPECT_EQ(text, std::string("\0\1ipxe.efi\0octet\0tsize\0"
                              "0\0blksize\0"
                              "1468\0",
                              38));
}

TEST(ProbePackets, NeighbourDiscoveryFramesAreWhatRfc4861Asks) {
  const Ipv6 target = {0xfd, 0, 0, 0x32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
  Tins::EthernetII ns = neighbour_solicitation(kMac, link_local_of(kMac), target);
  const Bytes frame = ns.serialize();
  const Tins::EthernetII parsed(frame.data(), static_cast<std::uint32_t>(frame.size()));
  EXPECT_EQ(parsed.dst_addr().to_string(), "33:33:ff:00:00:02");
  const Tins::IPv6& ip = parsed.rfind_pdu<Tins::IPv6>();
  EXPECT_EQ(ip.dst_addr().to_string(), "ff02::1:ff00:2");
  EXPECT_EQ(ip.hop_limit(), 255);
  const Tins::ICMPv6& icmp = parsed.rfind_pdu<Tins::ICMPv6>();
  EXPECT_EQ(icmp.type(), Tins::ICMPv6::NEIGHBOUR_SOLICIT);
  EXPECT_EQ(icmp.target_addr().to_string(), "fd00:32::2");
  // The answer to someone asking for our address.
  Tins::EthernetII na = neighbour_advert(kMac, target, {2, 0, 0, 0, 0, 1}, link_local_of(kMac));
  const Bytes na_bytes = na.serialize();
  const Tins::EthernetII na_parsed(na_bytes.data(), static_cast<std::uint32_t>(na_bytes.size()));
  const Tins::ICMPv6& advert = na_parsed.rfind_pdu<Tins::ICMPv6>();
  EXPECT_EQ(advert.type(), Tins::ICMPv6::NEIGHBOUR_ADVERT);
  EXPECT_EQ(advert.solicited(), 1);
  EXPECT_EQ(advert.target_link_layer_addr().to_string(), "02:00:5e:10:20:30");
  // pxescope's dissector reads it as tshark would.
  FieldTree tree;
  EXPECT_EQ(dissect_frame(na_bytes, tree), AppProtocol::Icmpv6);
  EXPECT_EQ(tree.count_warnings(Severity::Warn), 0u);
}

}  // namespace
}  // namespace pxescope::probe
