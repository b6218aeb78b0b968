// One test per option value type and per PXE sub-option: node names, typed values, texts
// and frame offsets (payload starts at kBase = 42; the first option's code byte is payload
// offset 240, i.e. frame offset 282).
#include <gtest/gtest.h>

#include "unit/dhcp_test_util.hpp"

// The node's line as the views show it (stored, or the registry's default text).
inline std::string text_of(const pxescope::FieldNode& n) {
  std::string scratch;
  return std::string(pxescope::node_text(n, scratch));
}

using namespace dhcp_test;
using pxescope::Severity;
using pxescope::ValueKind;

namespace {
constexpr std::uint32_t kOpt = kBase + 240;  // frame offset of the first option's code byte

struct Fixture : ::testing::Test {
  FieldTree t;
  const pxescope::FieldNode& n(NodeId id) {
    EXPECT_NE(id, kNoNode);
    static const pxescope::FieldNode empty{};
    return id == kNoNode ? empty : t[id];
  }
  const pxescope::FieldNode& field(std::string_view name) { return n(t.find(name)); }
};
using DhcpOption = Fixture;
using DhcpPxe = Fixture;
}  // namespace

TEST_F(DhcpOption, U8WithValueNamesInTitle) {
  Bytes p = bootp();
  opt(p, 53, {3});
  end(p);
  dissect(p, t);
  const NodeId o = option(t, 53);
  EXPECT_EQ(text_of(n(o)), "Option: (53) DHCP Message Type (Request)");
  EXPECT_EQ(n(o).offset, kOpt);
  EXPECT_EQ(n(o).length, 3u);
  EXPECT_EQ(field("dhcp.option.length").offset, kOpt + 1);
  const auto& v = field("dhcp.option.dhcp");
  EXPECT_EQ(v.kind, ValueKind::UInt);
  EXPECT_EQ(v.uint_value, 3u);
  EXPECT_EQ(v.text, "DHCP: Request (3)");
  EXPECT_EQ(v.offset, kOpt + 2);
  EXPECT_EQ(v.length, 1u);
  EXPECT_EQ(text_of(t[t.first_root()]), "Dynamic Host Configuration Protocol (Request)");
}

TEST_F(DhcpOption, U16U32SecondsAndI32) {
  Bytes p = bootp();
  opt(p, 57, {0x05, 0xc0});
  opt(p, 51, {0, 0, 0x0e, 0x10});
  opt(p, 59, {0, 0, 0x0c, 0x4e});
  opt(p, 2, {0xff, 0xff, 0xf1, 0xf0});
  end(p);
  dissect(p, t);
  EXPECT_EQ(field("dhcp.option.dhcp_max_message_size").uint_value, 1472u);
  EXPECT_EQ(field("dhcp.option.dhcp_max_message_size").offset, kOpt + 2);
  EXPECT_EQ(field("dhcp.option.dhcp_max_message_size").length, 2u);
  EXPECT_EQ(field("dhcp.option.ip_address_lease_time").uint_value, 3600u);
  EXPECT_EQ(text_of(field("dhcp.option.ip_address_lease_time")),
            "IP Address Lease Time: (3600s) 1 hour");
  EXPECT_EQ(field("dhcp.option.ip_address_lease_time").offset, kOpt + 4 + 2);
  EXPECT_EQ(text_of(field("dhcp.option.rebinding_time_value")),
            "Rebinding Time Value: (3150s) 52 minutes, 30 seconds");
  EXPECT_EQ(field("dhcp.option.time_offset").kind, ValueKind::Int);
  EXPECT_EQ(field("dhcp.option.time_offset").int_value, -3600);
}

