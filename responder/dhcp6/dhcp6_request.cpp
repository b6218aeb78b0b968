#include "responder/dhcp6/dhcp6_request.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "analyzer/dhcpv6/dhcpv6_duid.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "analyzer/link/bytes.hpp"

namespace pxescope::responder {

using namespace dhcpv6;

namespace {

using bytes::be16;
using bytes::be32;

// Options a message carries once (RFC 8415 §21: "MUST NOT appear more than once"); a
// second copy is a broken or hostile sender, and which one to believe is a guess.
constexpr std::uint16_t kOncePerMessage[] = {
    kOptClientId,           kOptServerId,  kOptOro,         kOptElapsedTime, kOptRelayMsg,
    kOptRapidCommit,        kOptUserClass, kOptInterfaceId, kOptClientArch,  kOptPreference,
    kOptClientLinkLayerAddr};

// As a table by code (every request checks each of its options against it).
constexpr auto kOnceByCode = [] {
  std::array<bool, 128> once{};
  for (const std::uint16_t code : kOncePerMessage) once[code] = true;
  return once;
}();

bool once_per_message(std::uint16_t code) {
  return code < kOnceByCode.size() && kOnceByCode[code];
}

// The option table's word on a length: fixed-size values must match, arrays of fixed
// items must divide, records need their fixed fields. Unknown codes are not judged.
struct LengthRule {
  enum class Kind : std::uint8_t { Any, Empty, AtLeast, Multiple, Exactly };
  Kind kind = Kind::Any;
  std::size_t size = 0;
};

LengthRule length_rule(const OptionDef* def) {
  if (def == nullptr) return {};
  if (def->type == Type::Empty) return {LengthRule::Kind::Empty, 0};
  if (def->type == Type::Record) {
    std::size_t fixed = 0;
    for (const RecordField& f : def->record) fixed += fixed_size(f.type);
    return {LengthRule::Kind::AtLeast, fixed};
  }
  const std::size_t each = fixed_size(def->type);
  if (each == 0) return {};
  return {def->array ? LengthRule::Kind::Multiple : LengthRule::Kind::Exactly, each};
}

// The rules of the codes below 256, read from the table once (not per option of a request).
const std::array<LengthRule, 256> kLengthRules = [] {
  std::array<LengthRule, 256> rules{};
  for (std::size_t code = 0; code < rules.size(); ++code)
    rules[code] = length_rule(find_option(static_cast<std::uint16_t>(code)));
  return rules;
}();

bool length_fits_table(std::uint16_t code, std::size_t len) {
  const LengthRule rule =
      code < kLengthRules.size() ? kLengthRules[code] : length_rule(find_option(code));
  switch (rule.kind) {
    case LengthRule::Kind::Any:
      return true;
    case LengthRule::Kind::Empty:
      return len == 0;
    case LengthRule::Kind::AtLeast:
      return len >= rule.size;
    case LengthRule::Kind::Multiple:
      return len != 0 && len % rule.size == 0;
    case LengthRule::Kind::Exactly:
      return len == rule.size;
  }
  return true;
}

bool duid_ok(std::span<const std::uint8_t> duid) {
  return duid.size() >= 3 && duid.size() <= kMaxDuidBytes;
}

// The first item of a (u16 length, data) list; false when an item overruns the list.
bool first_item(std::span<const std::uint8_t> list, std::string_view& out) {
  bool first = true;
  std::size_t at = 0;
  while (at < list.size()) {
    if (list.size() - at < 2) return false;
    const std::size_t len = be16(&list[at]);
    at += 2;
    if (len > list.size() - at) return false;
    if (first) out = {reinterpret_cast<const char*>(&list[at]), len};
    first = false;
    at += len;
  }
  return true;
}

// Each option of `options` (code, value); false (and `error`) on a malformed one.
template <typename Visit>
ParseError6 walk_options(std::span<const std::uint8_t> options, Visit&& visit) {
  std::array<std::uint64_t, 2> seen{};  // codes below 128 are all the one-per-message ones
  std::size_t count = 0;
  std::size_t at = 0;
  while (at < options.size()) {
    if (options.size() - at < 4) return ParseError6::OptionOverrun;
    const std::uint16_t code = be16(&options[at]);
    const std::size_t len = be16(&options[at + 2]);
    if (len > options.size() - at - 4) return ParseError6::OptionOverrun;
    if (++count > kMaxOptions6) return ParseError6::TooManyOptions;
    if (once_per_message(code)) {
      std::uint64_t& word = seen[code >> 6];
      if ((word >> (code & 63)) & 1u) return ParseError6::RepeatedOption;
      word |= std::uint64_t{1} << (code & 63);
    }
    if (!length_fits_table(code, len)) return ParseError6::BadOptionLength;
    if (const ParseError6 e = visit(code, options.subspan(at + 4, len)); e != ParseError6::None)
      return e;
    at += 4 + len;
  }
  return ParseError6::None;
}

// IA_NA (3): IAID, T1, T2, then options; the first IA Address (5) is the client's hint.
ParseError6 read_ia_na(std::span<const std::uint8_t> v, Dhcp6Request& out) {
  if (out.has_ia_na) return ParseError6::None;  // several IA_NA: the first is served
  out.has_ia_na = true;
  out.iaid = be32(v.data());
  return walk_options(v.subspan(12), [&](std::uint16_t code, std::span<const std::uint8_t> o) {
    if (code == kOptIaAddr && !out.has_ia_address) {
      out.has_ia_address = true;
      std::memcpy(out.ia_address.data(), o.data(), 16);
    }
    return ParseError6::None;
  });
}

ParseError6 read_client_option(std::uint16_t code, std::span<const std::uint8_t> v,
                               Dhcp6Request& out) {
  switch (code) {
    case kOptClientId:
      if (!duid_ok(v)) return ParseError6::BadDuid;
      out.client_id = v;
      break;
    case kOptServerId:
      if (!duid_ok(v)) return ParseError6::BadDuid;
      out.server_id = v;
      out.has_server_id = true;
      break;
    case kOptIaNa:
      return read_ia_na(v, out);
    case kOptOro:
      out.oro = v;
      break;
    case kOptRapidCommit:
      out.rapid_commit = true;
      break;
    case kOptUserClass:
      if (!first_item(v, out.user_class)) return ParseError6::BadOptionLength;
      break;
    case kOptVendorClass: {
      std::string_view item;
      if (!first_item(v.subspan(4), item)) return ParseError6::BadOptionLength;
      if (!out.has_vendor_class) {  // several enterprises: the first is read
        out.has_vendor_class = true;
        out.vendor_enterprise = be32(v.data());
        out.vendor_class = item;
      }
      break;
    }
    case kOptClientArch:
      out.has_arch = true;
      out.arch = be16(v.data());
      break;
    default:
      break;
  }
  return ParseError6::None;
}

bool is_client_message(std::uint8_t type) {
  switch (type) {
    case kSolicit:
    case kRequest:
    case kConfirm:
    case kRenew:
    case kRebind:
    case kRelease:
    case kDecline:
    case kInformationRequest:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool Dhcp6Request::asks_for(std::uint16_t code) const {
  for (std::size_t i = 0; i + 1 < oro.size(); i += 2)
    if (be16(&oro[i]) == code) return true;
  return false;
}

bool Dhcp6Request::is_boot_client() const {
  return asks_for(kOptBootfileUrl) || has_arch || is_pxe_client() || is_http_client();
}

bool Dhcp6Request::mac(std::array<std::uint8_t, 6>& out) const {
  auto take = [&](std::span<const std::uint8_t> hw_and_addr) {
    if (hw_and_addr.size() != 8 || be16(hw_and_addr.data()) != 1) return false;  // Ethernet
    std::copy(hw_and_addr.begin() + 2, hw_and_addr.end(), out.begin());
    return true;
  };
  if (take(client_link_layer)) return true;
  if (const auto mac = dhcpv6::duid_ethernet_mac(client_id)) {  // DUID-LLT or DUID-LL
    out = *mac;
    return true;
  }
  if (has_link_mac) out = link_mac;
  return has_link_mac;
}

bool mac_from_eui64(const Ipv6Address& a, std::array<std::uint8_t, 6>& out) {
  if (a[11] != 0xff || a[12] != 0xfe) return false;
  out = {static_cast<std::uint8_t>(a[8] ^ 0x02), a[9], a[10], a[13], a[14], a[15]};
  return true;
}

std::string_view parse_error6_text(ParseError6 e) {
  switch (e) {
    case ParseError6::None:
      return "ok";
    case ParseError6::TooShort:
      return "shorter than a DHCPv6 header";
    case ParseError6::NotClientMessage:
      return "not a client message";
    case ParseError6::OptionOverrun:
      return "option length runs past the end";
    case ParseError6::BadOptionLength:
      return "option length the option cannot have";
    case ParseError6::RepeatedOption:
      return "one-per-message option repeated";
    case ParseError6::TooManyOptions:
      return "too many options";
    case ParseError6::BadDuid:
      return "DUID under 3 or over 130 bytes";
    case ParseError6::RelayTooDeep:
      return "relay messages nested too deep";
    case ParseError6::NoRelayMessage:
      return "Relay-forw without a relay message";
    case ParseError6::NoClientId:
      return "no client identifier";
  }
  return "?";
}

ParseError6 parse_dhcp6_request(std::span<const std::uint8_t> payload, Dhcp6Request& out) {
  out = Dhcp6Request{};
  std::span<const std::uint8_t> message = payload;
  // Relay-forw layers, outermost first, down to the client's message.
  while (!message.empty() && message[0] == kRelayForw) {
    if (message.size() < 34) return ParseError6::TooShort;
    if (out.relay_count == kMaxRelayHops6) return ParseError6::RelayTooDeep;
    RelayHop6& hop = out.relays[out.relay_count++];
    hop.hop_count = message[1];
    std::memcpy(hop.link.data(), &message[2], 16);
    std::memcpy(hop.peer.data(), &message[18], 16);
    std::span<const std::uint8_t> inner;
    bool has_inner = false;
    const ParseError6 e =
        walk_options(message.subspan(34), [&](std::uint16_t code, std::span<const std::uint8_t> v) {
          if (code == kOptRelayMsg) {
            inner = v;
            has_inner = true;
          } else if (code == kOptInterfaceId) {
            hop.interface_id = v;
            hop.has_interface_id = true;
          } else if (code == kOptClientLinkLayerAddr) {
            out.client_link_layer = v;  // the innermost relay's is the client's
          }
          return ParseError6::None;
        });
    if (e != ParseError6::None) return e;
    if (!has_inner) return ParseError6::NoRelayMessage;
    message = inner;
  }
  if (message.size() < 4) return ParseError6::TooShort;
  if (!is_client_message(message[0])) return ParseError6::NotClientMessage;
  out.message_type = message[0];
  out.xid = (std::uint32_t{message[1]} << 16) | be16(&message[2]);
  const ParseError6 e =
      walk_options(message.subspan(4), [&](std::uint16_t code, std::span<const std::uint8_t> v) {
        return read_client_option(code, v, out);
      });
  if (e != ParseError6::None) return e;
  // Only an Information-request may come without a client id (RFC 8415 §18.2.6).
  if (out.client_id.empty() && out.message_type != kInformationRequest)
    return ParseError6::NoClientId;
  return ParseError6::None;
}

}  // namespace pxescope::responder
