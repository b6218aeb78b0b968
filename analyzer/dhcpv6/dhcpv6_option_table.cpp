// The DHCPv6 option rows. Labels and field names follow Wireshark's packet-dhcpv6.c where it
// has them; the netboot options Wireshark 4.0 leaves without fields (59-62, 79) get names
// in the same style ("dhcpv6.bootfile_url", "dhcpv6.client_arch").
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "analyzer/ascii.hpp"

namespace pxescope::dhcpv6 {
namespace {

using sv = std::string_view;

constexpr ValueName kMessageTypes[] = {
    {kSolicit, "Solicit"},
    {kAdvertise, "Advertise"},
    {kRequest, "Request"},
    {kConfirm, "Confirm"},
    {kRenew, "Renew"},
    {kRebind, "Rebind"},
    {kReply, "Reply"},
    {kRelease, "Release"},
    {kDecline, "Decline"},
    {kReconfigure, "Reconfigure"},
    {kInformationRequest, "Information-request"},
    {kRelayForw, "Relay-forw"},
    {kRelayRepl, "Relay-reply"},
    {14, "Lease Query"},
    {15, "Lease Query Reply"},
    {16, "Lease Query Done"},
    {17, "Lease Query Data"},
    {18, "Reconfigure Request"},
    {19, "Reconfigure Reply"},
    {20, "DHCPv4 Query"},
    {21, "DHCPv4 Response"},
};

constexpr ValueName kStatusCodes[] = {
    {0, "Success"},        {1, "UnspecFail"},
    {2, "NoAddrAvail"},    {3, "NoBinding"},
    {4, "NotOnLink"},      {5, "UseMulticast"},
    {6, "NoPrefixAvail"},  {7, "UnknownQueryType"},
    {8, "MalformedQuery"}, {9, "NotConfigured"},
    {10, "NotAllowed"},    {11, "QueryTerminated"},
    {12, "DataMissing"},   {13, "CatchUpComplete"},
    {14, "NotSupported"},  {15, "TLSConnectionRefused"},
};

constexpr ValueName kReconfMsgTypes[] = {{5, "Renew"}, {6, "Rebind"}, {11, "Information-request"}};
constexpr ValueName kNiiTypes[] = {{1, "UNDI"}};
constexpr ValueName kHardwareTypes[] = {{1, "Ethernet"}, {6, "IEEE 802"}, {32, "InfiniBand"}};

// --- Record layouts: the fixed part of a value ---

constexpr RecordField kIa[] = {
    // IA_NA and IA_PD: RFC 8415 §21.4, §21.21
    {"dhcpv6.iaid", "IAID", Type::Id32},
    {"dhcpv6.iaid.t1", "T1", Type::Seconds},
    {"dhcpv6.iaid.t2", "T2", Type::Seconds},
};
constexpr RecordField kIaTa[] = {{"dhcpv6.iata", "IAID", Type::Id32}};
constexpr RecordField kIaAddr[] = {
    {"dhcpv6.iaaddr.ip", "IPv6 address", Type::Ipv6},
    {"dhcpv6.iaaddr.pref_lifetime", "Preferred lifetime", Type::Seconds},
    {"dhcpv6.iaaddr.valid_lifetime", "Valid lifetime", Type::Seconds},
};
constexpr RecordField kIaPrefix[] = {
    {"dhcpv6.iaprefix.pref_lifetime", "Preferred lifetime", Type::Seconds},
    {"dhcpv6.iaprefix.valid_lifetime", "Valid lifetime", Type::Seconds},
    {"dhcpv6.iaprefix.pref_len", "Prefix length", Type::U8},
    {"dhcpv6.iaprefix.pref_addr", "Prefix address", Type::Ipv6},
};
constexpr RecordField kStatus[] = {
    {"dhcpv6.status_code", "Status Code", Type::U16, kStatusCodes},
    {"dhcpv6.status_msg", "Status Message", Type::String},
};
constexpr RecordField kNii[] = {
    // RFC 5970 §3.4
    {"dhcpv6.nii.type", "Interface Type", Type::U8, kNiiTypes},
    {"dhcpv6.nii.major", "Major Version", Type::U8},
    {"dhcpv6.nii.minor", "Minor Version", Type::U8},
};
constexpr RecordField kClientLinkLayer[] = {
    // RFC 6939
    {"dhcpv6.client_lla.hwtype", "Link-layer type", Type::U16, kHardwareTypes},
    {"dhcpv6.client_lla.addr", "Link-layer address", Type::Bytes},
};
constexpr RecordField kFqdn[] = {
    // RFC 4704: the flags; the name is read by the hook
    {"dhcpv6.client_fqdn_flags", "Flags", Type::U8},
    {"dhcpv6.client_domain", "Client Domain Name", Type::Fqdn},
};
constexpr RecordField kEnterprise[] = {
    {"dhcpv6.vendorclass.enterprise", "Enterprise ID", Type::U32},
    {"dhcpv6.vendorclass.data", "vendor-class-data", Type::String},
};
constexpr RecordField kVendorOpts[] = {
    {"dhcpv6.vendoropts.enterprise", "Enterprise ID", Type::U32},
    {"dhcpv6.vendoropts.enterprise.option_data", "Option data", Type::Bytes},
};

// --- Row builders (one line per option) ---

constexpr OptionDef row(std::uint16_t code, sv config, sv kea, sv label, sv field, Type type,
                        bool array = false) {
  OptionDef d;
  d.code = code;
  d.config_name = config;
  d.kea_name = kea;
  d.label = label;
  d.field = field;
  d.type = type;
  d.array = array;
  return d;
}
constexpr OptionDef record(OptionDef d, std::span<const RecordField> fields,
                           bool options_follow = false) {
  d.type = Type::Record;
  d.record = fields;
  d.options_follow = options_follow;
  return d;
}
constexpr OptionDef named(OptionDef d, std::span<const ValueName> names) {
  d.names = names;
  return d;
}
constexpr OptionDef hooked(OptionDef d, Hook h) {
  d.hook = h;
  return d;
}

constexpr OptionDef kOptions[] = {
    row(kOptClientId, "client-id", "clientid", "Client Identifier", "dhcpv6.duid.bytes",
        Type::Duid),
    row(kOptServerId, "server-id", "serverid", "Server Identifier", "dhcpv6.duid.bytes",
        Type::Duid),
    record(row(kOptIaNa, "ia-na", "ia-na", "Identity Association for Non-temporary Address", "",
               Type::Record),
           kIa, true),
    record(row(kOptIaTa, "ia-ta", "ia-ta", "Identity Association for Temporary Address", "",
               Type::Record),
           kIaTa, true),
    record(row(kOptIaAddr, "iaaddr", "iaaddr", "IA Address", "", Type::Record), kIaAddr, true),
    hooked(row(kOptOro, "oro", "oro", "Option Request", "dhcpv6.requested_option_code", Type::U16,
               true),
           Hook::OptionRequest),
    row(kOptPreference, "preference", "preference", "Preference", "dhcpv6.option_preference",
        Type::U8),
    row(kOptElapsedTime, "elapsed-time", "elapsed-time", "Elapsed time", "dhcpv6.elapsed_time",
        Type::Centiseconds),
    hooked(row(kOptRelayMsg, "relay-msg", "relay-msg", "Relay Message", "dhcpv6.relay_msg",
               Type::Bytes),
           Hook::RelayMessage),
    row(kOptAuth, "auth", "auth", "Authentication", "dhcpv6.auth.info", Type::Bytes),
    row(kOptUnicast, "unicast", "unicast", "Server unicast", "dhcpv6.unicast", Type::Ipv6),
    hooked(record(row(kOptStatusCode, "status", "status-code", "Status code", "", Type::Record),
                  kStatus),
           Hook::StatusCode),
    row(kOptRapidCommit, "rapid-commit", "rapid-commit", "Rapid Commit", "", Type::Empty),
    hooked(row(kOptUserClass, "user-class", "user-class", "User Class",
               "dhcpv6.userclass.opaque_data", Type::Bytes),
           Hook::OpaqueList),
    hooked(record(row(kOptVendorClass, "vendor-class", "vendor-class", "Vendor Class", "",
                      Type::Record),
                  kEnterprise),
           Hook::VendorClass),
    hooked(record(row(kOptVendorOpts, "vendor-opts", "vendor-opts", "Vendor-specific Information",
                      "", Type::Record),
                  kVendorOpts),
           Hook::VendorOpts),
    row(kOptInterfaceId, "interface-id", "interface-id", "Interface-Id", "dhcpv6.interface_id",
        Type::Bytes),
    named(row(kOptReconfMsg, "reconf-msg", "reconf-msg", "Reconfigure Message", "dhcpv6.reconf_msg",
              Type::U8),
          kReconfMsgTypes),
    row(kOptReconfAccept, "reconf-accept", "reconf-accept", "Reconfigure Accept", "", Type::Empty),
    row(kOptSipServerDomains, "sip-server-domain", "sip-server-dns", "SIP Server Domain Name List",
        "dhcpv6.sip_server_domain_search_fqdn", Type::Fqdn, true),
    row(kOptSipServerAddrs, "sip-server", "sip-server-addr", "SIP Servers IPv6 Address List",
        "dhcpv6.sip_server_a", Type::Ipv6, true),
    row(kOptDnsServers, "dns-server", "dns-servers", "DNS recursive name server",
        "dhcpv6.dns_server", Type::Ipv6, true),
    row(kOptDomainList, "domain-search", "domain-search", "Domain Search List",
        "dhcpv6.search_list_entry", Type::Fqdn, true),
    record(row(kOptIaPd, "ia-pd", "ia-pd", "Identity Association for Prefix Delegation", "",
               Type::Record),
           kIa, true),
    record(row(kOptIaPrefix, "iaprefix", "iaprefix", "IA Prefix", "", Type::Record), kIaPrefix,
           true),
    row(kOptSntpServers, "sntp-server", "sntp-servers", "Simple Network Time Protocol Server",
        "dhcpv6.sntp_server", Type::Ipv6, true),
    row(kOptInfoRefreshTime, "information-refresh-time", "information-refresh-time",
        "Information Refresh Time Option", "dhcpv6.lifetime", Type::Seconds),
    hooked(record(row(kOptClientFqdn, "FQDN", "client-fqdn", "Fully Qualified Domain Name", "",
                      Type::Record),
                  kFqdn),
           Hook::ClientFqdn),
    row(kOptNtpServer, "ntp-server", "ntp-server", "NTP Server", "dhcpv6.ntp_server", Type::Bytes),
    row(kOptBootfileUrl, "bootfile-url", "bootfile-url", "Boot File URL", "dhcpv6.bootfile_url",
        Type::String),
    hooked(row(kOptBootfileParam, "bootfile-param", "bootfile-param", "Boot File Parameters",
               "dhcpv6.bootfile_param", Type::String),
           Hook::OpaqueList),
    hooked(row(kOptClientArch, "client-arch", "client-arch-type", "Client System Architecture Type",
               "dhcpv6.client_arch", Type::U16, true),
           Hook::ClientArch),
    record(
        row(kOptNii, "client-nii", "nii", "Client Network Interface Identifier", "", Type::Record),
        kNii),
    record(row(kOptClientLinkLayerAddr, "client-linklayer-addr", "client-linklayer-addr",
               "Client Link-Layer Address", "", Type::Record),
           kClientLinkLayer),
};

constexpr bool sorted_by_code(std::span<const OptionDef> rows) {
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (rows[i - 1].code >= rows[i].code) return false;
  return true;
}
static_assert(sorted_by_code(kOptions), "find_option() binary-searches: keep rows sorted by code");

// The row (+1, 0: none) of each code below 256, so the responder's per-request lookups (every
// option read and written) are one load instead of a binary search.
constexpr std::size_t kDirectCodes = 256;
static_assert(std::size(kOptions) < 255, "a row number must fit the direct index's byte");
constexpr auto kRowOfCode = [] {
  std::array<std::uint8_t, kDirectCodes> rows{};
  for (std::size_t i = 0; i < std::size(kOptions); ++i)
    if (kOptions[i].code < kDirectCodes) rows[kOptions[i].code] = static_cast<std::uint8_t>(i + 1);
  return rows;
}();

}  // namespace

std::string_view type_name(Type t) {
  switch (t) {
    case Type::Empty:
      return "empty";
    case Type::U8:
      return "u8";
    case Type::U16:
      return "u16";
    case Type::U32:
      return "u32";
    case Type::Seconds:
      return "seconds";
    case Type::Id32:
      return "id32";
    case Type::Centiseconds:
      return "centiseconds";
    case Type::Ipv6:
      return "ipv6";
    case Type::String:
      return "string";
    case Type::Bytes:
      return "bytes";
    case Type::Fqdn:
      return "fqdn";
    case Type::Duid:
      return "duid";
    case Type::Record:
      return "record";
  }
  return "bytes";
}

std::size_t fixed_size(Type t) {
  switch (t) {
    case Type::U8:
      return 1;
    case Type::U16:
    case Type::Centiseconds:
      return 2;
    case Type::U32:
    case Type::Seconds:
    case Type::Id32:
      return 4;
    case Type::Ipv6:
      return 16;
    default:
      return 0;
  }
}

const OptionDef* find_option(std::uint16_t code) {
  if (code < kDirectCodes) return kRowOfCode[code] ? &kOptions[kRowOfCode[code] - 1] : nullptr;
  const auto it = std::lower_bound(std::begin(kOptions), std::end(kOptions), code,
                                   [](const OptionDef& d, std::uint16_t c) { return d.code < c; });
  return it != std::end(kOptions) && it->code == code ? &*it : nullptr;
}

const OptionDef* find_option(std::string_view name) {
  if (name.size() > 8 && ascii_iequals(name.substr(0, 8), "option6:")) name.remove_prefix(8);
  unsigned code = 0;
  const auto r = std::from_chars(name.data(), name.data() + name.size(), code);
  if (!name.empty() && r.ec == std::errc() && r.ptr == name.data() + name.size())
    return code <= 0xffff ? find_option(static_cast<std::uint16_t>(code)) : nullptr;
  for (const OptionDef& d : kOptions)  // dnsmasq compares names with strcasecmp
    if (ascii_iequals(d.config_name, name) || ascii_iequals(d.kea_name, name)) return &d;
  return nullptr;
}

std::span<const OptionDef> options() {
  return kOptions;
}

std::string_view option_label(std::uint16_t code) {
  const OptionDef* d = find_option(code);
  return d ? d->label : "Unknown";
}

std::span<const ValueName> message_type_names() {
  return kMessageTypes;
}
std::string_view message_type_name(std::uint8_t type) {
  const auto n = dhcp::value_name(kMessageTypes, type);
  return n.empty() ? "Unknown" : n;
}
std::span<const ValueName> status_code_names() {
  return kStatusCodes;
}
}  // namespace pxescope::dhcpv6