TEST_F(DhcpOption, BoolIpv4AndIpv4List) {
  Bytes p = bootp(2);
  opt(p, 1, {255, 255, 255, 0});
  opt(p, 3, {10, 0, 0, 1, 10, 0, 0, 2});
  opt(p, 19, {1});
  end(p);
  dissect(p, t);
  EXPECT_EQ(text_of(n(option(t, 1))), "Option: (1) Subnet Mask (255.255.255.0)");
  EXPECT_EQ(field("dhcp.option.subnet_mask").str_value, "255.255.255.0");
  const auto routers = all(t, "dhcp.option.router");
  ASSERT_EQ(routers.size(), 2u);
  EXPECT_EQ(t[routers[0]].str_value, "10.0.0.1");
  EXPECT_EQ(t[routers[1]].str_value, "10.0.0.2");
  EXPECT_EQ(t[routers[1]].offset, kOpt + 6 + 2 + 4);
  EXPECT_EQ(t[routers[1]].length, 4u);
  EXPECT_EQ(text_of(n(option(t, 3))), "Option: (3) Router");  // lists keep the title plain
  EXPECT_EQ(field("dhcp.option.ip_forwarding").kind, ValueKind::Bool);
  EXPECT_EQ(field("dhcp.option.ip_forwarding").uint_value, 1u);
}

TEST_F(DhcpOption, StringStopsAtNulAndBytesForUnknown) {
  Bytes p = bootp(2);
  opt(p, 67, std::string_view("pxelinux.0\0", 11));
  opt(p, 12, "client1");
  opt(p, 200, {0xde, 0xad});
  end(p);
  dissect(p, t);
  EXPECT_EQ(field("dhcp.option.bootfile_name").str_value, "pxelinux.0");
  EXPECT_EQ(field("dhcp.option.bootfile_name").length, 11u);
  EXPECT_EQ(field("dhcp.option.hostname").str_value, "client1");
  const NodeId unknown = option(t, 200);
  EXPECT_EQ(text_of(n(unknown)), "Option: (200) Unknown");
  const NodeId raw = child(t, unknown, "dhcp.option.value");
  EXPECT_EQ(n(raw).str_value, "de:ad");
  EXPECT_EQ(n(raw).offset, kOpt + 13 + 9 + 2);
}

TEST_F(DhcpOption, EmptyRecordAndRecordList) {
  Bytes p = bootp();
  opt(p, 80, std::initializer_list<std::uint8_t>{});
  opt(p, 94, {1, 3, 16});
  opt(p, 21, {10, 0, 0, 0, 255, 0, 0, 0, 192, 168, 0, 0, 255, 255, 0, 0});
  opt(p, 25, {0x05, 0xdc, 0x02, 0x40});
  end(p);
  dissect(p, t);
  EXPECT_NE(option(t, 80), kNoNode);
  EXPECT_EQ(n(option(t, 80)).warnings.size(), 0u);
  EXPECT_EQ(field("dhcp.client_network_id_major").uint_value, 3u);
  EXPECT_EQ(field("dhcp.client_network_id_minor").uint_value, 16u);
  EXPECT_EQ(field("dhcp.client_network_id_minor").offset, kOpt + 2 + 2 + 2);
  const auto ips = all(t, "dhcp.option.policy_filter.ip");
  const auto masks = all(t, "dhcp.option.policy_filter.subnet_mask");
  ASSERT_EQ(ips.size(), 2u);
  ASSERT_EQ(masks.size(), 2u);
  EXPECT_EQ(t[ips[1]].str_value, "192.168.0.0");
  EXPECT_EQ(t[masks[1]].str_value, "255.255.0.0");
  EXPECT_EQ(t[masks[1]].offset, kOpt + 2 + 5 + 2 + 12);
  const auto mtus = all(t, "dhcp.option.path_mtu_plateau_table_item");
  ASSERT_EQ(mtus.size(), 2u);
  EXPECT_EQ(t[mtus[1]].uint_value, 576u);
}

