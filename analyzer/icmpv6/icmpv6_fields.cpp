// The ICMPv6 fields of the registry (tshark's names).
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {

constexpr FieldInfo kIcmpv6[] = {
    {"icmpv6.type", "Type", FieldType::UInt},
    {"icmpv6.code", "Code", FieldType::UInt},
    {"icmpv6.checksum", "Checksum", FieldType::UInt},
    {"icmpv6.reserved", "Reserved", FieldType::Bytes},
    {"icmpv6.mtu", "MTU", FieldType::UInt},
    {"icmpv6.pointer", "Pointer", FieldType::UInt},
    {"icmpv6.echo.identifier", "Identifier", FieldType::UInt},
    {"icmpv6.echo.sequence_number", "Sequence", FieldType::UInt},
    {"icmpv6.mld.maximum_response_delay", "Maximum Response Delay [ms]", FieldType::UInt},
    {"icmpv6.mld.multicast_address", "Multicast Address", FieldType::Ipv6},
    {"icmpv6.nd.ra.cur_hop_limit", "Cur hop limit", FieldType::UInt},
    {"icmpv6.nd.ra.flag", "Flags", FieldType::UInt},
    {"icmpv6.nd.ra.flag.m", "Managed address configuration", FieldType::Bool},
    {"icmpv6.nd.ra.flag.o", "Other configuration", FieldType::Bool},
    {"icmpv6.nd.ra.flag.h", "Home Agent", FieldType::Bool},
    {"icmpv6.nd.ra.flag.prf", "Prf (Default Router Preference)", FieldType::UInt},
    {"icmpv6.nd.ra.router_lifetime", "Router lifetime (s)", FieldType::UInt},
    {"icmpv6.nd.ra.reachable_time", "Reachable time (ms)", FieldType::UInt},
    {"icmpv6.nd.ra.retrans_timer", "Retrans timer (ms)", FieldType::UInt},
    {"icmpv6.nd.ns.target_address", "Target Address", FieldType::Ipv6},
    {"icmpv6.nd.na.flag", "Flags", FieldType::UInt},
    {"icmpv6.nd.na.flag.r", "Router", FieldType::Bool},
    {"icmpv6.nd.na.flag.s", "Solicited", FieldType::Bool},
    {"icmpv6.nd.na.flag.o", "Override", FieldType::Bool},
    {"icmpv6.nd.na.target_address", "Target Address", FieldType::Ipv6},
    {"icmpv6.nd.rd.target_address", "Target Address", FieldType::Ipv6},
    {"icmpv6.opt", "ICMPv6 Option", FieldType::Label},
    {"icmpv6.opt.type", "Type", FieldType::UInt},
    {"icmpv6.opt.length", "Length (8-byte units)", FieldType::UInt},
    {"icmpv6.opt.linkaddr", "Link-layer address", FieldType::Ether},
    {"icmpv6.opt.src_linkaddr", "Source Link-layer address", FieldType::Ether},
    {"icmpv6.opt.target_linkaddr", "Target Link-layer address", FieldType::Ether},
    {"icmpv6.opt.prefix.length", "Prefix Length", FieldType::UInt},
    {"icmpv6.opt.prefix.flag", "Flag", FieldType::UInt},
    {"icmpv6.opt.prefix.flag.l", "On-link flag(L)", FieldType::Bool},
    {"icmpv6.opt.prefix.flag.a", "Autonomous address-configuration flag(A)", FieldType::Bool},
    {"icmpv6.opt.prefix.flag.r", "Router address flag(R)", FieldType::Bool},
    {"icmpv6.opt.prefix.valid_lifetime", "Valid Lifetime", FieldType::UInt},
    {"icmpv6.opt.prefix.preferred_lifetime", "Preferred Lifetime", FieldType::UInt},
    {"icmpv6.opt.prefix", "Prefix", FieldType::Ipv6},
    {"icmpv6.opt.mtu", "MTU", FieldType::UInt},
};

}  // namespace

extern const ProtocolFields kIcmpv6Fields;
const ProtocolFields kIcmpv6Fields{"icmpv6", "Internet Control Message Protocol v6", kIcmpv6};

}  // namespace pxescope::fields
