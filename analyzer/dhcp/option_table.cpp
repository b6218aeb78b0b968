// The option definition rows. Labels and field names follow Wireshark's packet-dhcp.c
// where it has them (so tshark habits carry over); names it lacks are invented in the
// same style ("dhcp.option.ipxe.*", "dhcp.option.vendor_class_id.pxe.*").
#include "analyzer/dhcp/option_table.hpp"

#include "analyzer/ascii.hpp"
#include "analyzer/dhcp/dhcp_decode.hpp"

#include <algorithm>
#include <array>

namespace pxescope::dhcp {
namespace {

using T = ValueType;
using sv = std::string_view;

// --- Value-name tables ---

constexpr ValueName kMessageTypes[] = {
    {1, "Discover"},
    {2, "Offer"},
    {3, "Request"},
    {4, "Decline"},
    {5, "ACK"},
    {6, "NAK"},
    {7, "Release"},
    {8, "Inform"},
    {9, "Force Renew"},
    {10, "Lease query"},
    {11, "Lease Unassigned"},
    {12, "Lease Unknown"},
    {13, "Lease Active"},
    {14, "Bulk Lease Query"},
    {15, "Lease Query Done"},
    {16, "Active LeaseQuery"},
    {17, "Lease Query Status"},
    {18, "TLS"},
};

constexpr ValueName kOverload[] = {
    {1, "Boot file name holds options"},
    {2, "Server host name holds options"},
    {3, "Boot file name and server host name hold options"},
};
constexpr ValueName kNetbiosNodeTypes[] = {
    {1, "B-node"}, {2, "P-node"}, {4, "M-node"}, {8, "H-node"}};
constexpr ValueName kHardwareTypes[] = {
    {1, "Ethernet"}, {6, "IEEE 802"},       {7, "ARCNET"},       {15, "Frame Relay"},
    {16, "ATM"},     {18, "Fibre Channel"}, {20, "Serial Line"}, {32, "InfiniBand"},
};
constexpr ValueName kPxeServerTypes[] = {
    {0, "PXE bootstrap server"},    {1, "Microsoft Windows NT Boot Server"},
    {2, "Intel LCM Boot Server"},   {3, "DOS/UNDI Boot Server"},
    {4, "NEC ESMPRO Boot Server"},  {5, "IBM WSoD Boot Server"},
    {6, "IBM LCCM Boot Server"},    {7, "CA Unicenter TNG Boot Server"},
    {8, "HP OpenView Boot Server"}, {65535, "PXE API Test Server"},
};
constexpr ValueName kIpxeBusTypes[] = {
    {1, "PCI"}, {2, "ISAPnP"}, {3, "EISA"}, {4, "MCA"},     {5, "ISA"},
    {6, "TAP"}, {7, "EFI"},    {8, "Xen"},  {9, "Hyper-V"}, {10, "USB"},
};
constexpr ValueName kNdiTypes[] = {{1, "UNDI"}};
constexpr ValueName kSipEncodings[] = {{0, "Fully Qualified Domain Name"}, {1, "IPv4 Address"}};

// --- Record layouts ---

constexpr RecordField kPolicyFilter[] = {
    {"dhcp.option.policy_filter.ip", "IP Address", T::Ipv4},
    {"dhcp.option.policy_filter.subnet_mask", "Subnet Mask", T::Ipv4},
};
constexpr RecordField kStaticRoute[] = {
    {"dhcp.option.static_route.ip", "Destination IP Address", T::Ipv4},
    {"dhcp.option.static_route.router", "Destination Router", T::Ipv4},
};
constexpr RecordField kFqdn[] = {
    {"dhcp.fqdn.flags", "Flags", T::U8, {}, true},
    {"dhcp.fqdn.rcode1", "A-RR result", T::U8},
    {"dhcp.fqdn.rcode2", "PTR-RR result", T::U8},
    {"dhcp.fqdn.name", "Client name", T::String},
};
constexpr RecordField kClientNdi[] = {
    {"dhcp.client_network_id_type", "Interface Type", T::U8, kNdiTypes},
    {"dhcp.client_network_id_major", "Major Version", T::U8},
    {"dhcp.client_network_id_minor", "Minor Version", T::U8},
};
constexpr RecordField kPxeMenuPrompt[] = {
    {"dhcp.option.vendor.pxeclient.menu_prompt.timeout", "Timeout", T::U8},
    {"dhcp.option.vendor.pxeclient.menu_prompt.prompt", "Prompt", T::String},
};
constexpr RecordField kPxeBootItem[] = {
    {"dhcp.option.vendor.pxeclient.boot_item.type", "Type", T::U16, kPxeServerTypes},
    {"dhcp.option.vendor.pxeclient.boot_item.layer", "Layer", T::Bytes},
};
constexpr RecordField kIpxeBusId[] = {
    {"dhcp.option.ipxe.bus_id.type", "Bus Type", T::U8, kIpxeBusTypes},
    {"dhcp.option.ipxe.bus_id.vendor", "Vendor ID", T::U16, {}, true},
    {"dhcp.option.ipxe.bus_id.device", "Device ID", T::U16, {}, true},
};
constexpr RecordField kIpxeVersion[] = {
    {"dhcp.option.ipxe.version.major", "Major", T::U8},
    {"dhcp.option.ipxe.version.minor", "Minor", T::U8},
    {"dhcp.option.ipxe.version.patch", "Patch", T::U8},
};

// --- Row builders (keep the tables one line per option) ---

constexpr OptionDef def(OptionSpace space, std::uint8_t code, sv label, sv field, ValueType type,
                        bool array = false) {
  OptionDef d;
  d.space = space;
  d.code = code;
  d.label = label;
  d.field = field;
  d.type = type;
  d.array = array;
  d.value_in_title = type == T::Ipv4 && !array;
  return d;
}
constexpr OptionDef O(std::uint8_t c, sv label, sv field, ValueType t) {
  return def(OptionSpace::Dhcp, c, label, field, t);
}
constexpr OptionDef L(std::uint8_t c, sv label, sv field, ValueType t) {  // a list
  return def(OptionSpace::Dhcp, c, label, field, t, true);
}
constexpr OptionDef named(OptionDef d, std::span<const ValueName> names, sv value_label = {}) {
  d.names = names;
  d.value_label = value_label;
  return d;
}
constexpr OptionDef record(OptionDef d, std::span<const RecordField> fields) {
  d.type = T::Record;
  d.record = fields;
  return d;
}
constexpr OptionDef hooked(OptionDef d, DecodeHook h) {
  d.hook = h;
  return d;
}
constexpr OptionDef titled(OptionDef d) {
  d.value_in_title = true;
  return d;
}
constexpr OptionDef encap(OptionDef d, OptionSpace s) {
  d.encapsulates = s;
  return d;
}

// Options pxescope writes itself, from other lines or the request: a dhcp-option line
// for them would be sent twice or contradict the reply.
constexpr OptionDef own(OptionDef d, sv instead) {
  d.owner = Owner::Responder;
  d.instead = instead;
  return d;
}
constexpr OptionDef client(OptionDef d) {
  d.owner = Owner::Client;
  d.instead = "it is a client option";
  return d;
}
constexpr OptionDef framing(OptionDef d, sv what) {
  d.owner = Owner::Framing;
  d.instead = what;
  return d;
}
constexpr sv kPadding = "it is padding", kEndMarker = "it is the end marker";

constexpr OptionDef kDhcpOptions[] = {
    framing(O(0, "Padding", "dhcp.option.padding", T::Empty), kPadding),
    own(O(1, "Subnet Mask", "dhcp.option.subnet_mask", T::Ipv4),
        "the netmask comes from dhcp-range= (or the interface)"),
    O(2, "Time Offset", "dhcp.option.time_offset", T::I32),
    L(3, "Router", "dhcp.option.router", T::Ipv4),
    L(4, "Time Server", "dhcp.option.time_server", T::Ipv4),
    L(5, "Name Server", "dhcp.option.name_server", T::Ipv4),
    L(6, "Domain Name Server", "dhcp.option.domain_name_server", T::Ipv4),
    L(7, "Log Server", "dhcp.option.log_server", T::Ipv4),
    L(8, "Quotes Server", "dhcp.option.quotes_server", T::Ipv4),
    L(9, "LPR Server", "dhcp.option.lpr_server", T::Ipv4),
    L(10, "Impress Server", "dhcp.option.impress_server", T::Ipv4),
    L(11, "Resource Location Server", "dhcp.option.resource_location_server", T::Ipv4),
    O(12, "Host Name", "dhcp.option.hostname", T::String),
    O(13, "Boot File Size", "dhcp.option.boot_file_size", T::U16),
    O(14, "Merit Dump File", "dhcp.option.merit_dump_file", T::String),
    O(15, "Domain Name", "dhcp.option.domain_name", T::String),
    O(16, "Swap Server", "dhcp.option.swap_server", T::Ipv4),
    O(17, "Root Path", "dhcp.option.root_path", T::String),
    O(18, "Extensions Path", "dhcp.option.extension_path", T::String),
    O(19, "IP Forwarding", "dhcp.option.ip_forwarding", T::Bool),
    O(20, "Non-Local Source Routing", "dhcp.option.non_local_source_routing", T::Bool),
    record(L(21, "Policy Filter", "", T::Record), kPolicyFilter),
    O(22, "Maximum Datagram Reassembly Size", "dhcp.option.max_datagram_reassembly_size", T::U16),
    O(23, "Default IP Time-to-Live", "dhcp.option.default_ip_ttl", T::U8),
    O(24, "Path MTU Aging Timeout", "dhcp.option.path_mtu_aging_timeout", T::Seconds),
    L(25, "Path MTU Plateau Table", "dhcp.option.path_mtu_plateau_table_item", T::U16),
    O(26, "Interface MTU", "dhcp.option.interface_mtu", T::U16),
    O(27, "All Subnets are Local", "dhcp.option.all_subnets_are_local", T::Bool),
    own(O(28, "Broadcast Address", "dhcp.option.broadcast_address", T::Ipv4),
        "the broadcast address comes from the netmask"),
    O(29, "Perform Mask Discovery", "dhcp.option.perform_mask_discovery", T::Bool),
    O(30, "Mask Supplier", "dhcp.option.mask_supplier", T::Bool),
    O(31, "Perform Router Discover", "dhcp.option.perform_router_discover", T::Bool),
    O(32, "Router Solicitation Address", "dhcp.option.router_solicitation_address", T::Ipv4),
    record(L(33, "Static Route", "", T::Record), kStaticRoute),
    O(34, "Trailer Encapsulation", "dhcp.option.trailer_encapsulation", T::Bool),
    O(35, "ARP Cache Timeout", "dhcp.option.arp_cache_timeout", T::Seconds),
    O(36, "Ethernet Encapsulation", "dhcp.option.ethernet_encapsulation", T::Bool),
    O(37, "TCP Default TTL", "dhcp.option.tcp_default_ttl", T::U8),
    O(38, "TCP Keepalive Interval", "dhcp.option.tcp_keepalive_interval", T::Seconds),
    O(39, "TCP Keepalive Garbage", "dhcp.option.tcp_keepalive_garbage", T::Bool),
    O(40, "Network Information Service Domain", "dhcp.option.nis_domain", T::String),
    L(41, "Network Information Service Servers", "dhcp.option.nis_server", T::Ipv4),
    L(42, "Network Time Protocol Servers", "dhcp.option.ntp_server", T::Ipv4),
    own(encap(hooked(O(43, "Vendor-Specific Information", "dhcp.option.value", T::Bytes),
                     DecodeHook::VendorSpecific),
              OptionSpace::Pxe),
        "use vendor:PXEClient,<sub-option>,<value> lines, or pxe-service="),
    L(44, "NetBIOS over TCP/IP Name Server", "dhcp.option.netbios_over_tcpip_name_server", T::Ipv4),
    L(45, "NetBIOS over TCP/IP Datagram Distribution Name Server",
      "dhcp.option.netbios_over_tcpip_dd_name_server", T::Ipv4),
    named(O(46, "NetBIOS over TCP/IP Node Type", "dhcp.option.netbios_over_tcpip_node_type", T::U8),
          kNetbiosNodeTypes),
    O(47, "NetBIOS over TCP/IP Scope", "dhcp.option.netbios_over_tcpip_scope", T::String),
    L(48, "X Window System Font Server", "dhcp.option.xwindows_system_font_server", T::Ipv4),
    L(49, "X Window System Display Manager", "dhcp.option.xwindows_system_display_manager",
      T::Ipv4),
    client(O(50, "Requested IP Address", "dhcp.option.requested_ip_address", T::Ipv4)),
    own(O(51, "IP Address Lease Time", "dhcp.option.ip_address_lease_time", T::Seconds),
        "the lease time is the dhcp-range= lease"),
    own(named(O(52, "Option Overload", "dhcp.option.option_overload", T::U8), kOverload),
        "pxescope does not overload sname/file"),
    own(titled(named(O(53, "DHCP Message Type", "dhcp.option.dhcp", T::U8), kMessageTypes, "DHCP")),
        "pxescope sets the message type"),
    own(O(54, "DHCP Server Identifier", "dhcp.option.dhcp_server_id", T::Ipv4),
        "pxescope sets its own server identifier"),
    client(hooked(named(L(55, "Parameter Request List", "dhcp.option.request_list_item", T::U8), {},
                        "Parameter Request List Item"),
                  DecodeHook::RequestList)),
    O(56, "Message", "dhcp.option.message", T::String),
    O(57, "Maximum DHCP Message Size", "dhcp.option.dhcp_max_message_size", T::U16),
    own(O(58, "Renewal Time Value", "dhcp.option.renewal_time_value", T::Seconds),
        "T1 follows the lease time"),
    own(O(59, "Rebinding Time Value", "dhcp.option.rebinding_time_value", T::Seconds),
        "T2 follows the lease time"),
    own(hooked(O(60, "Vendor class identifier", "dhcp.option.vendor_class_id", T::String),
               DecodeHook::VendorClass),
        "the vendor class (PXEClient/HTTPClient) is pxescope's"),
    client(hooked(O(61, "Client identifier", "dhcp.client_id", T::Bytes), DecodeHook::ClientId)),
    O(62, "Novell/Netware IP domain", "dhcp.option.novell_netware_ip_domain", T::String),
    O(64, "Network Information Service+ Domain", "dhcp.option.nis_plus_domain", T::String),
    L(65, "Network Information Service+ Servers", "dhcp.option.nis_plus_server", T::Ipv4),
    own(O(66, "TFTP Server Name", "dhcp.option.tftp_server_name", T::String),
        "use dhcp-boot=<file>,<server name>"),
    own(O(67, "Bootfile name", "dhcp.option.bootfile_name", T::String), "use dhcp-boot=<file>"),
    L(68, "Mobile IP Home Agent", "dhcp.option.mobile_ip_home_agent", T::Ipv4),
    L(69, "SMTP Server", "dhcp.option.smtp_server", T::Ipv4),
    L(70, "POP3 Server", "dhcp.option.pop3_server", T::Ipv4),
    L(71, "NNTP Server", "dhcp.option.nntp_server", T::Ipv4),
    L(72, "Default WWW Server", "dhcp.option.default_www_server", T::Ipv4),
    L(73, "Default Finger Server", "dhcp.option.default_finger_server", T::Ipv4),
    L(74, "Default IRC Server", "dhcp.option.default_irc_server", T::Ipv4),
    L(75, "StreetTalk Server", "dhcp.option.streettalk_server", T::Ipv4),
    L(76, "StreetTalk Directory Assistance Server", "dhcp.option.streettalk_da_server", T::Ipv4),
    hooked(O(77, "User Class Information", "dhcp.option.user_class.text", T::String),
           DecodeHook::UserClass),
    O(80, "Rapid Commit", "dhcp.option.rapid_commit", T::Empty),
    record(O(81, "Client Fully Qualified Domain Name", "", T::Record), kFqdn),
    own(encap(O(82, "Agent Information Option", "dhcp.option.value", T::Bytes), OptionSpace::Relay),
        "relay agent information is echoed, not configured"),
    O(90, "Authentication", "dhcp.option.value", T::Bytes),
    O(91, "Client last transaction time", "dhcp.option.client_last_transaction_time", T::Seconds),
    L(92, "Associated IP option", "dhcp.option.associated_ip_option", T::Ipv4),
    hooked(
        named(L(93, "Client System Architecture", "dhcp.option.client_system_architecture", T::U16),
              kIanaArchNames),
        DecodeHook::ClientArch),
    record(O(94, "Client Network Device Interface", "", T::Record), kClientNdi),
    own(hooked(O(97, "UUID/GUID-based Client Identifier", "dhcp.client_id.uuid", T::Bytes),
               DecodeHook::ClientGuid),
        "the client's GUID is echoed"),
    // RFC 4833 time zones and RFC 8925, rows so dnsmasq's option: names for them encode.
    named(O(100, "PCode", "dhcp.option.tz_pcode", T::String), {}, "TZ PCode"),
    named(O(101, "TCode", "dhcp.option.tz_tcode", T::String), {}, "TZ TCode"),
    O(108, "IPv6-Only Preferred", "dhcp.option.ipv6_only_preferred", T::U32),
    O(116, "DHCP Auto-Configuration", "dhcp.option.dhcp_auto_configuration", T::U8),
    O(118, "Subnet Selection Option", "dhcp.option.subnet_selection_option", T::Ipv4),
    hooked(O(119, "Domain Search", "dhcp.option.dhcp_dns_domain_search_list_fqdn", T::Bytes),
           DecodeHook::DomainSearch),
    hooked(named(O(120, "SIP Servers", "dhcp.option.sip_server", T::Bytes), kSipEncodings),
           DecodeHook::SipServers),
    hooked(O(121, "Classless Static Route", "dhcp.option.classless_static_route", T::Bytes),
           DecodeHook::ClasslessRoutes),
    O(125, "V-I Vendor-specific Information", "dhcp.option.value", T::Bytes),
    // RFC 4578 left 128-135 to PXE vendors (tshark names them the same way).
    O(128, "PXE - undefined (vendor specific)", "dhcp.option.value", T::Bytes),
    O(129, "PXE - undefined (vendor specific)", "dhcp.option.value", T::Bytes),
    O(130, "PXE - undefined (vendor specific)", "dhcp.option.value", T::Bytes),
    O(131, "PXE - undefined (vendor specific)", "dhcp.option.value", T::Bytes),
    O(132, "PXE - undefined (vendor specific)", "dhcp.option.value", T::Bytes),
    O(133, "PXE - undefined (vendor specific)", "dhcp.option.value", T::Bytes),
    O(134, "PXE - undefined (vendor specific)", "dhcp.option.value", T::Bytes),
    O(135, "PXE - undefined (vendor specific)", "dhcp.option.value", T::Bytes),
    L(150, "TFTP Server Address", "dhcp.option.tftp_server_address", T::Ipv4),
    own(encap(O(175, "Etherboot", "dhcp.option.value", T::Bytes), OptionSpace::Ipxe),
        "use encap:175,<sub-option>,<value> lines"),
    O(208, "PXELINUX Magic", "dhcp.option.pxelinux.magic", T::Bytes),
    O(209, "PXELINUX configuration file", "dhcp.option.pxe_config_file", T::String),
    O(210, "PXELINUX path prefix", "dhcp.option.pxe_path_prefix", T::String),
    O(211, "PXELINUX reboot time", "dhcp.option.pxelinux.reboot_time", T::Seconds),
    framing(O(255, "End", "dhcp.option.end", T::Empty), kEndMarker),
};

// dnsmasq's `option:` names (its dhcp-common.c opttab, 2.90), by code. A config line says
// `dhcp-option=option:router,...`; the row with the same code gives the value's type.
struct ConfigName {
  std::uint8_t code;
  sv name;
};
constexpr ConfigName kConfigNames[] = {
    {1, "netmask"},
    {2, "time-offset"},
    {3, "router"},
    {6, "dns-server"},
    {7, "log-server"},
    {9, "lpr-server"},
    {12, "hostname"},
    {13, "boot-file-size"},
    {15, "domain-name"},
    {16, "swap-server"},
    {17, "root-path"},
    {18, "extension-path"},
    {19, "ip-forward-enable"},
    {20, "non-local-source-routing"},
    {21, "policy-filter"},
    {22, "max-datagram-reassembly"},
    {23, "default-ttl"},
    {26, "mtu"},
    {27, "all-subnets-local"},
    {28, "broadcast"},
    {31, "router-discovery"},
    {32, "router-solicitation"},
    {33, "static-route"},
    {34, "trailer-encapsulation"},
    {35, "arp-timeout"},
    {36, "ethernet-encap"},
    {37, "tcp-ttl"},
    {38, "tcp-keepalive"},
    {40, "nis-domain"},
    {41, "nis-server"},
    {42, "ntp-server"},
    {43, "vendor-encap"},
    {44, "netbios-ns"},
    {45, "netbios-dd"},
    {46, "netbios-nodetype"},
    {47, "netbios-scope"},
    {48, "x-windows-fs"},
    {49, "x-windows-dm"},
    {50, "requested-address"},
    {51, "lease-time"},
    {52, "option-overload"},
    {53, "message-type"},
    {54, "server-identifier"},
    {55, "parameter-request"},
    {56, "message"},
    {57, "max-message-size"},
    {58, "T1"},
    {59, "T2"},
    {60, "vendor-class"},
    {61, "client-id"},
    {64, "nis+-domain"},
    {65, "nis+-server"},
    {66, "tftp-server"},
    {67, "bootfile-name"},
    {68, "mobile-ip-home"},
    {69, "smtp-server"},
    {70, "pop3-server"},
    {71, "nntp-server"},
    {74, "irc-server"},
    {77, "user-class"},
    {80, "rapid-commit"},
    {81, "FQDN"},
    {82, "agent-id"},
    {93, "client-arch"},
    {94, "client-interface-id"},
    {97, "client-machine-id"},
    {100, "posix-timezone"},
    {101, "tzdb-timezone"},
    {108, "ipv6-only"},
    {118, "subnet-select"},
    {119, "domain-search"},
    {120, "sip-server"},
    {121, "classless-static-route"},
    {125, "vendor-id-encap"},
    {150, "tftp-server-address"},
};

constexpr OptionDef P(std::uint8_t c, sv label, sv field, ValueType t) {
  return def(OptionSpace::Pxe, c, label, field, t);
}
constexpr sv kFromPxeService = "it is built from pxe-service= and pxe-prompt= lines";
constexpr OptionDef kPxeOptions[] = {
    framing(P(0, "Padding", "dhcp.option.vendor.pxeclient.padding", T::Empty), kPadding),
    P(1, "PXE mtftp IP", "dhcp.option.vendor.pxeclient.mtftp_ip", T::Ipv4),
    P(2, "PXE mtftp client port", "dhcp.option.vendor.pxeclient.mtftp_client_port", T::U16),
    P(3, "PXE mtftp server port", "dhcp.option.vendor.pxeclient.mtftp_server_port", T::U16),
    P(4, "PXE mtftp timeout", "dhcp.option.vendor.pxeclient.mtftp_timeout", T::U8),
    P(5, "PXE mtftp delay", "dhcp.option.vendor.pxeclient.mtftp_delay", T::U8),
    own(hooked(
            P(6, "PXE discovery control", "dhcp.option.vendor.pxeclient.discovery_control", T::U8),
            DecodeHook::PxeDiscoveryControl),
        kFromPxeService),
    P(7, "PXE multicast address", "dhcp.option.vendor.pxeclient.multicast_address", T::Ipv4),
    own(hooked(P(8, "PXE boot servers", "dhcp.option.vendor.pxeclient.boot_servers", T::Bytes),
               DecodeHook::PxeBootServers),
        kFromPxeService),
    own(hooked(P(9, "PXE boot menu", "dhcp.option.vendor.pxeclient.boot_menu", T::Bytes),
               DecodeHook::PxeBootMenu),
        kFromPxeService),
    own(record(P(10, "PXE menu prompt", "dhcp.option.vendor.pxeclient.menu_prompt", T::Record),
               kPxeMenuPrompt),
        kFromPxeService),
    P(11, "PXE multicast address alloc", "dhcp.option.vendor.pxeclient.multicast_address_alloc",
      T::Bytes),
    P(12, "PXE credential types", "dhcp.option.vendor.pxeclient.credential_types", T::Bytes),
    own(record(P(71, "PXE boot item", "dhcp.option.vendor.pxeclient.boot_item", T::Record),
               kPxeBootItem),
        "the boot item is echoed from the client's request"),
    framing(P(255, "PXE Client End", "dhcp.option.vendor.pxeclient.end", T::Empty), kEndMarker),
};

constexpr OptionDef I(std::uint8_t c, sv label, sv field, ValueType t) {
  return def(OptionSpace::Ipxe, c, label, field, t);
}
constexpr OptionDef kIpxeOptions[] = {
    framing(I(0, "Padding", "dhcp.option.ipxe.padding", T::Empty), kPadding),
    I(1, "Priority", "dhcp.option.ipxe.priority", T::I8),
    I(8, "Keep SAN", "dhcp.option.ipxe.keep_san", T::U8),
    I(9, "Skip SAN boot", "dhcp.option.ipxe.skip_san_boot", T::U8),
    I(16, "PXE API extensions", "dhcp.option.ipxe.pxeext", T::U8),
    I(17, "iSCSI", "dhcp.option.ipxe.iscsi", T::U8),
    I(18, "AoE", "dhcp.option.ipxe.aoe", T::U8),
    I(19, "HTTP", "dhcp.option.ipxe.http", T::U8),
    I(20, "HTTPS", "dhcp.option.ipxe.https", T::U8),
    I(21, "TFTP", "dhcp.option.ipxe.tftp", T::U8),
    I(22, "FTP", "dhcp.option.ipxe.ftp", T::U8),
    I(23, "DNS", "dhcp.option.ipxe.dns", T::U8),
    I(24, "bzImage", "dhcp.option.ipxe.bzimage", T::U8),
    I(25, "Multiboot", "dhcp.option.ipxe.multiboot", T::U8),
    I(26, "SLAM", "dhcp.option.ipxe.slam", T::U8),
    I(27, "SRP", "dhcp.option.ipxe.srp", T::U8),
    I(32, "NBI", "dhcp.option.ipxe.nbi", T::U8),
    I(33, "PXE", "dhcp.option.ipxe.pxe", T::U8),
    I(34, "ELF", "dhcp.option.ipxe.elf", T::U8),
    I(35, "COMBOOT", "dhcp.option.ipxe.comboot", T::U8),
    I(36, "EFI", "dhcp.option.ipxe.efi", T::U8),
    I(37, "FCoE", "dhcp.option.ipxe.fcoe", T::U8),
    I(38, "VLAN", "dhcp.option.ipxe.vlan", T::U8),
    I(39, "Menu", "dhcp.option.ipxe.menu", T::U8),
    I(40, "SDI", "dhcp.option.ipxe.sdi", T::U8),
    I(41, "NFS", "dhcp.option.ipxe.nfs", T::U8),
    I(81, "Scriptlet", "dhcp.option.ipxe.scriptlet", T::String),
    I(85, "Syslog servers", "dhcp.option.ipxe.syslogs", T::String),
    I(91, "Certificate", "dhcp.option.ipxe.cert", T::Bytes),
    I(92, "Private key", "dhcp.option.ipxe.privkey", T::Bytes),
    I(93, "Cross-signed certificate source", "dhcp.option.ipxe.crosscert", T::String),
    I(176, "No PXE DHCP", "dhcp.option.ipxe.no_pxedhcp", T::U8),
    record(I(177, "Bus ID", "dhcp.option.ipxe.bus_id", T::Record), kIpxeBusId),
    I(178, "Use cached", "dhcp.option.ipxe.use_cached", T::U8),
    I(188, "SAN filename", "dhcp.option.ipxe.san_filename", T::String),
    I(189, "BIOS drive", "dhcp.option.ipxe.bios_drive", T::U8),
    I(190, "Username", "dhcp.option.ipxe.username", T::String),
    I(191, "Password", "dhcp.option.ipxe.password", T::String),
    I(192, "Reverse username", "dhcp.option.ipxe.reverse_username", T::String),
    I(193, "Reverse password", "dhcp.option.ipxe.reverse_password", T::String),
    record(I(235, "Version", "dhcp.option.ipxe.version", T::Record), kIpxeVersion),
    framing(I(255, "End", "dhcp.option.ipxe.end", T::Empty), kEndMarker),
};

constexpr OptionDef R(std::uint8_t c, sv label, sv field, ValueType t) {
  return def(OptionSpace::Relay, c, label, field, t);
}
constexpr OptionDef kRelayOptions[] = {
    framing(R(0, "Padding", "dhcp.option.agent_information_option.padding", T::Empty), kPadding),
    R(1, "Agent Circuit ID", "dhcp.option.agent_information_option.agent_circuit_id", T::Bytes),
    R(2, "Agent Remote ID", "dhcp.option.agent_information_option.agent_remote_id", T::Bytes),
    R(5, "Link selection", "dhcp.option.agent_information_option.link_selection", T::Ipv4),
    R(6, "Subscriber ID", "dhcp.option.agent_information_option.subscriber_id", T::String),
    R(7, "RADIUS Attributes", "dhcp.option.agent_information_option.radius_attributes", T::Bytes),
    R(8, "Authentication", "dhcp.option.agent_information_option.authentication", T::Bytes),
    R(9, "Vendor-Specific Information", "dhcp.option.agent_information_option.vi", T::Bytes),
    R(10, "Flags", "dhcp.option.agent_information_option.flags", T::U8),
    R(11, "Server ID Override", "dhcp.option.agent_information_option.server_id_override", T::Ipv4),
    R(12, "Relay Agent Identifier", "dhcp.option.agent_information_option.relay_agent_id",
      T::Bytes),
    R(151, "VRF name/VPN ID", "dhcp.option.agent_information_option.vrf_name.vpn_id", T::Bytes),
    framing(R(255, "End", "dhcp.option.agent_information_option.end", T::Empty), kEndMarker),
};

constexpr bool sorted_by_code(std::span<const OptionDef> r) {
  for (std::size_t i = 1; i < r.size(); ++i)
    if (r[i - 1].code >= r[i].code) return false;
  return true;
}
static_assert(sorted_by_code(kDhcpOptions) && sorted_by_code(kPxeOptions) &&
                  sorted_by_code(kIpxeOptions) && sorted_by_code(kRelayOptions),
              "find_option() binary-searches: keep every table sorted by code");

std::span<const OptionDef> rows(OptionSpace s) {
  switch (s) {
    case OptionSpace::Dhcp:
      return kDhcpOptions;
    case OptionSpace::Pxe:
      return kPxeOptions;
    case OptionSpace::Ipxe:
      return kIpxeOptions;
    case OptionSpace::Relay:
      return kRelayOptions;
    case OptionSpace::None:
      break;
  }
  return {};
}

}  // namespace

std::string_view space_name(OptionSpace s) {
  switch (s) {
    case OptionSpace::None:
      return "none";
    case OptionSpace::Dhcp:
      return "dhcp";
    case OptionSpace::Pxe:
      return "pxe";
    case OptionSpace::Ipxe:
      return "ipxe";
    case OptionSpace::Relay:
      return "relay";
  }
  return "none";
}

std::optional<OptionSpace> space_from_name(std::string_view name) {
  for (auto s : {OptionSpace::Dhcp, OptionSpace::Pxe, OptionSpace::Ipxe, OptionSpace::Relay})
    if (ascii_iequals(space_name(s), name)) return s;
  return std::nullopt;
}

std::string_view value_type_name(ValueType t) {
  switch (t) {
    case T::Empty:
      return "empty";
    case T::U8:
      return "u8";
    case T::U16:
      return "u16";
    case T::U32:
      return "u32";
    case T::I8:
      return "i8";
    case T::I32:
      return "i32";
    case T::Bool:
      return "bool";
    case T::Ipv4:
      return "ipv4";
    case T::Seconds:
      return "seconds";
    case T::String:
      return "string";
    case T::Bytes:
      return "bytes";
    case T::Record:
      return "record";
  }
  return "bytes";
}

std::size_t fixed_size(ValueType t) {
  switch (t) {
    case T::U8:
    case T::I8:
    case T::Bool:
      return 1;
    case T::U16:
      return 2;
    case T::U32:
    case T::I32:
    case T::Ipv4:
    case T::Seconds:
      return 4;
    default:
      return 0;
  }
}

const OptionDef* find_option(OptionSpace space, std::uint8_t code) {
  // A direct 256-entry index per space: this runs for every option of every packet.
  using Index = std::array<std::array<const OptionDef*, 256>, 5>;
  static const Index index = [] {
    Index ix{};
    for (auto sp : {OptionSpace::Dhcp, OptionSpace::Pxe, OptionSpace::Ipxe, OptionSpace::Relay})
      for (const auto& d : rows(sp)) ix[static_cast<std::size_t>(sp)][d.code] = &d;
    return ix;
  }();
  const auto s = static_cast<std::size_t>(space);
  return s < index.size() ? index[s][code] : nullptr;
}

const OptionDef* find_option(std::string_view name) {
  const auto dot = name.find('.');
  if (dot != sv::npos) {
    // "space.code"
    auto space = space_from_name(name.substr(0, dot));
    auto num = name.substr(dot + 1);
    if (space && !num.empty() && num.size() <= 3 &&
        std::all_of(num.begin(), num.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      unsigned v = 0;
      for (char c : num) v = v * 10 + static_cast<unsigned>(c - '0');
      return v <= 255 ? find_option(*space, static_cast<std::uint8_t>(v)) : nullptr;
    }
  }
  for (auto s : {OptionSpace::Dhcp, OptionSpace::Pxe, OptionSpace::Ipxe, OptionSpace::Relay})
    for (const auto& d : rows(s))
      if ((d.field == name && d.field != "dhcp.option.value" && !d.field.empty()) ||
          ascii_iequals(d.label, name))
        return &d;
  return nullptr;
}

std::string_view config_name(std::uint8_t code) {
  for (const ConfigName& n : kConfigNames)
    if (n.code == code) return n.name;
  return {};
}

int code_from_config_name(std::string_view name) {
  for (const ConfigName& n : kConfigNames)
    if (ascii_iequals(n.name, name)) return n.code;  // dnsmasq: strcasecmp
  return -1;
}

std::span<const OptionDef> options_of(OptionSpace space) {
  return rows(space);
}

namespace {
constexpr std::array<fields::ValueName, 256> dense_option_labels() {
  std::array<fields::ValueName, 256> names{};
  for (std::uint32_t code = 0; code < names.size(); ++code) names[code] = {code, "Unknown"};
  for (const OptionDef& d : kDhcpOptions) names[d.code].name = d.label;
  return names;
}
}  // namespace

constinit const std::array<fields::ValueName, 256> kDhcpOptionLabels = dense_option_labels();

std::string_view option_label(OptionSpace space, std::uint8_t code) {
  const OptionDef* d = find_option(space, code);
  return d ? d->label : "Unknown";
}

std::string_view value_name(std::span<const ValueName> names, std::uint32_t value) {
  for (const auto& n : names)
    if (n.value == value) return n.name;
  return {};
}

std::span<const ValueName> message_type_names() {
  return kMessageTypes;
}
std::string_view message_type_name(std::uint8_t type) {
  auto n = value_name(kMessageTypes, type);
  return n.empty() ? "Unknown" : n;
}

std::string_view hardware_type_name(std::uint8_t htype) {
  auto n = value_name(kHardwareTypes, htype);
  return n.empty() ? "Unknown" : n;
}

std::string_view pxe_server_type_name(std::uint16_t type) {
  auto n = value_name(kPxeServerTypes, type);
  if (!n.empty()) return n;
  if (type >= 32768) return "Vendor use";
  return "Reserved";
}

}  // namespace pxescope::dhcp