TEST_F(DhcpOption, RequestListItemsAreNamed) {
  Bytes p = bootp();
  opt(p, 55, {1, 3, 43, 60, 66, 67, 175});
  end(p);
  dissect(p, t);
  const auto items = all(t, "dhcp.option.request_list_item");
  ASSERT_EQ(items.size(), 7u);
  EXPECT_EQ(text_of(t[items[0]]), "Parameter Request List Item: (1) Subnet Mask");
  EXPECT_EQ(text_of(t[items[2]]), "Parameter Request List Item: (43) Vendor-Specific Information");
  EXPECT_EQ(text_of(t[items[5]]), "Parameter Request List Item: (67) Bootfile name");
  EXPECT_EQ(t[items[6]].uint_value, 175u);
  EXPECT_EQ(t[items[6]].offset, kOpt + 2 + 6);
}

TEST_F(DhcpOption, ClientIdentifierEthernetAndOpaque) {
  Bytes p = bootp();
  opt(p, 61, {1, 0x52, 0x54, 0, 0xaa, 0xbb, 0xcc});
  end(p);
  dissect(p, t);
  const NodeId o = option(t, 61);
  EXPECT_EQ(n(child(t, o, "dhcp.hw.type")).uint_value, 1u);
  EXPECT_EQ(n(child(t, o, "dhcp.hw.mac_addr")).str_value, "52:54:00:aa:bb:cc");
  EXPECT_EQ(n(child(t, o, "dhcp.hw.mac_addr")).offset, kOpt + 3);

  Bytes q = bootp();
  opt(q, 61, {0, 'h', 'o', 's', 't'});
  end(q);
  dissect(q, t);
  EXPECT_EQ(field("dhcp.client_id.type").uint_value, 0u);
  EXPECT_EQ(field("dhcp.client_id").str_value, "68:6f:73:74");
}

TEST_F(DhcpOption, UserClassRfc3004AndIpxeRaw) {
  Bytes p = bootp();
  opt(p, 77, {4, 'i', 'P', 'X', 'E', 2, 'h', 'i'});
  end(p);
  dissect(p, t);
  const auto inst = all(t, "dhcp.option.user_class");
  ASSERT_EQ(inst.size(), 2u);
  EXPECT_EQ(t[inst[1]].offset, kOpt + 2 + 5);
  EXPECT_EQ(t[inst[1]].length, 3u);
  const auto data = all(t, "dhcp.option.user_class.data");
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(t[data[0]].str_value, "69:50:58:45");
  EXPECT_EQ(t.count_warnings(Severity::Note), 0u);

  Bytes q = bootp();
  opt(q, 77, "iPXE");
  end(q);
  dissect(q, t);
  const NodeId text = t.find("dhcp.option.user_class.text");
  EXPECT_EQ(n(text).str_value, "iPXE");
  EXPECT_TRUE(has_warning(t, text, "Non standard compliant"));
  EXPECT_EQ(t[text].warnings[0].severity, Severity::Note);
}

TEST_F(DhcpOption, ArchitectureListAndSevenNineNote) {
  Bytes p = bootp();
  opt(p, 93, {0, 7, 0, 0x13, 0, 0x29});
  end(p);
  dissect(p, t);
  const auto a = all(t, "dhcp.option.client_system_architecture");
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(text_of(t[a[0]]), "Client System Architecture: x64 UEFI (7)");
  EXPECT_EQ(text_of(t[a[1]]), "Client System Architecture: ARM 64-bit UEFI boot from HTTP (19)");
  EXPECT_EQ(text_of(t[a[2]]), "Client System Architecture: ARM rpiboot (41)");
  EXPECT_EQ(t[a[2]].offset, kOpt + 2 + 4);
  EXPECT_TRUE(has_warning(t, option(t, 93), "7/9 ambiguity"));

  Bytes q = bootp();
  opt(q, 93, {0, 0});
  end(q);
  dissect(q, t);
  EXPECT_FALSE(has_warning(t, option(t, 93), "7/9"));
}

