// DHCP fields. Two sources, each written once:
//  - the rows below: the BOOTP header, the option walk's own nodes and the names the decode
//    hooks (dhcp_option_hooks.cpp) and the sub-option walk (dhcp_decode.cpp) emit;
//  - every option, sub-option and record field of the option table (option_table.cpp): its
//    rows ARE their registration, turned into registry rows here on first use.
// Names and types follow Wireshark's packet-dhcp.c where it has the field.
#include <algorithm>
#include <vector>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {

using enum FieldType;

constexpr FieldInfo kFields[] = {
    // BOOTP header (dhcp_dissector.cpp)
    {"dhcp.type", "Message type", UInt},
    {"dhcp.hw.type", "Hardware type", UInt},
    {"dhcp.hw.len", "Hardware address length", UInt},
    {"dhcp.hops", "Hops", UInt},
    {"dhcp.id", "Transaction ID", UInt, {}, 8},
    {"dhcp.secs", "Seconds elapsed", UInt},
    {"dhcp.flags", "Bootp flags", UInt},
    {"dhcp.flags.bc", "Broadcast flag", Bool},
    {"dhcp.flags.reserved", "Reserved flags", UInt},
    {"dhcp.ip.client", "Client IP address", Ipv4},
    {"dhcp.ip.your", "Your (client) IP address", Ipv4},
    {"dhcp.ip.server", "Next server IP address", Ipv4},
    {"dhcp.ip.relay", "Relay agent IP address", Ipv4},
    {"dhcp.hw.mac_addr", "Client MAC address", Ether},
    {"dhcp.hw.addr", "Client hardware address", Bytes},
    {"dhcp.hw.addr_padding", "Client hardware address padding", Bytes},
    {"dhcp.server", "Server host name", String},
    {"dhcp.file", "Boot file name", String},
    {"dhcp.cookie", "Magic cookie", Ipv4},
    // The option walk (dhcp_dissector.cpp) and the sub-option walk (dhcp_decode.cpp). The
    // option's title "Option: (53) DHCP Message Type" is dhcp.option.type's default line.
    {"dhcp.option.type", "Option", UInt, dhcp::kDhcpOptionLabels, 0, true},
    {"dhcp.option.length", "Length", UInt},
    {"dhcp.option.value", "Value", Bytes},
    {"dhcp.option.padding", "Padding", Bytes},
    {"dhcp.option.end", "Option End", UInt},
    {"dhcp.option.trailing_data", "Trailing data", Bytes},  // pxescope's own: junk after End
    {"dhcp.option.suboption_length", "Length", UInt},
    {"dhcp.option.vendor.pxeclient.suboption", "Option 43 Suboption", UInt},
    {"dhcp.option.vendor.value", "Value", Bytes},
    {"dhcp.option.ipxe.suboption", "Option 175 Suboption", UInt},
    {"dhcp.option.ipxe.suboption_length", "Length", UInt},
    {"dhcp.option.ipxe.value", "Value", Bytes},
    {"dhcp.option.agent_information_option.suboption", "Option 82 Suboption", UInt},
    {"dhcp.option.agent_information_option.value", "Value", Bytes},
    // Decode hooks (dhcp_option_hooks.cpp). 60: the PXEClient/HTTPClient split.
    {"dhcp.option.vendor_class_id.pxe.client", "Client", String},
    {"dhcp.option.vendor_class_id.pxe.arch", "Arch", UInt},
    {"dhcp.option.vendor_class_id.pxe.undi_major", "UNDI Major Version", UInt},
    {"dhcp.option.vendor_class_id.pxe.undi_minor", "UNDI Minor Version", UInt},
    // 61 (its hardware type and MAC reuse dhcp.hw.type and dhcp.hw.mac_addr, as tshark does)
    {"dhcp.client_id.type", "Type", UInt},
    {"dhcp.client_id.iaid", "IAID", String},
    // 77: RFC 3004 instances
    {"dhcp.option.user_class", "Instance of User Class", UInt},
    {"dhcp.option.user_class.length", "User Class Length", UInt},
    {"dhcp.option.user_class.data", "User Class Data", Bytes},
    // 97
    {"dhcp.client_id.uuid_type", "Type", UInt},
    // 119: the table carries the wire form (bytes); the hook emits each decoded name as text
    {"dhcp.option.dhcp_dns_domain_search_list_fqdn", "FQDN", String},
    // PXE 43.6 discovery control bits
    {"dhcp.option.vendor.pxeclient.discovery_control.broadcast", "Disable Broadcast", Bool},
    {"dhcp.option.vendor.pxeclient.discovery_control.multicast", "Disable Multicast", Bool},
    {"dhcp.option.vendor.pxeclient.discovery_control.serverlist", "Serverlist only", Bool},
    {"dhcp.option.vendor.pxeclient.discovery_control.bstrap", "Bootstrap override", Bool},
    // PXE 43.8 boot servers and 43.9 boot menu entries
    {"dhcp.option.vendor.pxeclient.boot_servers.type", "Type", UInt},
    {"dhcp.option.vendor.pxeclient.boot_servers.count", "IP count", UInt},
    {"dhcp.option.vendor.pxeclient.boot_servers.ip", "IP", Ipv4},
    {"dhcp.option.vendor.pxeclient.boot_menu.type", "Type", UInt},
    {"dhcp.option.vendor.pxeclient.boot_menu.length", "Length", UInt},
    {"dhcp.option.vendor.pxeclient.boot_menu.desc", "Description", String},
    // Option 120 (RFC 3361), written by its decode hook.
    {"dhcp.option.sip_server.encoding", "SIP Server Encoding", UInt},
    {"dhcp.option.sip_server.address", "SIP Server Address", Ipv4},
    {"dhcp.option.sip_server.name", "SIP Server Name", String},
};

