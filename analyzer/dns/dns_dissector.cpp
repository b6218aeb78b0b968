#include "analyzer/dns/dns_dissector.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>

#include "analyzer/dns/dns_name.hpp"
#include "analyzer/link/bytes.hpp"
#include "analyzer/link/text_format.hpp"
#include "analyzer/link/tree_add.hpp"

namespace pxescope {
namespace {

using bytes::be16;
using bytes::be32;

struct Named {
  std::uint16_t value;
  const char* name;
};

// tshark's names for the record types a boot network sees (dns_types_vals).
constexpr Named kTypeNames[] = {
    {1, "A"},       {2, "NS"},    {5, "CNAME"},  {6, "SOA"},    {12, "PTR"},
    {13, "HINFO"},  {15, "MX"},   {16, "TXT"},   {28, "AAAA"},  {33, "SRV"},
    {35, "NAPTR"},  {41, "OPT"},  {43, "DS"},    {46, "RRSIG"}, {47, "NSEC"},
    {48, "DNSKEY"}, {64, "SVCB"}, {65, "HTTPS"}, {252, "AXFR"}, {255, "ANY"},
};
constexpr Named kOpcodeNames[] = {{0, "Standard query"},
                                  {1, "Inverse query"},
                                  {2, "Server status request"},
                                  {4, "Zone change notification"},
                                  {5, "Dynamic update"}};
constexpr Named kRcodeNames[] = {
    {0, "No error"},        {1, "Format error"}, {2, "Server failure"},   {3, "No such name"},
    {4, "Not implemented"}, {5, "Refused"},      {9, "Not authoritative"}};

template <std::size_t N>
const char* name_of(const Named (&table)[N], std::uint16_t v, const char* other) {
  for (const Named& e : table)
    if (e.value == v) return e.name;
  return other;
}

using InfoText = LineBuilder<512>;

struct FlagBit {
  const char* field;
  int shift;
  const char* label;
};
constexpr FlagBit kFlagBits[] = {
    {"dns.flags.authoritative", 10, "Authoritative"},
    {"dns.flags.truncated", 9, "Truncated"},
    {"dns.flags.recdesired", 8, "Recursion desired"},
    {"dns.flags.recavail", 7, "Recursion available"},
    {"dns.flags.z", 6, "Z: reserved"},
    {"dns.flags.authenticated", 5, "Answer authenticated"},
    {"dns.flags.checkdisable", 4, "Non-authenticated data"},
};

void add_flags(FieldTree& t, NodeId dns, std::uint32_t off, std::uint16_t flags) {
  Line line;
  const bool response = flags & 0x8000;
  const unsigned opcode = (flags >> 11) & 15, rcode = flags & 15;
  const NodeId f =
      add_uint(t, dns, "dns.flags", off, 2, flags,
               line("Flags: 0x%04x %s%s", flags, name_of(kOpcodeNames, opcode, "Unknown operation"),
                    response ? " response" : ""));
  add_uint(t, f, "dns.flags.response", off, 2, response,
           line("Response: Message is a %s", response ? "response" : "query"));
  add_uint(t, f, "dns.flags.opcode", off, 2, opcode,
           line("Opcode: %s (%u)", name_of(kOpcodeNames, opcode, "Unknown operation"), opcode));
  for (const FlagBit& bit : kFlagBits) {
    // Authoritative, recursion available and answer authenticated only mean something in a
    // response (tshark leaves them out of queries too).
    if (!response && (bit.shift == 10 || bit.shift == 7 || bit.shift == 5)) continue;
    add_flag(t, f, bit.field, off, 2, (flags >> bit.shift) & 1, bit.label);
  }
  if (response)
    add_uint(t, f, "dns.flags.rcode", off, 2, rcode,
             line("Reply code: %s (%u)", name_of(kRcodeNames, rcode, "Unknown error"), rcode));
}

// One section's records (queries when `query`); returns the offset after them, or 0 when
// the message ends inside them (a warning says where).
std::uint32_t add_records(FieldTree& t, NodeId dns, std::span<const std::uint8_t> m,
                          std::uint32_t base, std::uint32_t pos, unsigned count, bool query,
                          const char* group_name, const char* record_name, const char* label,
                          InfoText& info) {
  if (count == 0) return pos;
  Line line;
  const NodeId group = t.add(dns, group_name, base + pos, 0);
  t.set_text(group, label);
  const std::uint32_t group_start = pos;
  for (unsigned i = 0; i < count; ++i) {
    const DnsName name = read_dns_name(m, pos);
    const NodeId rec = t.add(group, record_name, base + pos, 0);
    const std::uint32_t start = pos;
    if (!name.error.empty()) {
      t.set_text(rec, "<bad name>");
      t.warn(
          rec, Severity::Error,
          line("record %u: %.*s", i + 1, static_cast<int>(name.error.size()), name.error.data()));
      return 0;
    }
    pos += name.wire_length;
    const std::uint32_t fixed = query ? 4 : 10;
    if (pos + fixed > m.size()) {
      t.set_text(rec, name.view());
      t.warn(rec, Severity::Error, line("record %u cut short: the message ends inside it", i + 1));
      return 0;
    }
    const std::uint16_t type = be16(m.data() + pos), klass = be16(m.data() + pos + 2);
    const char* type_name = name_of(kTypeNames, type, "Unknown");
    const std::string_view text = name.view();
    if (query) {
      add_str(t, rec, "dns.qry.name", base + start, name.wire_length, text, "Name");
      add_uint(t, rec, "dns.qry.name.len", base + start, name.wire_length,
               name.labels ? name.length : 0,
               line("[Name Length: %zu]", name.labels ? name.length : std::size_t{0}));
      add_uint(t, rec, "dns.count.labels", base + start, name.wire_length, name.labels,
               line("[Label Count: %u]", name.labels));
    } else {
      add_str(t, rec, "dns.resp.name", base + start, name.wire_length, text, "Name");
    }
    add_uint(t, rec, query ? "dns.qry.type" : "dns.resp.type", base + pos, 2, type,
             line("Type: %s (%u)", type_name, type));
    add_uint(t, rec, query ? "dns.qry.class" : "dns.resp.class", base + pos + 2, 2, klass,
             line("Class: %s (0x%04x)", klass == 1 ? "IN" : "Unknown", klass));
    info.add(" %s", type_name);
    if (query) {
      info.add(" %.*s", static_cast<int>(text.size()), text.data());
      t.set_text(rec, line("%.*s: type %s, class %s", static_cast<int>(text.size()), text.data(),
                           type_name, klass == 1 ? "IN" : "Unknown"));
      t[rec].length = name.wire_length + 4;
      pos += 4;
      continue;
    }
    const std::uint32_t ttl = be32(m.data() + pos + 4);
    const std::uint16_t rdlength = be16(m.data() + pos + 8);
    if (type != 41) {  // OPT's class and TTL hold the EDNS payload size and flags
      add_uint(t, rec, "dns.resp.ttl", base + pos + 4, 4, ttl, line("Time to live: %u", ttl));
    }
    add_uint(t, rec, "dns.resp.len", base + pos + 8, 2, rdlength,
             line("Data length: %u", rdlength));
    const std::uint32_t rdata = pos + 10;
    t[rec].length = rdata + rdlength - start;
    if (rdata + rdlength > m.size()) {
      t.set_text(rec, text);
      t.warn(rec, Severity::Error,
             line("record %u data cut short: %u bytes announced", i + 1, rdlength));
      return 0;
    }
    const std::uint8_t* d = m.data() + rdata;
    if (type == 1 && rdlength == 4) {
      const Ipv4Text a(be32(d));
      add_str(t, rec, "dns.a", base + rdata, 4, a.view(), "Address");
      info.add(" %s", a.buf);
      t.set_text(rec, line("%.*s: type A, class IN, addr %s", static_cast<int>(text.size()),
                           text.data(), a.buf));
    } else if (type == 28 && rdlength == 16) {
      char six[INET6_ADDRSTRLEN] = "";
      inet_ntop(AF_INET6, d, six, sizeof six);  // RFC 5952 text, as tshark prints it
      add_str(t, rec, "dns.aaaa", base + rdata, 16, six, "AAAA Address");
      info.add(" %s", six);
      t.set_text(rec, line("%.*s: type AAAA, class IN, addr %s", static_cast<int>(text.size()),
                           text.data(), six));
    } else if (type == 5 || type == 2 || type == 12) {
      const DnsName target = read_dns_name(m, rdata);
      const char* field = type == 5 ? "dns.cname" : type == 2 ? "dns.ns" : "dns.ptr.domain_name";
      const NodeId v = add_str(t, rec, field, base + rdata, rdlength, target.view(),
                               type == 5   ? "CNAME"
                               : type == 2 ? "Name Server"
                                           : "Domain Name");
      if (!target.error.empty()) t.warn(v, Severity::Error, target.error);
      info.add(" %.*s", static_cast<int>(target.length), target.text);
      t.set_text(rec, line("%.*s: type %s, class IN, %s %s", static_cast<int>(text.size()),
                           text.data(), type_name,
                           type == 5   ? "cname"
                           : type == 2 ? "ns"
                                       : "",
                           target.text));
    } else {
      t.set_text(rec, line("%.*s: type %s, class 0x%04x", static_cast<int>(text.size()),
                           text.data(), type_name, klass));
    }
    pos = rdata + rdlength;
  }
  t[group].length = pos - group_start;
  return pos;
}

}  // namespace

NodeId dissect_dns(std::span<const std::uint8_t> m, std::uint32_t base, FieldTree& t) {
  const NodeId dns = t.add(kNoNode, "dns", base, static_cast<std::uint32_t>(m.size()));
  t.set_text(dns, "Domain Name System");
  if (m.size() < 12) {
    t.warn(dns, Severity::Error, "truncated DNS header: 12 bytes needed");
    t.set_summary("DNS", "Malformed DNS message (header cut short)");
    return dns;
  }
  Line line;
  const std::uint16_t id = be16(m.data()), flags = be16(m.data() + 2);
  const bool response = flags & 0x8000;
  const unsigned opcode = (flags >> 11) & 15, rcode = flags & 15;
  t.set_text(dns, line("Domain Name System (%s)", response ? "response" : "query"));
  add_uint(t, dns, "dns.id", base, 2, id, line("Transaction ID: 0x%04x", id));
  add_flags(t, dns, base + 2, flags);
  const unsigned counts[4] = {be16(m.data() + 4), be16(m.data() + 6), be16(m.data() + 8),
                              be16(m.data() + 10)};
  add_uint(t, dns, "dns.count.queries", base + 4, 2, counts[0], line("Questions: %u", counts[0]));
  add_uint(t, dns, "dns.count.answers", base + 6, 2, counts[1], line("Answer RRs: %u", counts[1]));
  add_uint(t, dns, "dns.count.auth_rr", base + 8, 2, counts[2],
           line("Authority RRs: %u", counts[2]));
  add_uint(t, dns, "dns.count.add_rr", base + 10, 2, counts[3],
           line("Additional RRs: %u", counts[3]));

  InfoText info;
  info.add("%s%s 0x%04x", name_of(kOpcodeNames, opcode, "Unknown operation"),
           response ? " response" : "", id);
  if (response && rcode != 0) info.add(" %s", name_of(kRcodeNames, rcode, "Unknown error"));
  struct Section {
    const char* group;
    const char* record;
    const char* label;
  };
  static constexpr Section kSections[] = {
      {"dns.queries", "dns.query", "Queries"},
      {"dns.answers", "dns.answer", "Answers"},
      {"dns.authorities", "dns.authority", "Authoritative nameservers"},
      {"dns.additionals", "dns.additional", "Additional records"}};
  std::uint32_t pos = 12;
  for (int s = 0; s < 4 && pos != 0; ++s)
    pos = add_records(t, dns, m, base, pos, counts[s], s == 0, kSections[s].group,
                      kSections[s].record, kSections[s].label, info);
  t.set_summary("DNS", {info.buf, info.len});
  return dns;
}

}  // namespace pxescope