TEST_F(DhcpOption, GuidPrintedLikeTshark) {
  Bytes p = bootp();
  opt(p, 97,
      {0, 0x04, 0xc9, 0x7f, 0xf1, 0xa8, 0x1a, 0xc8, 0x4d, 0x87, 0x33, 0x18, 0xb1, 0xa7, 0xdc, 0xab,
       0x7d});
  end(p);
  dissect(p, t);
  const auto& g = field("dhcp.client_id.uuid");
  EXPECT_EQ(g.str_value, "f17fc904-1aa8-4dc8-8733-18b1a7dcab7d");
  EXPECT_EQ(g.offset, kOpt + 3);
  EXPECT_EQ(g.length, 16u);
}

TEST_F(DhcpOption, VendorClassSplitAndCrossChecks) {
  Bytes p = bootp();
  opt(p, 60, "PXEClient:Arch:00007:UNDI:003016");
  opt(p, 93, {0, 7});
  opt(p, 94, {1, 3, 16});
  end(p);
  dissect(p, t);
  const NodeId vc = t.find("dhcp.option.vendor_class_id");
  EXPECT_EQ(n(vc).str_value, "PXEClient:Arch:00007:UNDI:003016");
  EXPECT_EQ(field("dhcp.option.vendor_class_id.pxe.client").str_value, "PXEClient");
  EXPECT_EQ(field("dhcp.option.vendor_class_id.pxe.arch").uint_value, 7u);
  EXPECT_EQ(field("dhcp.option.vendor_class_id.pxe.arch").offset, kOpt + 2 + 15);
  EXPECT_EQ(field("dhcp.option.vendor_class_id.pxe.arch").length, 5u);
  EXPECT_EQ(field("dhcp.option.vendor_class_id.pxe.undi_major").uint_value, 3u);
  EXPECT_EQ(field("dhcp.option.vendor_class_id.pxe.undi_minor").uint_value, 16u);
  EXPECT_EQ(field("dhcp.option.vendor_class_id.pxe.undi_minor").offset, kOpt + 2 + 29);
  EXPECT_EQ(t[vc].warnings.size(), 0u);

  Bytes q = bootp();
  opt(q, 60, "PXEClient:Arch:00007:UNDI:003016");
  opt(q, 93, {0, 9});
  opt(q, 94, {1, 2, 1});
  end(q);
  dissect(q, t);
  const NodeId vc2 = t.find("dhcp.option.vendor_class_id");
  EXPECT_TRUE(has_warning(t, vc2, "Arch is 7 but option 93 says 9"));
  EXPECT_TRUE(has_warning(t, vc2, "UNDI is 3.16 but option 94 says 2.1"));

  Bytes h = bootp();
  opt(h, 60, "HTTPClient:Arch:00016:UNDI:003001");
  end(h);
  dissect(h, t);
  EXPECT_EQ(field("dhcp.option.vendor_class_id.pxe.client").str_value, "HTTPClient");
  EXPECT_EQ(text_of(field("dhcp.option.vendor_class_id.pxe.arch")),
            "Arch: x64 UEFI boot from HTTP (16)");
}

TEST_F(DhcpOption, RelayAgentSubOptions) {
  Bytes p = bootp();
  opt(p, 82, {1, 3, 'e', 't', '0', 2, 2, 0xab, 0xcd, 5, 4, 10, 1, 2, 3});
  end(p);
  dissect(p, t);
  const auto subs = all(t, "dhcp.option.agent_information_option.suboption");
  ASSERT_EQ(subs.size(), 3u);
  EXPECT_EQ(field("dhcp.option.agent_information_option.agent_circuit_id").str_value, "65:74:30");
  EXPECT_EQ(field("dhcp.option.agent_information_option.agent_remote_id").str_value, "ab:cd");
  EXPECT_EQ(field("dhcp.option.agent_information_option.link_selection").str_value, "10.1.2.3");
  EXPECT_EQ(field("dhcp.option.agent_information_option.link_selection").offset, kOpt + 2 + 11);
}

