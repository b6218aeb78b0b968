// The few options a type alone cannot describe. Each hook decodes one option's value
// under its option node; everything else is generic (dhcp_decode.cpp).
#include "analyzer/dhcp/dhcp_decode.hpp"

namespace pxescope::dhcp {

namespace {

void request_list(Decoder& d, NodeId opt, const OptionDef& def, const ValueView& v) {
  if (v.size() == 0) d.warnf(opt, Severity::Warn, {"Parameter Request List is empty"});
  // Each line, "Parameter Request List Item: (3) Router", is the registry's default.
  for (std::size_t i = 0; i < v.size(); ++i)
    d.tree.set_uint(d.add(opt, def.field, v, i, 1), v.data[i]);
}

// Parses a fixed-width decimal field; -1 if not all digits.
int parse_digits(std::string_view s) {
  if (s.empty()) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// 60: the string, then PXEClient/HTTPClient:Arch:xxxxx:UNDI:yyyzzz split into children.
void vendor_class(Decoder& d, NodeId opt, const OptionDef& def, const ValueView& v) {
  if (v.size() == 0) {
    d.warnf(opt, Severity::Warn, {"Vendor class identifier is empty"});
    return;
  }
  const NodeId str =
      d.add_typed(opt, def.field, def.label, ValueType::String, {}, false, v, 0, v.size());
  d.facts.vendor_class_node = str;
  const std::string_view s = stringz(v.data);
  std::string_view client;
  if (s.starts_with("PXEClient"))
    client = "PXEClient";
  else if (s.starts_with("HTTPClient"))
    client = "HTTPClient";
  else
    return;
  const NodeId c = d.add(str, "dhcp.option.vendor_class_id.pxe.client", v, 0, client.size());
  d.tree.set_string(c, client);
  TextBuf& t = d.text();
  t.assign("Client: ");
  t += client;
  d.tree.set_text(c, t);
  std::string_view rest = s.substr(client.size());
  if (rest.empty()) return;  // plain "PXEClient" (servers send this)
  // Expected ":Arch:xxxxx:UNDI:yyyzzz" (PXE 2.1 section 2.2.5); extra ":..." parts are allowed.
  const std::size_t arch_at = client.size() + 6;
  if (!rest.starts_with(":Arch:") || rest.size() < 11) {
    d.warnf(str, Severity::Warn,
            {"vendor class starts with ", client, " but does not follow ", client,
             ":Arch:xxxxx:UNDI:yyyzzz"});
    return;
  }
  const int arch = parse_digits(s.substr(arch_at, 5));
  if (arch < 0 || arch > 0xffff) {
    d.warnf(str, Severity::Warn, {"Arch field is not 5 decimal digits"});
    return;
  }
  const NodeId a = d.add(str, "dhcp.option.vendor_class_id.pxe.arch", v, arch_at, 5);
  d.tree.set_uint(a, static_cast<std::uint64_t>(arch));
  t.assign("Arch: ");
  t += arch_name(static_cast<std::uint16_t>(arch));
  t += " (";
  append_uint(t, static_cast<std::uint64_t>(arch));
  t += ')';
  d.tree.set_text(a, t);
  d.facts.vci_arch = arch;
  rest = s.substr(arch_at + 5);
  if (rest.empty()) return;
  if (!rest.starts_with(":UNDI:") || rest.size() < 12) {
    d.warnf(str, Severity::Warn, {"after Arch, expected :UNDI:yyyzzz"});
    return;
  }
  const std::size_t undi_at = arch_at + 5 + 6;
  const int major = parse_digits(s.substr(undi_at, 3));
  const int minor = parse_digits(s.substr(undi_at + 3, 3));
  if (major < 0 || minor < 0) {
    d.warnf(str, Severity::Warn, {"UNDI field is not 6 decimal digits"});
    return;
  }
  const NodeId ma = d.add(str, "dhcp.option.vendor_class_id.pxe.undi_major", v, undi_at, 3);
  d.tree.set_uint(ma, static_cast<std::uint64_t>(major));
  t.assign("UNDI Major Version: ");
  append_uint(t, static_cast<std::uint64_t>(major));
  d.tree.set_text(ma, t);
  const NodeId mi = d.add(str, "dhcp.option.vendor_class_id.pxe.undi_minor", v, undi_at + 3, 3);
  d.tree.set_uint(mi, static_cast<std::uint64_t>(minor));
  t.assign("UNDI Minor Version: ");
  append_uint(t, static_cast<std::uint64_t>(minor));
  d.tree.set_text(mi, t);
  d.facts.vci_undi_major = major;
  d.facts.vci_undi_minor = minor;
}

// 61: hardware type + address (type 1, 6 bytes: tshark's dhcp.hw.*), or type + opaque id.
void client_id(Decoder& d, NodeId opt, const ValueView& v) {
  if (v.size() < 2) {
    d.warnf(opt, Severity::Warn, {"Client identifier must be at least 2 bytes (type + id)"});
    if (v.size())
      d.add_typed(opt, "dhcp.option.value", "Value", ValueType::Bytes, {}, false, v, 0, v.size());
    return;
  }
  const std::uint8_t type = v.data[0];
  if (type == 1 && v.size() == 7) {
    static constexpr ValueName kEthernet[] = {{1, "Ethernet"}};
    d.add_typed(opt, "dhcp.hw.type", "Hardware type", ValueType::U8, kEthernet, true, v, 0, 1);
    const NodeId m = d.add(opt, "dhcp.hw.mac_addr", v, 1, 6);
    TextBuf& s = d.value();
    s.clear();
    append_mac(s, v.data.subspan(1, 6));
    d.tree.set_string(m, s);
    TextBuf& t = d.text();
    t.assign("Client MAC address: ");
    t += s;
    d.tree.set_text(m, t);
    return;
  }
  d.add_typed(opt, "dhcp.client_id.type", "Type", ValueType::U8, {}, false, v, 0, 1);
  if (type == 255 && v.size() >= 5) {  // RFC 4361: IAID + DUID
    d.add_typed(opt, "dhcp.client_id.iaid", "IAID", ValueType::Bytes, {}, false, v, 1, 4);
    if (v.size() > 5)
      d.add_typed(opt, "dhcp.client_id", "DUID", ValueType::Bytes, {}, false, v, 5, v.size() - 5);
    return;
  }
  d.add_typed(opt, "dhcp.client_id", "Identifier", ValueType::Bytes, {}, false, v, 1, v.size() - 1);
}

// 77: RFC 3004 length-prefixed instances; iPXE sends its name raw ("iPXE"): note it.
void user_class(Decoder& d, NodeId opt, const OptionDef& def, const ValueView& v) {
  if (v.size() == 0) {
    d.warnf(opt, Severity::Warn, {"User Class Information is empty"});
    return;
  }
  // RFC 3004 only if every instance is non-empty and they tile the value exactly.
  std::size_t i = 0;
  while (i < v.size() && v.data[i] != 0 && i + 1 + v.data[i] <= v.size()) i += 1 + v.data[i];
  if (i != v.size()) {
    const NodeId n = d.add_typed(opt, def.field, "User Class Data (Text)", ValueType::String, {},
                                 false, v, 0, v.size());
    d.warnf(n, Severity::Note,
            {"Non standard compliant option data: not RFC 3004 length-prefixed instances "
             "(iPXE sends its name raw)"});
    return;
  }
  TextBuf& t = d.text();
  std::uint64_t index = 0;
  for (i = 0; i < v.size(); i += 1 + v.data[i], ++index) {
    const std::size_t len = v.data[i];
    const NodeId inst = d.add(opt, "dhcp.option.user_class", v, i, 1 + len);
    d.tree.set_uint(inst, index);
    t.assign("Instance of User Class: [");
    append_uint(t, index);
    t += ']';
    d.tree.set_text(inst, t);
    d.add_typed(inst, "dhcp.option.user_class.length", "User Class Length", ValueType::U8, {},
                false, v, i, 1);
    d.add_typed(inst, "dhcp.option.user_class.data", "User Class Data", ValueType::Bytes, {}, false,
                v, i + 1, len);
  }
}

void client_arch(Decoder& d, NodeId opt, const OptionDef& def, const ValueView& v) {
  OptionDef plain = def;
  plain.hook = DecodeHook::None;
  d.decode_value(opt, &plain, v, "dhcp.option.value");
  bool ambiguous = false;
  for (std::size_t i = 0; i + 2 <= v.size(); i += 2) {
    const std::uint16_t a = be16(v.data.data() + i);
    if (i == 0) d.facts.arch93 = a;
    ambiguous = ambiguous || a == 7 || a == 9;
  }
  if (ambiguous)
    d.warnf(opt, Severity::Note,
            {"7/9 ambiguity: RFC 4578 listed 7 = EFI BC and 9 = EFI x86-64; IANA (erratum 4624) "
             "has 7 = x64 UEFI and 9 = EBC. x64 UEFI firmware sends 7, some older sends 9"});
}

// 97: type 0 + 16-byte GUID, shown like tshark (first three fields little-endian).
void client_guid(Decoder& d, NodeId opt, const OptionDef& def, const ValueView& v) {
  std::size_t at = 0;
  if (v.size() == 17) {
    d.add_typed(opt, "dhcp.client_id.uuid_type", "Type", ValueType::U8, {}, false, v, 0, 1);
    if (v.data[0] != 0) d.warnf(opt, Severity::Warn, {"UUID/GUID type must be 0"});
    at = 1;
  } else if (v.size() == 16) {
    d.warnf(opt, Severity::Warn,
            {"UUID/GUID client identifier is 16 bytes: the type byte (0) is missing"});
  } else {
    d.warnf(opt, Severity::Warn,
            {"UUID/GUID client identifier must be 17 bytes (type 0 + 16-byte GUID)"});
    if (v.size())
      d.add_typed(opt, "dhcp.option.value", "Value", ValueType::Bytes, {}, false, v, 0, v.size());
    return;
  }
  const NodeId n = d.add(opt, def.field, v, at, 16);
  TextBuf& s = d.value();
  s.clear();
  append_guid(s, v.data.data() + at);
  d.tree.set_string(n, s);
  TextBuf& t = d.text();
  t.assign("Client Identifier (UUID): ");
  t += s;
  d.tree.set_text(n, t);
}

// 43: PXE sub-options when option 60 says PXEClient, else opaque bytes.
bool vendor_specific(Decoder& d, NodeId opt, const ValueView& v) {
  if (!d.facts.pxe_vendor) return false;
  d.title_suffix = " (PXEClient)";
  d.decode_suboptions(opt, OptionSpace::Pxe, v);
  return true;
}

void discovery_control(Decoder& d, NodeId opt, const OptionDef& def, const ValueView& v) {
  if (v.size() != 1) {
    d.warnf(opt, Severity::Warn, {"PXE discovery control must be 1 byte"});
    if (v.size() == 0) return;
  }
  const std::uint8_t bits = v.data[0];
  const NodeId n = d.add(opt, def.field, v, 0, 1);
  d.tree.set_uint(n, bits);
  struct Bit {
    std::uint8_t mask;
    std::string_view field, label, pattern;
  };
  static constexpr Bit kBits[] = {
      {1, "dhcp.option.vendor.pxeclient.discovery_control.broadcast", "Disable Broadcast",
       ".... ...X = "},
      {2, "dhcp.option.vendor.pxeclient.discovery_control.multicast", "Disable Multicast",
       ".... ..X. = "},
      {4, "dhcp.option.vendor.pxeclient.discovery_control.serverlist", "Serverlist only",
       ".... .X.. = "},
      {8, "dhcp.option.vendor.pxeclient.discovery_control.bstrap", "Bootstrap override",
       ".... X... = "},
  };
  TextBuf& t = d.text();
  t.assign("discovery control: ");
  append_hex(t, bits, 2);
  for (const auto& b : kBits)
    if (bits & b.mask) {
      t += ", ";
      t += b.label;
    }
  d.tree.set_text(n, t);
  for (const auto& b : kBits) {
    const NodeId c = d.add(n, b.field, v, 0, 1);
    d.tree.set_bool(c, bits & b.mask);
    t.assign(b.pattern);
    t[b.pattern.find('X')] = (bits & b.mask) ? '1' : '0';
    t += b.label;
    t += (bits & b.mask) ? ": Set" : ": Not set";
    d.tree.set_text(c, t);
  }
  if (bits & 0xf0) d.warnf(n, Severity::Warn, {"reserved bits 4-7 are set"});
}

// The PXE boot server type (u16) that starts every 43.8 and 43.9 entry: "Type: <name> (N)".
void add_server_type(Decoder& d, NodeId parent, std::string_view field, const ValueView& v,
                     std::size_t at) {
  const std::uint16_t type = be16(v.data.data() + at);
  const NodeId ty = d.add(parent, field, v, at, 2);
  d.tree.set_uint(ty, type);
  TextBuf& t = d.text();
  t.assign("Type: ");
  t += pxe_server_type_name(type);
  t += " (";
  append_uint(t, type);
  t += ')';
  d.tree.set_text(ty, t);
}

// pxe 8: list of {type u16, count u8, count x IPv4}.
void boot_servers(Decoder& d, NodeId opt, const OptionDef& def, const ValueView& v) {
  if (v.size() == 0) {
    d.warnf(opt, Severity::Warn, {"PXE boot servers is empty"});
    return;
  }
  const NodeId n =
      d.add_typed(opt, def.field, "boot servers", ValueType::Bytes, {}, false, v, 0, v.size());
  std::size_t i = 0;
  while (i < v.size()) {
    if (i + 3 > v.size()) {
      d.warnf(n, Severity::Warn, {"boot server entry truncated (needs type, count, IPs)"});
      break;
    }
    add_server_type(d, n, "dhcp.option.vendor.pxeclient.boot_servers.type", v, i);
    const std::uint8_t count = v.data[i + 2];
    d.add_typed(n, "dhcp.option.vendor.pxeclient.boot_servers.count", "IP count", ValueType::U8, {},
                false, v, i + 2, 1);
    i += 3;
    for (std::uint8_t k = 0; k < count; ++k, i += 4) {
      if (i + 4 > v.size()) {
        d.warnf(n, Severity::Warn, {"boot server IP list shorter than its count"});
        i = v.size();
        break;
      }
      d.add_typed(n, "dhcp.option.vendor.pxeclient.boot_servers.ip", "IP", ValueType::Ipv4, {},
                  false, v, i, 4);
    }
  }
}

// pxe 9: list of {type u16, len u8, description}.
void boot_menu(Decoder& d, NodeId opt, const OptionDef& def, const ValueView& v) {
  if (v.size() == 0) {
    d.warnf(opt, Severity::Warn, {"PXE boot menu is empty"});
    return;
  }
  const NodeId n =
      d.add_typed(opt, def.field, "boot menu", ValueType::Bytes, {}, false, v, 0, v.size());
  std::size_t i = 0;
  while (i < v.size()) {
    if (i + 3 > v.size()) {
      d.warnf(n, Severity::Warn, {"boot menu entry truncated (needs type, length, text)"});
      break;
    }
    add_server_type(d, n, "dhcp.option.vendor.pxeclient.boot_menu.type", v, i);
    std::size_t len = v.data[i + 2];
    d.add_typed(n, "dhcp.option.vendor.pxeclient.boot_menu.length", "Length", ValueType::U8, {},
                false, v, i + 2, 1);
    i += 3;
    if (i + len > v.size()) {
      d.warnf(n, Severity::Warn, {"boot menu description runs past the end of the sub-option"});
      len = v.size() - i;
    }
    if (len)
      d.add_typed(n, "dhcp.option.vendor.pxeclient.boot_menu.desc", "Description",
                  ValueType::String, {}, false, v, i, len);
    i += len;
  }
}

// A list of RFC 1035 names (119, and 120 with encoding 0): one node `field` each, with
// text "`label`: name"; compression pointers are offsets into the (joined) value.
void rfc1035_names(Decoder& d, NodeId opt, std::string_view option_label, std::string_view field,
                   std::string_view label, const ValueView& v) {
  TextBuf& name = d.value();
  std::size_t i = 0;
  while (i < v.size()) {
    const std::size_t start = i;
    name.clear();
    std::size_t pos = i, end_of_name = 0, hops = 0;
    bool jumped = false, ok = true;
    while (true) {
      if (pos >= v.size()) {
        ok = false;
        break;
      }
      const std::uint8_t len = v.data[pos];
      if (len == 0) {
        if (!jumped) end_of_name = pos + 1;
        break;
      }
      if ((len & 0xc0) == 0xc0) {
        if (pos + 1 >= v.size() || ++hops > 32) {
          ok = false;
          break;
        }
        if (!jumped) end_of_name = pos + 2;
        jumped = true;
        pos = static_cast<std::size_t>((len & 0x3f) << 8 | v.data[pos + 1]);
        continue;
      }
      if ((len & 0xc0) || pos + 1 + len > v.size()) {
        ok = false;
        break;
      }
      if (!name.empty()) name.push_back('.');
      name.append(stringz(v.data.subspan(pos + 1, len)));
      pos += 1 + len;
    }
    if (!ok) {
      d.warnf(opt, Severity::Warn, {option_label, ": malformed name (RFC 1035 encoding)"});
      return;
    }
    const NodeId n = d.add(opt, field, v, start, end_of_name - start);
    d.tree.set_string(n, name);
    TextBuf& t = d.text();
    t.assign(label);
    t += ": ";
    t += name;
    d.tree.set_text(n, t);
    i = end_of_name;
  }
}

void domain_search(Decoder& d, NodeId opt, const OptionDef& def, const ValueView& v) {
  rfc1035_names(d, opt, "Domain Search", def.field, "FQDN", v);
}

// 120 (RFC 3361): an encoding byte, then names (0) or IPv4 addresses (1), as tshark shows.
void sip_servers(Decoder& d, NodeId opt, const OptionDef& def, const ValueView& v) {
  if (v.size() == 0) {
    d.warnf(opt, Severity::Warn, {"SIP Servers: no encoding byte"});
    return;
  }
  d.add_typed(opt, "dhcp.option.sip_server.encoding", "SIP Server Encoding", ValueType::U8,
              def.names, false, v, 0, 1);
  const ValueView rest = v.sub(1, v.size() - 1);
  if (v.data[0] == 0)
    return rfc1035_names(d, opt, "SIP Servers", "dhcp.option.sip_server.name", "SIP Server Name",
                         rest);
  if (v.data[0] != 1 || rest.size() % 4 != 0) {
    d.warnf(opt, Severity::Warn,
            {"SIP Servers: RFC 3361 defines only encoding 0 (names) and 1 (IPv4 addresses, 4 bytes "
             "each)"});
    return;
  }
  for (std::size_t i = 0; i < rest.size(); i += 4)
    d.add_typed(opt, "dhcp.option.sip_server.address", "SIP Server Address", ValueType::Ipv4, {},
                false, rest, i, 4);
}

// 121: routes of {mask width, ceil(width/8) subnet bytes, router}; tshark shows each route's
// bytes as the value and "a.b.c.d/w-router" as text.
void classless_routes(Decoder& d, NodeId opt, const OptionDef& def, const ValueView& v) {
  std::size_t i = 0;
  while (i < v.size()) {
    const std::uint8_t width = v.data[i];
    if (width > 32) {
      d.warnf(opt, Severity::Warn, {"Classless Static Route: mask width over 32"});
      return;
    }
    const std::size_t sig = (width + 7u) / 8u;
    if (i + 1 + sig + 4 > v.size()) {
      d.warnf(opt, Severity::Warn, {"Classless Static Route: route entry truncated"});
      return;
    }
    std::uint8_t subnet[4] = {0, 0, 0, 0};
    for (std::size_t k = 0; k < sig; ++k) subnet[k] = v.data[i + 1 + k];
    const std::size_t len = 1 + sig + 4;
    const NodeId n = d.add(opt, def.field, v, i, len);
    TextBuf& s = d.value();
    s.clear();
    append_colon_hex(s, v.data.subspan(i, len));
    d.tree.set_string(n, s);
    TextBuf& t = d.text();
    t.assign("Subnet/MaskWidth-Router: ");
    if (width == 0) {
      t += "default";
    } else {
      append_ipv4(t, subnet);
      t += '/';
      append_uint(t, width);
    }
    t += '-';
    append_ipv4(t, v.data.data() + i + 1 + sig);
    d.tree.set_text(n, t);
    i += len;
  }
}

}  // namespace

bool run_hook(Decoder& d, NodeId opt, const OptionDef& def, const ValueView& v) {
  switch (def.hook) {
    case DecodeHook::RequestList:
      request_list(d, opt, def, v);
      return true;
    case DecodeHook::DomainSearch:
      domain_search(d, opt, def, v);
      return true;
    case DecodeHook::ClasslessRoutes:
      classless_routes(d, opt, def, v);
      return true;
    case DecodeHook::SipServers:
      sip_servers(d, opt, def, v);
      return true;
    case DecodeHook::VendorClass:
      vendor_class(d, opt, def, v);
      return true;
    case DecodeHook::ClientId:
      client_id(d, opt, v);
      return true;
    case DecodeHook::UserClass:
      user_class(d, opt, def, v);
      return true;
    case DecodeHook::ClientArch:
      client_arch(d, opt, def, v);
      return true;
    case DecodeHook::ClientGuid:
      client_guid(d, opt, def, v);
      return true;
    case DecodeHook::VendorSpecific:
      return vendor_specific(d, opt, v);
    case DecodeHook::PxeDiscoveryControl:
      discovery_control(d, opt, def, v);
      return true;
    case DecodeHook::PxeBootServers:
      boot_servers(d, opt, def, v);
      return true;
    case DecodeHook::PxeBootMenu:
      boot_menu(d, opt, def, v);
      return true;
    case DecodeHook::None:
      break;
  }
  return false;
}

}  // namespace pxescope::dhcp