FieldType field_type_of(dhcp::ValueType t) {
  using dhcp::ValueType;
  switch (t) {
    case ValueType::U8:
    case ValueType::U16:
    case ValueType::U32:
    case ValueType::Seconds:
    case ValueType::Empty:  // pad and end sub-options carry their code as the value
      return UInt;
    case ValueType::I8:
    case ValueType::I32:
      return Int;
    case ValueType::Bool:
      return Bool;
    case ValueType::Ipv4:
      return Ipv4;
    case ValueType::String:
      return String;
    case ValueType::Bytes:
    case ValueType::Record:
      return Bytes;
  }
  return Bytes;
}

// One row per distinct field name of the option table (several options share
// "dhcp.option.value"); names the table above already has keep that row.
std::vector<FieldInfo> option_table_rows() {
  std::vector<FieldInfo> rows;
  auto add = [&rows](std::string_view name, std::string_view description, FieldType type) {
    const auto same = [name](const FieldInfo& f) { return f.name == name; };
    if (name.empty() || std::any_of(std::begin(kFields), std::end(kFields), same) ||
        std::any_of(rows.begin(), rows.end(), same))
      return;
    rows.push_back({name, description, type});
  };
  for (auto space : {dhcp::OptionSpace::Dhcp, dhcp::OptionSpace::Pxe, dhcp::OptionSpace::Ipxe,
                     dhcp::OptionSpace::Relay})
    for (const dhcp::OptionDef& def : dhcp::options_of(space)) {
      add(def.field, def.value_label.empty() ? def.label : def.value_label,
          field_type_of(def.type));
      // 55: each item is named after the option it asks for, "(3) Router".
      if (def.hook == dhcp::DecodeHook::RequestList && rows.back().name == def.field) {
        rows.back().names = dhcp::kDhcpOptionLabels;
        rows.back().code_first = true;
      }
      for (const dhcp::RecordField& f : def.record) add(f.field, f.label, field_type_of(f.type));
    }
  return rows;
}

std::span<const FieldInfo> generated_rows() {
  static const std::vector<FieldInfo> rows = option_table_rows();
  return rows;
}

}  // namespace

extern const ProtocolFields kDhcpFields{"dhcp", "Dynamic Host Configuration Protocol", kFields,
                                        &generated_rows};

}  // namespace pxescope::fields