TEST_F(DhcpOption, IpxeEncapsulated) {
  Bytes p = bootp();
  opt(p, 175, {0xb1, 5, 1, 0x1a, 0xf4, 0x10, 0x00, 0xeb, 3, 1, 21, 3, 0x13, 1, 1, 1, 1, 1, 0xff});
  end(p);
  dissect(p, t);
  EXPECT_EQ(text_of(field("dhcp.option.ipxe.bus_id.type")), "Bus Type: PCI (1)");
  EXPECT_EQ(text_of(field("dhcp.option.ipxe.bus_id.vendor")), "Vendor ID: 0x1af4");
  EXPECT_EQ(field("dhcp.option.ipxe.bus_id.device").offset, kOpt + 2 + 5);
  EXPECT_EQ(field("dhcp.option.ipxe.version.minor").uint_value, 21u);
  EXPECT_EQ(field("dhcp.option.ipxe.http").uint_value, 1u);
  EXPECT_EQ(field("dhcp.option.ipxe.priority").kind, ValueKind::Int);
  EXPECT_EQ(field("dhcp.option.ipxe.priority").int_value, 1);
  EXPECT_NE(t.find("dhcp.option.ipxe.end"), kNoNode);
}

TEST_F(DhcpOption, PxelinuxOptions) {
  Bytes p = bootp(2);
  opt(p, 208, {0xf1, 0x00, 0x74, 0x7e});
  opt(p, 209, "pxelinux.cfg/default");
  opt(p, 210, "/tftpboot/");
  opt(p, 211, {0, 0, 1, 0x2c});
  end(p);
  dissect(p, t);
  EXPECT_EQ(field("dhcp.option.pxelinux.magic").str_value, "f1:00:74:7e");
  EXPECT_EQ(field("dhcp.option.pxe_config_file").str_value, "pxelinux.cfg/default");
  EXPECT_EQ(field("dhcp.option.pxe_path_prefix").str_value, "/tftpboot/");
  EXPECT_EQ(field("dhcp.option.pxelinux.reboot_time").uint_value, 300u);
}

TEST_F(DhcpOption, SnameFileAndTftpOptions) {
  Bytes p = bootp(2);
  const std::string_view server = "tftp.example", file = "boot/grubx64.efi";
  std::copy(server.begin(), server.end(), p.begin() + 44);
  std::copy(file.begin(), file.end(), p.begin() + 108);
  opt(p, 66, "10.0.0.5");
  opt(p, 67, "ipxe.efi");
  end(p);
  dissect(p, t);
  EXPECT_EQ(field("dhcp.server").str_value, "tftp.example");
  EXPECT_EQ(text_of(field("dhcp.server")), "Server host name: tftp.example");
  EXPECT_EQ(field("dhcp.server").offset, kBase + 44);
  EXPECT_EQ(field("dhcp.file").str_value, "boot/grubx64.efi");
  EXPECT_EQ(field("dhcp.file").offset, kBase + 108);
  EXPECT_EQ(field("dhcp.file").length, 128u);
  EXPECT_EQ(field("dhcp.option.tftp_server_name").str_value, "10.0.0.5");
  EXPECT_EQ(field("dhcp.option.bootfile_name").str_value, "ipxe.efi");
}

