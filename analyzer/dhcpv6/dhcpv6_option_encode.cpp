// Config text -> DHCPv6 wire values, from the same rows the dissector decodes with. Numbers,
// strings, hex and RFC 1035 name lists go through the DHCPv4 table's encoder (one parser
// for both versions); only what IPv6 adds (addresses, 16-bit-length lists) is written here.
#include <arpa/inet.h>

#include <algorithm>
#include <string>

#include "analyzer/dhcp/config_text.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"

namespace pxescope::dhcpv6 {
namespace {

using dhcp::config_text::fail;
using dhcp::config_text::split;
using dhcp::config_text::trim;

void put16(std::vector<std::uint8_t>& out, std::size_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

bool encode_ipv6(std::string_view text, std::vector<std::uint8_t>& out, std::string* error) {
  std::string s(trim(text));
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  std::uint8_t addr[16];
  if (inet_pton(AF_INET6, s.c_str(), addr) != 1)
    return fail(error, "not an IPv6 address (2001:db8::1)", text);
  out.insert(out.end(), addr, addr + 16);
  return true;
}

// The DHCPv4 encoder's view of a scalar v6 type (same text forms, same names).
dhcp::ValueType v4_type(Type t) {
  switch (t) {
    case Type::Empty:
      return dhcp::ValueType::Empty;
    case Type::U8:
      return dhcp::ValueType::U8;
    case Type::U16:
    case Type::Centiseconds:
      return dhcp::ValueType::U16;
    case Type::U32:
    case Type::Seconds:
    case Type::Id32:
      return dhcp::ValueType::U32;
    case Type::String:
      return dhcp::ValueType::String;
    default:
      return dhcp::ValueType::Bytes;  // Bytes, Duid (hex); Record/Fqdn/Ipv6 never get here
  }
}

bool encode_one(Type type, std::span<const ValueName> names, bool arch, bool array,
                std::string_view text, std::vector<std::uint8_t>& out, std::string* error) {
  if (type == Type::Ipv6) return encode_ipv6(text, out, error);
  dhcp::OptionDef scalar;
  scalar.type = v4_type(type);
  scalar.names = names;
  scalar.array = array;
  if (arch) scalar.hook = dhcp::DecodeHook::ClientArch;  // accept "efi-x64" and the like
  if (type == Type::Fqdn) scalar.hook = dhcp::DecodeHook::DomainSearch;
  return dhcp::encode_value(scalar, text, out, error);
}

// 15, 60: each item as (u16 length, bytes); 16 prefixes the enterprise number.
bool encode_opaque_list(std::string_view text, std::vector<std::uint8_t>& out, std::string* error) {
  return split(text, ',', [&](std::string_view item) {
    item = trim(item);
    if (item.empty()) return fail(error, "empty list item", text);
    put16(out, item.size());
    out.insert(out.end(), item.begin(), item.end());
    return true;
  });
}

// One typed value of `type` (an option's value, an array item or a record field); `last`:
// nothing follows it in the option, so a variable-size type may take the rest.
bool put_typed(Type type, const FieldValue& v, bool last, std::vector<std::uint8_t>& out) {
  switch (type) {
    case Type::U8:
    case Type::U16:
    case Type::U32:
    case Type::Seconds:
    case Type::Id32:
    case Type::Centiseconds: {
      const std::size_t size = fixed_size(type);
      if (size < 4 && (v.number >> (8 * size)) != 0) return false;
      for (std::size_t i = size; i-- > 0;)
        out.push_back(static_cast<std::uint8_t>(v.number >> (8 * i)));
      return true;
    }
    case Type::Ipv6:
      if (v.bytes.size() != 16) return false;
      out.insert(out.end(), v.bytes.begin(), v.bytes.end());
      return true;
    case Type::String:
    case Type::Bytes:
    case Type::Duid:
      if (!last) return false;
      out.insert(out.end(), v.bytes.begin(), v.bytes.end());
      return true;
    default:
      return false;  // Empty has no value; Fqdn and Record have no typed form
  }
}

// The row's value from typed values, after `out`'s current end; false when they do not fit.
bool put_typed_value(const OptionDef& def, std::initializer_list<FieldValue> fields,
                     std::vector<std::uint8_t>& out) {
  switch (def.hook) {
    case Hook::OpaqueList:
    case Hook::VendorClass:
    case Hook::RelayMessage:
    case Hook::ClientFqdn:
      return false;  // a length-prefixed list or a message: written from text only
    default:
      break;
  }
  if (def.type == Type::Empty) return fields.size() == 0;
  const FieldValue* v = fields.begin();
  if (def.type == Type::Record) {
    if (fields.size() != def.record.size()) return false;
    for (std::size_t i = 0; i < def.record.size(); ++i)
      if (!put_typed(def.record[i].type, v[i], i + 1 == def.record.size(), out)) return false;
    return true;
  }
  if (def.array) {
    for (const FieldValue& item : fields)
      if (fixed_size(def.type) == 0 || !put_typed(def.type, item, false, out)) return false;
    return true;
  }
  return fields.size() == 1 && put_typed(def.type, *v, true, out);
}

}  // namespace

std::size_t begin_option(std::vector<std::uint8_t>& out, std::uint16_t code,
                         std::initializer_list<FieldValue> fields) {
  const std::size_t start = out.size();
  const OptionDef* def = find_option(code);
  put16(out, code);
  put16(out, 0);  // end_option() sets it
  if (def == nullptr || !put_typed_value(*def, fields, out)) {
    out.resize(start);
    return std::string::npos;
  }
  return start;
}

void end_option(std::vector<std::uint8_t>& out, std::size_t start) {
  if (start == std::string::npos || start + 4 > out.size()) return;
  const std::size_t length = std::min<std::size_t>(out.size() - start - 4, 0xffff);
  out[start + 2] = static_cast<std::uint8_t>(length >> 8);
  out[start + 3] = static_cast<std::uint8_t>(length);
}

bool append_typed_option(std::vector<std::uint8_t>& out, std::uint16_t code,
                         std::initializer_list<FieldValue> fields) {
  const std::size_t start = begin_option(out, code, fields);
  end_option(out, start);
  return start != std::string::npos;
}

bool encode_value(const OptionDef& def, std::string_view text, std::vector<std::uint8_t>& out,
                  std::string* error) {
  const bool arch = def.hook == Hook::ClientArch;
  switch (def.hook) {
    case Hook::OpaqueList:
      return encode_opaque_list(text, out, error);
    case Hook::VendorClass: {
      const auto comma = text.find(',');
      if (comma == std::string_view::npos)
        return fail(error, "expected ENTERPRISE,data[,data...]", text);
      return encode_one(Type::U32, {}, false, false, text.substr(0, comma), out, error) &&
             encode_opaque_list(text.substr(comma + 1), out, error);
    }
    case Hook::RelayMessage:
      return fail(error, "a relay message is built by a relay, not from config text", text);
    default:
      break;
  }
  if (def.type == Type::Record) {
    std::string_view rest = text;
    for (std::size_t i = 0; i < def.record.size(); ++i) {
      const RecordField& f = def.record[i];
      // The last field takes the rest of the text, commas included (a status message).
      const bool last = i + 1 == def.record.size();
      const auto comma = last ? std::string_view::npos : rest.find(',');
      if (!last && comma == std::string_view::npos)
        return fail(error, "too few record fields", text);
      if (!encode_one(f.type, f.names, false, f.type == Type::Fqdn, rest.substr(0, comma), out,
                      error))
        return false;
      if (!last) rest.remove_prefix(comma + 1);
    }
    return true;
  }
  if (def.array && def.type != Type::Fqdn)
    return split(text, ',', [&](std::string_view item) {
      return encode_one(def.type, def.names, arch, false, item, out, error);
    });
  return encode_one(def.type, def.names, arch, def.array, text, out, error);
}

void append_option(std::vector<std::uint8_t>& out, std::uint16_t code,
                   std::span<const std::uint8_t> value) {
  put16(out, code);
  put16(out, value.size() > 0xffff ? 0xffff : value.size());
  out.insert(out.end(), value.begin(), value.begin() + std::min<std::size_t>(value.size(), 0xffff));
}

bool encode_config_option(std::string_view text, std::uint16_t& code,
                          std::vector<std::uint8_t>& value, std::string* error) {
  const auto comma = text.find(',');
  const std::string_view name = trim(text.substr(0, comma));
  const OptionDef* def = find_option(name);
  if (!def)
    return fail(error,
                "unknown DHCPv6 option (use an option6: name such as bootfile-url, or a code)",
                name);
  code = def->code;
  value.clear();
  return encode_value(*def,
                      comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1),
                      value, error);
}

}  // namespace pxescope::dhcpv6
