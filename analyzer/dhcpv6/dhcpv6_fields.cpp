// The DHCPv6 fields of the registry: the message and option framing written here, every
// option value field taken from the option table's rows and every DUID field from the DUID
// table's (registered once, never retyped).
#include <algorithm>
#include <vector>

#include "analyzer/dhcpv6/dhcpv6_duid.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {

using dhcpv6::Type;

constexpr FieldInfo kFraming[] = {
    // up to the DUID type
    {"dhcpv6.msgtype", "Message type", FieldType::UInt},
    {"dhcpv6.hopcount", "Hopcount", FieldType::UInt},
    {"dhcpv6.xid", "Transaction ID", FieldType::UInt},
    {"dhcpv6.linkaddr", "Link address", FieldType::Ipv6},
    {"dhcpv6.peeraddr", "Peer address", FieldType::Ipv6},
    {"dhcpv6.option.type", "Option", FieldType::UInt},
    {"dhcpv6.option.length", "Length", FieldType::UInt},
    {"dhcpv6.option.value", "Value of an option the table does not know", FieldType::Bytes},
    {"dhcpv6.duid.type", "DUID Type", FieldType::UInt},
};

// After the DUID's fields (from the DUID table).
constexpr FieldInfo kFramingAfterDuid[] = {
    {"dhcpv6.userclass.length", "Length", FieldType::UInt},
    {"dhcpv6.vendoropts.enterprise.option_code", "Option code", FieldType::UInt},
    {"dhcpv6.vendoropts.enterprise.option_length", "Option length", FieldType::UInt},
    {"dhcpv6.bootfile_param.length", "Length", FieldType::UInt},
    {"dhcpv6.vendorclass.pxe.arch", "PXE client architecture (from the vendor class)",
     FieldType::UInt},
    {"dhcpv6.vendorclass.pxe.undi_major", "PXE UNDI major (from the vendor class)",
     FieldType::UInt},
    {"dhcpv6.vendorclass.pxe.undi_minor", "PXE UNDI minor (from the vendor class)",
     FieldType::UInt},
};

FieldType field_type(Type t) {
  switch (t) {
    case Type::U8:
    case Type::U16:
    case Type::U32:
    case Type::Seconds:
    case Type::Centiseconds:
      return FieldType::UInt;
    case Type::Ipv6:
      return FieldType::Ipv6;
    case Type::String:
    case Type::Fqdn:
    case Type::Id32:
      return FieldType::String;
    case Type::Bytes:
    case Type::Duid:
      return FieldType::Bytes;
    case Type::Empty:
    case Type::Record:
      break;
  }
  return FieldType::Label;
}

std::span<const FieldInfo> dhcpv6_fields() {
  static const std::vector<FieldInfo> all = [] {
    std::vector<FieldInfo> v(std::begin(kFraming), std::end(kFraming));
    for (const dhcpv6::DuidLayout& row : dhcpv6::duid_layouts())
      for (const dhcpv6::DuidField& f : row.fields)
        if (f.part != dhcpv6::DuidPart::None)
          v.push_back({f.field, f.description.empty() ? f.label : f.description,
                       f.is_number() ? FieldType::UInt : FieldType::Bytes});
    v.insert(v.end(), std::begin(kFramingAfterDuid), std::end(kFramingAfterDuid));
    auto add = [&v](std::string_view name, std::string_view label, FieldType type) {
      if (name.empty()) return;
      if (std::none_of(v.begin(), v.end(), [&](const FieldInfo& f) { return f.name == name; }))
        v.push_back({name, label, type});
    };
    for (const dhcpv6::OptionDef& d : dhcpv6::options()) {
      // The relay message node holds a whole message; option 39/13/16/17 read their fields
      // from the record rows.
      add(d.field, d.label,
          d.hook == dhcpv6::Hook::RelayMessage ? FieldType::Label : field_type(d.type));
      for (const dhcpv6::RecordField& r : d.record) add(r.field, r.label, field_type(r.type));
    }
    return v;
  }();
  return all;
}

}  // namespace

extern const ProtocolFields kDhcpv6Fields;
const ProtocolFields kDhcpv6Fields{"dhcpv6", "DHCPv6", dhcpv6_fields()};

}  // namespace pxescope::fields