TEST_F(DhcpOption, OverloadedFileAndSnameInRfc2131Order) {
  Bytes p = bootp(2);
  // file (108..236): option 67 then End; sname (44..108): option 66 then End.
  const std::uint8_t in_file[] = {67, 4, 'a', '.', 'e', 'f', 255};
  const std::uint8_t in_sname[] = {66, 3, '1', '.', '2', 255};
  std::copy(std::begin(in_file), std::end(in_file), p.begin() + 108);
  std::copy(std::begin(in_sname), std::end(in_sname), p.begin() + 44);
  opt(p, 52, {3});
  end(p);
  dissect(p, t);
  EXPECT_EQ(field("dhcp.option.option_overload").uint_value, 3u);
  const NodeId file = t.find("dhcp.file");
  const NodeId sname = t.find("dhcp.server");
  EXPECT_EQ(text_of(n(file)), "Boot file name option overloaded by DHCP");
  EXPECT_EQ(text_of(n(sname)), "Server host name option overloaded by DHCP");
  const NodeId bf = child(t, file, "dhcp.option.bootfile_name");
  EXPECT_EQ(n(bf).str_value, "a.ef");
  EXPECT_EQ(n(bf).offset, kBase + 110);
  const NodeId ts = child(t, sname, "dhcp.option.tftp_server_name");
  EXPECT_EQ(n(ts).str_value, "1.2");
  EXPECT_EQ(n(ts).offset, kBase + 46);
  EXPECT_EQ(t.count_warnings(Severity::Warn), 0u);
}

TEST_F(DhcpOption, Rfc3396SplitOptionIsJoined) {
  Bytes p = bootp(2);
  opt(p, 60, "PXEClient");
  // Option 43 split in two: the boot menu entry straddles the pieces.
  opt(p, 43, {9, 9, 0x80, 0x00, 6, 'L', 'i'});
  opt(p, 43, {'n', 'u', 'x', '!', 255});
  end(p);
  dissect(p, t);
  const NodeId first = option(t, 43, 0);
  const NodeId second = option(t, 43, 1);
  ASSERT_NE(second, kNoNode);
  EXPECT_TRUE(has_warning(t, first, "RFC 3396"));
  EXPECT_TRUE(has_warning(t, second, "continuation"));
  const auto& desc = field("dhcp.option.vendor.pxeclient.boot_menu.desc");
  EXPECT_EQ(desc.str_value, "Linux!");
  // The description starts in the first piece: its offset and length stay inside it.
  const std::uint32_t first_value = kOpt + 11 + 2;
  EXPECT_EQ(desc.offset, first_value + 5);
  EXPECT_EQ(desc.length, 2u);
  EXPECT_NE(t.find("dhcp.option.vendor.pxeclient.end"), kNoNode);
  EXPECT_EQ(n(t.find("dhcp.option.vendor.pxeclient.end")).offset, kOpt + 11 + 9 + 2 + 4);
}

// --- PXE sub-options (option 43 with vendor class PXEClient) ---

namespace {
Bytes pxe_reply(std::initializer_list<std::uint8_t> sub) {
  Bytes p = bootp(2);
  opt(p, 60, "PXEClient");
  opt(p, 43, sub);
  end(p);
  return p;
}
constexpr std::uint32_t kSub = kOpt + 11 + 2;  // frame offset of 43's first sub-option
}  // namespace

TEST_F(DhcpPxe, MtftpSubOptions1To5) {
  dissect(
      pxe_reply({1, 4, 224, 1, 2, 3, 2, 2, 0x05, 0xdd, 3, 2, 0x05, 0xde, 4, 1, 5, 5, 1, 2, 255}),
      t);
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.mtftp_ip").str_value, "224.1.2.3");
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.mtftp_ip").offset, kSub + 2);
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.mtftp_client_port").uint_value, 1501u);
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.mtftp_server_port").uint_value, 1502u);
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.mtftp_server_port").offset, kSub + 10 + 2);
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.mtftp_timeout").uint_value, 5u);
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.mtftp_delay").uint_value, 2u);
  EXPECT_EQ(all(t, "dhcp.option.vendor.pxeclient.suboption").size(), 5u);
}

TEST_F(DhcpPxe, DiscoveryControlBits) {
  dissect(pxe_reply({6, 1, 0x0b, 255}), t);
  const auto& dc = field("dhcp.option.vendor.pxeclient.discovery_control");
  EXPECT_EQ(dc.uint_value, 11u);
  EXPECT_EQ(dc.offset, kSub + 2);
  EXPECT_EQ(dc.text,
            "discovery control: 0x0b, Disable Broadcast, Disable Multicast, "
            "Bootstrap override");
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.discovery_control.broadcast").uint_value, 1u);
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.discovery_control.serverlist").uint_value, 0u);
  EXPECT_EQ(text_of(field("dhcp.option.vendor.pxeclient.discovery_control.bstrap")),
            ".... 1... = Bootstrap override: Set");
}

