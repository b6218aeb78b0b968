// The ONE table of DHCPv6 option definitions (RFC 8415 and its successors), modelled on
// Kea's std_option_defs.h: one row per option saying its config name (as dnsmasq writes it
// after `option6:`, and Kea's name), its 16-bit code, label, field name, value type,
// whether the value is an array, the record layout and whether DHCPv6 options follow the
// fixed part. The DHCPv6 dissector decodes and names with these rows, the field registry
// registers their field names, and encode_value6() builds wire values from config text, so
// the analyzer and a responder cannot drift apart.
//
// Kept apart from the DHCPv4 table (8-bit codes, RFC 3396 splitting), but it shares its
// generic parts: value-name tables (dhcp::ValueName), the IANA architecture registry
// (dhcp::arch_names(), for option 61) and the scalar text encoder (dhcp::encode_value).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/dhcp/option_writer.hpp"

namespace pxescope::dhcpv6 {

using dhcp::FieldValue;
using dhcp::ValueName;

// Option codes netboot uses (IANA "DHCPv6 Option Codes"), named so code says what it means.
enum OptionCode : std::uint16_t {
  kOptClientId = 1,
  kOptServerId = 2,
  kOptIaNa = 3,
  kOptIaTa = 4,
  kOptIaAddr = 5,
  kOptOro = 6,
  kOptPreference = 7,
  kOptElapsedTime = 8,
  kOptRelayMsg = 9,
  kOptAuth = 11,
  kOptUnicast = 12,
  kOptStatusCode = 13,
  kOptRapidCommit = 14,
  kOptUserClass = 15,
  kOptVendorClass = 16,
  kOptVendorOpts = 17,
  kOptInterfaceId = 18,
  kOptReconfMsg = 19,
  kOptReconfAccept = 20,
  kOptSipServerDomains = 21,
  kOptSipServerAddrs = 22,
  kOptDnsServers = 23,
  kOptDomainList = 24,
  kOptIaPd = 25,
  kOptIaPrefix = 26,
  kOptSntpServers = 31,
  kOptInfoRefreshTime = 32,
  kOptClientFqdn = 39,
  kOptNtpServer = 56,
  kOptBootfileUrl = 59,
  kOptBootfileParam = 60,
  kOptClientArch = 61,
  kOptNii = 62,
  kOptClientLinkLayerAddr = 79,
};

// Message types (RFC 8415 §7.3 and later registrations).
enum MessageType : std::uint8_t {
  kSolicit = 1,
  kAdvertise = 2,
  kRequest = 3,
  kConfirm = 4,
  kRenew = 5,
  kRebind = 6,
  kReply = 7,
  kRelease = 8,
  kDecline = 9,
  kReconfigure = 10,
  kInformationRequest = 11,
  kRelayForw = 12,
  kRelayRepl = 13,
};

inline constexpr std::uint16_t kClientPort = 546, kServerPort = 547;

// Type of one value (an option's value, an array item or a record field).
enum class Type : std::uint8_t {
  Empty,  // no data
  U8,
  U16,
  U32,
  Seconds,       // u32 lifetime, 0xffffffff = infinity
  Id32,          // u32 identifier (IAID), a string of 8 hex digits as tshark shows it
  Centiseconds,  // u16 in 1/100 s (elapsed time), held in ms as tshark does
  Ipv6,          // 16 bytes
  String,        // the rest, as text
  Bytes,         // the rest, as colon hex
  Fqdn,          // RFC 1035 wire names, no compression (RFC 8415 §10)
  Duid,          // DUID: type + per-type fields (RFC 8415 §11)
  Record,        // fixed fields (below), then maybe DHCPv6 options
};
std::string_view type_name(Type t);
std::size_t fixed_size(Type t);  // bytes of a fixed-size type, 0 otherwise

struct RecordField {
  std::string_view field;  // stable node name, e.g. "dhcpv6.iaid.t1"
  std::string_view label;  // "T1"
  Type type;
  std::span<const ValueName> names = {};
};

// Decoders for the values a type alone cannot describe (dhcpv6_option_hooks.cpp).
enum class Hook : std::uint8_t {
  None,
  OptionRequest,  // 6: each item named after the option it asks for
  RelayMessage,   // 9: a whole DHCPv6 message, decoded as one
  StatusCode,     // 13: code named, then the message text
  OpaqueList,     // 15, 60: list of (u16 length, data)
  VendorClass,    // 16: enterprise + OpaqueList; PXEClient:Arch:...:UNDI:... split like v4 60
  VendorOpts,     // 17: enterprise + (code, length, data) list
  ClientFqdn,     // 39: flags + domain name
  ClientArch,     // 61: list of u16 named from the IANA registry
};

struct OptionDef {
  std::uint16_t code = 0;
  std::string_view config_name;  // dnsmasq's `option6:` name ("bootfile-url"); Kea's if none
  std::string_view kea_name;     // Kea's name ("bootfile-url", "client-arch-type")
  std::string_view label;        // tshark's label ("Boot File URL")
  std::string_view field;        // the value node's stable name ("dhcpv6.bootfile_url")
  Type type = Type::Bytes;
  bool array = false;                        // value is a list of `type`
  std::span<const RecordField> record = {};  // fixed fields when type == Record
  std::span<const ValueName> names = {};     // value names for an enum value
  bool options_follow = false;               // DHCPv6 options follow the value (3, 4, 5, 25, 26)
  Hook hook = Hook::None;
};

// --- Lookup ------------------------------------------------------------------------

// The row of `code`, or nullptr when the table has none.
const OptionDef* find_option(std::uint16_t code);
// By config name, dnsmasq's or Kea's ("bootfile-url", "client-arch-type", any case), with or
// without the "option6:" prefix, or by number ("59"); nullptr when unknown.
const OptionDef* find_option(std::string_view name);
// All rows, sorted by code.
std::span<const OptionDef> options();
// Human label of a code ("Unknown" when the table lacks it). Never empty.
std::string_view option_label(std::uint16_t code);

// --- Value-name tables -------------------------------------------------------------
std::span<const ValueName> message_type_names();
std::string_view message_type_name(std::uint8_t type);  // "Unknown" when absent
std::span<const ValueName> status_code_names();
// DUID types: analyzer/dhcpv6/dhcpv6_duid.hpp (duid_type_names()).

// --- Encoding (for a responder and config lines) ---------------------------------------

// Appends the wire value (no code/length) of `def` parsed from text, as dnsmasq writes
// `dhcp-option=option6:NAME,VALUE`:
//   numbers decimal or 0x-hex (names from the row's value table: "efi-x64" for 61);
//   ipv6: "2001:db8::1" (inet_pton; "[2001:db8::1]" too); string: as is; bytes/duid: hex;
//   fqdn: "a.example,b.example" (RFC 1035 labels); arrays: items separated by ',';
//   records: fields separated by ','; 15/60 (opaque lists): items separated by ',';
//   16 (vendor class): "ENTERPRISE,item[,item...]"; 39: "FLAGS,name".
// Returns false and sets `error` (one line naming the problem) on bad text.
bool encode_value(const OptionDef& def, std::string_view text, std::vector<std::uint8_t>& out,
                  std::string* error = nullptr);
// Appends code, length (16 bits each) and value.
void append_option(std::vector<std::uint8_t>& out, std::uint16_t code,
                   std::span<const std::uint8_t> value);
// One config option: "option6:bootfile-url,tftp://[2001:db8::1]/x" -> code + wire value
// (the "option6:" prefix is optional; a number names the code too: "59,tftp://...").
bool encode_config_option(std::string_view text, std::uint16_t& code,
                          std::vector<std::uint8_t>& value, std::string* error = nullptr);

// --- Typed encoding (a responder's replies: values already typed, no text parsed) --------

// Appends option `code` (code, length, value) from one typed value per field, checked
// against the code's row: a Record row's fields in order, an array row's items, else its one
// value (an Empty row: none). Numbers are sized by the field's type; an Ipv6 field takes 16
// bytes; String, Bytes and Duid the rest of the value (last field only). Rows whose wire
// form a type cannot say (opaque lists, vendor class, relay message, names) have no typed
// form. False, and nothing appended, when the values do not fit the row.
bool append_typed_option(std::vector<std::uint8_t>& out, std::uint16_t code,
                         std::initializer_list<FieldValue> fields);
// An option whose DHCPv6 options follow its value (IA_NA, IA Address): begin_option()
// appends the code and the typed value as above and returns where the option starts (npos
// when the values do not fit: nothing appended); the caller appends the inner options, then
// end_option() sets the length. end_option(npos) does nothing.
std::size_t begin_option(std::vector<std::uint8_t>& out, std::uint16_t code,
                         std::initializer_list<FieldValue> fields);
void end_option(std::vector<std::uint8_t>& out, std::size_t start);

}  // namespace pxescope::dhcpv6
