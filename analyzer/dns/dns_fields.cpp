// DNS fields (dns_dissector.cpp); Wireshark's names and types, pxescope's own for the
// section and record nodes (Wireshark shows those as text lines without a field).
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::fields {
namespace {
using enum FieldType;
constexpr FieldInfo kFields[] = {
    {"dns.id", "Transaction ID", UInt},
    {"dns.flags", "Flags", UInt},
    {"dns.flags.response", "Response", Bool},
    {"dns.flags.opcode", "Opcode", UInt},
    {"dns.flags.authoritative", "Authoritative", Bool},
    {"dns.flags.truncated", "Truncated", Bool},
    {"dns.flags.recdesired", "Recursion desired", Bool},
    {"dns.flags.recavail", "Recursion available", Bool},
    {"dns.flags.z", "Z", Bool},
    {"dns.flags.authenticated", "Answer authenticated", Bool},
    {"dns.flags.checkdisable", "Non-authenticated data", Bool},
    {"dns.flags.rcode", "Reply code", UInt},
    {"dns.count.queries", "Questions", UInt},
    {"dns.count.answers", "Answer RRs", UInt},
    {"dns.count.auth_rr", "Authority RRs", UInt},
    {"dns.count.add_rr", "Additional RRs", UInt},
    {"dns.queries", "Queries (pxescope: the question section)", Label},
    {"dns.query", "One question (pxescope)", Label},
    {"dns.answers", "Answers (pxescope: the answer section)", Label},
    {"dns.answer", "One answer record (pxescope)", Label},
    {"dns.authorities", "Authoritative nameservers (pxescope: the authority section)", Label},
    {"dns.authority", "One authority record (pxescope)", Label},
    {"dns.additionals", "Additional records (pxescope: the additional section)", Label},
    {"dns.additional", "One additional record (pxescope)", Label},
    {"dns.qry.name", "Name", String},
    {"dns.qry.name.len", "Name Length", UInt},
    {"dns.count.labels", "Label Count", UInt},
    {"dns.qry.type", "Type", UInt},
    {"dns.qry.class", "Class", UInt},
    {"dns.resp.name", "Name", String},
    {"dns.resp.type", "Type", UInt},
    {"dns.resp.class", "Class", UInt},
    {"dns.resp.ttl", "Time to live", UInt},
    {"dns.resp.len", "Data length", UInt},
    {"dns.a", "Address", Ipv4},
    {"dns.aaaa", "AAAA Address", Ipv6},
    {"dns.cname", "CNAME", String},
    {"dns.ns", "Name Server", String},
    {"dns.ptr.domain_name", "Domain Name", String},
};
}  // namespace
extern const ProtocolFields kDnsFields{"dns", "Domain Name System", kFields};
}  // namespace pxescope::fields