TEST_F(DhcpPxe, MulticastAddressAndBootServers) {
  dissect(pxe_reply({7, 4, 239, 0, 0, 1, 8, 11, 0x00, 0x01, 2, 10, 0, 0, 1, 10, 0, 0, 2, 255}), t);
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.multicast_address").str_value, "239.0.0.1");
  const auto& type = field("dhcp.option.vendor.pxeclient.boot_servers.type");
  EXPECT_EQ(type.uint_value, 1u);
  EXPECT_EQ(type.text, "Type: Microsoft Windows NT Boot Server (1)");
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.boot_servers.count").uint_value, 2u);
  const auto ips = all(t, "dhcp.option.vendor.pxeclient.boot_servers.ip");
  ASSERT_EQ(ips.size(), 2u);
  EXPECT_EQ(t[ips[1]].str_value, "10.0.0.2");
  EXPECT_EQ(t[ips[1]].offset, kSub + 6 + 2 + 3 + 4);
}

TEST_F(DhcpPxe, BootMenuAndPrompt) {
  dissect(pxe_reply({9,   12,  0x80, 0x01, 3, 'O', 'n', 'e', 0x80, 0x02, 3,
                     'T', 'w', 'o',  10,   5, 10,  'B', 'o', 'o',  't',  255}),
          t);
  const auto descs = all(t, "dhcp.option.vendor.pxeclient.boot_menu.desc");
  ASSERT_EQ(descs.size(), 2u);
  EXPECT_EQ(t[descs[0]].str_value, "One");
  EXPECT_EQ(t[descs[1]].str_value, "Two");
  EXPECT_EQ(t[descs[1]].offset, kSub + 2 + 9);
  const auto types = all(t, "dhcp.option.vendor.pxeclient.boot_menu.type");
  EXPECT_EQ(t[types[1]].uint_value, 0x8002u);
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.menu_prompt.timeout").uint_value, 10u);
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.menu_prompt.prompt").str_value, "Boot");
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.menu_prompt.prompt").offset, kSub + 14 + 3);
}

TEST_F(DhcpPxe, AllocCredentialsBootItemAndEnd) {
  dissect(pxe_reply({11, 2, 0xaa, 0xbb, 12, 4, 1, 2, 3, 4, 71, 4, 0x80, 0x00, 0x00, 0x01, 255}), t);
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.multicast_address_alloc").str_value, "aa:bb");
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.credential_types").str_value, "01:02:03:04");
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.boot_item.type").uint_value, 0x8000u);
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.boot_item.layer").str_value, "00:01");
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.boot_item.layer").offset, kSub + 10 + 4);
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.end").offset, kSub + 16);
  EXPECT_EQ(t.count_warnings(Severity::Note), 0u);
}

TEST_F(DhcpPxe, RequestFromClientAlsoDecodes) {
  Bytes p = bootp(1);
  opt(p, 60, "PXEClient:Arch:00000:UNDI:002001");
  opt(p, 43, {71, 4, 0x80, 0x00, 0x00, 0x00, 255});
  end(p);
  dissect(p, t);
  EXPECT_EQ(field("dhcp.option.vendor.pxeclient.boot_item.type").uint_value, 0x8000u);
}

TEST_F(DhcpPxe, NotPxeClientMeansOpaque) {
  Bytes p = bootp(2);
  opt(p, 43, {6, 1, 3, 255});
  end(p);
  dissect(p, t);
  EXPECT_EQ(t.find("dhcp.option.vendor.pxeclient.suboption"), kNoNode);
  EXPECT_EQ(n(child(t, option(t, 43), "dhcp.option.value")).str_value, "06:01:03:ff");
  EXPECT_EQ(text_of(n(option(t, 43))), "Option: (43) Vendor-Specific Information");
}

