// The ONE table of DHCPv4 option definitions (modelled on Kea's std_option_defs.h): for
// every option space a list of rows saying code, label, field name, value type, whether
// the value is an array, the record layout, value names and any encapsulated space. The
// dissector walks these rows to decode, name and render; the responder looks rows up to
// encode its replies from the same definitions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/dhcp/option_codes.hpp"  // the named codes of these rows
#include "analyzer/fields/field_registry.hpp"

namespace pxescope::dhcp {

// Option spaces: the top-level DHCP options and the encapsulated sub-option spaces.
enum class OptionSpace : std::uint8_t {
  None,   // "no encapsulated space"
  Dhcp,   // top-level options (RFC 2132 and later)
  Pxe,    // option 43 when the vendor class is PXEClient (PXE spec 2.1)
  Ipxe,   // option 175, iPXE/Etherboot encapsulated options
  Relay,  // option 82 relay agent sub-options (RFC 3046 and later)
};
std::string_view space_name(OptionSpace s);  // "dhcp", "pxe", "ipxe", "relay"
std::optional<OptionSpace> space_from_name(std::string_view name);

// Type of one value (an option's value, an array item or a record field).
enum class ValueType : std::uint8_t {
  Empty,  // no data (length 0)
  U8,
  U16,
  U32,
  I8,
  I32,
  Bool,     // one byte, 0 or 1
  Ipv4,     // 4 bytes, printed dotted
  Seconds,  // u32 duration, printed like tshark "(3600s) 1 hour"
  String,   // the rest of the data, printed as text (stops at a NUL)
  Bytes,    // the rest of the data, printed as colon hex "00:01"
  Record,   // a fixed sequence of RecordFields
};
std::string_view value_type_name(ValueType t);
// Size in bytes of a fixed-size type, 0 for String/Bytes/Record/Empty.
std::size_t fixed_size(ValueType t);

// One entry of a value-name table (enums such as option 53 or 93).
struct ValueName {
  std::uint32_t value;
  std::string_view name;
};

struct RecordField {
  std::string_view field;  // stable node name, e.g. "dhcp.client_network_id_major"
  std::string_view label;  // human label, e.g. "Major Version"
  ValueType type;
  std::span<const ValueName> names = {};
  bool hex = false;  // print numbers as 0x.. (the value stays a number)
};

// Decoders for the few options that a type alone cannot describe. Each one is a named
// function in dhcp_option_hooks.cpp. (Records such as 94, pxe 10/71, ipxe 177/235 and
// option 52's effect need none: the dissector reads 52 itself before walking.)
enum class DecodeHook : std::uint8_t {
  None,
  RequestList,          // 55: every item named after the option it asks for
  VendorClass,          // 60: string, plus PXEClient/HTTPClient:Arch:xxxxx:UNDI:yyyzzz split
  ClientId,             // 61: hardware type + address, or opaque
  UserClass,            // 77: RFC 3004 instances, or iPXE's raw non-standard string
  ClientArch,           // 93: list of architectures, 7/9 ambiguity note
  ClientGuid,           // 97: type 0 + 16-byte GUID
  VendorSpecific,       // 43: PXE sub-options when 60 says PXEClient, else bytes
  PxeBootServers,       // pxe 8: list of (type, count, IPs)
  PxeBootMenu,          // pxe 9: list of (type, len, description)
  PxeDiscoveryControl,  // pxe 6: bit field
  DomainSearch,         // 119: RFC 1035 names with compression (RFC 3397)
  ClasslessRoutes,      // 121: {width, significant subnet bytes, router} list (RFC 3442)
  SipServers,           // 120: encoding byte, then RFC 1035 names (0) or IPv4 addresses (1)
};

// Who gives an option its value in pxescope's replies: a column of the table, so the
// config parser and the responder read one answer.
enum class Owner : std::uint8_t {
  Config,     // dhcp-option= lines (the default)
  Responder,  // the responder writes it from other lines or the request (`instead` says which)
  Client,     // only clients send it
  Framing,    // Pad and End
};

struct OptionDef {
  OptionSpace space = OptionSpace::Dhcp;
  std::uint8_t code = 0;
  std::string_view label;        // human, e.g. "DHCP Message Type"
  std::string_view field;        // the value node's stable name, e.g. "dhcp.option.dhcp"; for a
                                 // record: the container node (empty: fields go under the option)
  std::string_view value_label;  // label of the value line ("DHCP: Discover (1)"); "" = label
  ValueType type = ValueType::Bytes;
  bool array = false;                            // value is a list of `type` (or of records)
  std::span<const RecordField> record = {};      // layout when type == Record
  std::span<const ValueName> names = {};         // value names (enums)
  OptionSpace encapsulates = OptionSpace::None;  // sub-option space carried in the value
  DecodeHook hook = DecodeHook::None;
  bool value_in_title = false;  // tshark appends the value to "Option: (N) Label (value)"
  Owner owner = Owner::Config;
  std::string_view instead;  // not Config: why no dhcp-option= line sets it, what does
};

// --- Lookup ------------------------------------------------------------------------

// The definition of `code` in `space`, or nullptr when the table has none.
const OptionDef* find_option(OptionSpace space, std::uint8_t code);
// By field name ("dhcp.option.bootfile_name"), by label ("Bootfile name", case-insensitive)
// or by "space.code" ("dhcp.67", "pxe.9"); nullptr when nothing matches.
const OptionDef* find_option(std::string_view name);
// dnsmasq's `option:` name of a DHCP option ("router" for 3), "" when dnsmasq has none.
std::string_view config_name(std::uint8_t code);
// The code a dnsmasq `option:` name stands for (any case, as dnsmasq), -1 when unknown.
// Names of codes this table has no row for (120) still give their code.
int code_from_config_name(std::string_view name);
// All rows of one space, sorted by code.
std::span<const OptionDef> options_of(OptionSpace space);

// Human label of an option code ("Unknown" when the table lacks it). Never empty.
std::string_view option_label(OptionSpace space, std::uint8_t code);
// The same for every code 0..255 of the top-level space, as field-registry value names
// (the titles "Option: (3) Router" and option 55's items): dense, so a view indexes it.
// Constant-initialized, so the registry's constant rows can point at it.
extern const std::array<fields::ValueName, 256> kDhcpOptionLabels;
// The name of `value` in a value-name table, or "" when absent.
std::string_view value_name(std::span<const ValueName> names, std::uint32_t value);

// --- Value-name tables -------------------------------------------------------------

// DHCP message types (option 53): "Discover", "Offer", ... RFC 2132, 4388, 6926, 7724.
std::span<const ValueName> message_type_names();
std::string_view message_type_name(std::uint8_t type);  // "Unknown" when absent

// Client system architectures (option 93/60), the whole IANA "Processor Architecture
// Types" registry 0x00-0x29. Note: RFC 4578 listed 7 as "EFI BC" and 9 as "EFI x86-64";
// IANA (after erratum 4624) has 7 = x64 UEFI and 9 = EBC, and real x64 firmware sends 7
// (some old firmware sent 9). Treat both as x64 UEFI when choosing a boot file.
std::span<const ValueName> arch_names();
std::string_view arch_name(std::uint16_t arch);  // "Unknown" outside the registry
// Short names used in configs: bios, nec-pc98, ia64, alpha, arc-x86, lean-client,
// efi-ia32, efi-bc, efi-xscale, efi-x64, efi-arm32, efi-arm64, ppc-ofw, ppc-epapr,
// power-opal, efi-ia32-http, efi-x64-http, efi-bc-http, efi-arm32-http, efi-arm64-http,
// bios-http, uboot-arm32, uboot-arm64, uboot-arm32-http, uboot-arm64-http, efi-riscv32,
// efi-riscv32-http, efi-riscv64, efi-riscv64-http, efi-riscv128, efi-riscv128-http,
// s390-basic, s390-extended, efi-mips32, efi-mips64, efi-sunway32, efi-sunway64,
// efi-loongarch32, efi-loongarch32-http, efi-loongarch64, efi-loongarch64-http, rpiboot.
std::string_view arch_short_name(std::uint16_t arch);  // "" outside the registry
// Short name -> codes. "efi-x64" yields {7, 9} (the 7/9 ambiguity); others one code.
// Also accepts a decimal or 0x-hex number. Empty when unknown.
std::vector<std::uint16_t> arch_codes_from_name(std::string_view short_name);

// Hardware types (ARP hrd, used by htype and option 61).
std::string_view hardware_type_name(std::uint8_t htype);
// PXE boot server types (pxe sub-options 8, 9, 71).
std::string_view pxe_server_type_name(std::uint16_t type);

// --- Encoding (for the responder) ---------------------------------------------------

// Appends the wire value (no code/length) of `def` parsed from text:
//   u8/u16/u32/i8/i32: decimal or 0x-hex; bool: true/false/1/0; ipv4: dotted;
//   string: the text as is; bytes: "01:02:ff" or "0102ff"; empty: "".
//   Arrays: items separated by ',' (spaces allowed). Records: fields separated by ','.
//   Value names are accepted for enum values ("Offer", "efi-x64" for 93 gives 7).
//   119 (domain search): "lab.example,example.com"; 121 (classless routes):
//   "10.0.0.0/8,192.168.1.1[,NET/WIDTH,ROUTER...]" (both as dnsmasq writes them; hex too);
//   120 (SIP servers, RFC 3361): addresses "10.0.0.5,10.0.0.6" or names "sip.example".
// Returns false and sets `error` (one line naming the problem) on bad text.
bool encode_value(const OptionDef& def, std::string_view text, std::vector<std::uint8_t>& out,
                  std::string* error = nullptr);
// Appends code, length and value; values over 255 bytes are split into several options
// with the same code (RFC 3396). Pad/End (0/255) take no length.
void append_option(std::vector<std::uint8_t>& out, std::uint8_t code,
                   std::span<const std::uint8_t> value);

}  // namespace pxescope::dhcp