TEST_F(DhcpOption, DomainSearchWithCompression) {
  Bytes p = bootp(2);
  opt(p, 119,
      {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 3, 's', 'u', 'b', 0xc0, 0});
  end(p);
  dissect(p, t);
  const auto names = all(t, "dhcp.option.dhcp_dns_domain_search_list_fqdn");
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(t[names[0]].str_value, "example.com");
  EXPECT_EQ(t[names[1]].str_value, "sub.example.com");
  EXPECT_EQ(text_of(t[names[1]]), "FQDN: sub.example.com");
  EXPECT_EQ(t[names[1]].offset, kOpt + 2 + 13);
  EXPECT_EQ(t[names[1]].length, 6u);

  Bytes loop = bootp(2);
  opt(loop, 119, {0xc0, 0});  // a pointer to itself
  end(loop);
  dissect(loop, t);
  EXPECT_TRUE(has_warning(t, option(t, 119), "malformed name"));
}

TEST_F(DhcpOption, ClasslessStaticRoutes) {
  Bytes p = bootp(2);
  opt(p, 121, {8, 10, 192, 168, 1, 1, 24, 192, 168, 5, 10, 0, 0, 1, 0, 10, 0, 0, 254});
  end(p);
  dissect(p, t);
  const auto routes = all(t, "dhcp.option.classless_static_route");
  ASSERT_EQ(routes.size(), 3u);
  EXPECT_EQ(t[routes[0]].str_value, "08:0a:c0:a8:01:01");  // tshark's value: the entry bytes
  EXPECT_EQ(text_of(t[routes[0]]), "Subnet/MaskWidth-Router: 10.0.0.0/8-192.168.1.1");
  EXPECT_EQ(text_of(t[routes[1]]), "Subnet/MaskWidth-Router: 192.168.5.0/24-10.0.0.1");
  EXPECT_EQ(t[routes[1]].offset, kOpt + 2 + 6);
  EXPECT_EQ(text_of(t[routes[2]]), "Subnet/MaskWidth-Router: default-10.0.0.254");

  Bytes bad = bootp(2);
  opt(bad, 121, {33, 10, 0, 0, 0, 0, 1, 2, 3, 4});
  end(bad);
  dissect(bad, t);
  EXPECT_TRUE(has_warning(t, option(t, 121), "mask width over 32"));
}

TEST_F(DhcpOption, SplitAcrossOptionsAndOverloadedFile) {
  Bytes p = bootp(2);
  // RFC 3396 + RFC 2131 order: the options field's piece comes first, the file's second.
  const std::uint8_t in_file[] = {67, 4, '.', 'e', 'f', 'i', 255};
  std::copy(std::begin(in_file), std::end(in_file), p.begin() + 108);
  opt(p, 52, {1});
  opt(p, 67, "grubx64");
  end(p);
  dissect(p, t);
  // The file field's nodes come first in the tree (header order); pick the options field's.
  NodeId first = option(t, 67, 0);
  if (first != kNoNode && t[first].parent != t.first_root()) first = option(t, 67, 1);
  const NodeId bf = child(t, first, "dhcp.option.bootfile_name");
  EXPECT_EQ(n(bf).str_value, "grubx64.efi");
  EXPECT_EQ(n(bf).offset, kOpt + 3 + 2);  // starts in the options-field piece
  EXPECT_EQ(n(bf).length, 7u);            // clipped to that piece
  const NodeId cont = child(t, t.find("dhcp.file"), "dhcp.option.type");
  ASSERT_NE(cont, kNoNode);
  EXPECT_TRUE(has_warning(t, cont, "continuation"));
  EXPECT_EQ(n(cont).offset, kBase + 108);
}
