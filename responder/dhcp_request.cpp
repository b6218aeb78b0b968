#include "responder/dhcp_request.hpp"

#include <charconv>
#include <cstdio>

namespace pxescope::responder {
namespace {

constexpr std::size_t kBootpHeader = 236;
constexpr std::uint8_t kCookie[4] = {0x63, 0x82, 0x53, 0x63};

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}
std::uint16_t be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

// Finds PXE sub-option 71 (boot item) inside option 43.
ParseError parse_vendor_options(std::span<const std::uint8_t> v, DhcpRequest& out) {
  std::size_t i = 0;
  while (i < v.size()) {
    const std::uint8_t code = v[i];
    if (code == 255) break;
    if (code == 0) {
      ++i;
      continue;
    }
    if (i + 1 >= v.size() || i + 2 + v[i + 1] > v.size()) return ParseError::OptionOverrun;
    const std::uint8_t len = v[i + 1];
    if (code == 71) {
      if (len != 4) return ParseError::BadOptionLength;
      out.has_boot_item = true;
      out.boot_item_type = be16(&v[i + 2]);
      out.boot_item_layer = be16(&v[i + 4]);
    }
    i += 2u + len;
  }
  return ParseError::None;
}

}  // namespace

bool DhcpRequest::is_ipxe() const {
  if (has_ipxe_options) return true;
  const std::string_view text(reinterpret_cast<const char*>(user_class.data()), user_class.size());
  // iPXE sends the bare string; RFC 3004 clients prefix each instance with its length.
  return text == "iPXE" || (text.size() == 5 && text[0] == 4 && text.substr(1) == "iPXE");
}

std::string_view parse_error_text(ParseError e) {
  switch (e) {
    case ParseError::None:
      return "ok";
    case ParseError::TooShort:
      return "shorter than a BOOTP header";
    case ParseError::NotRequest:
      return "not a BOOTREQUEST";
    case ParseError::BadHardware:
      return "hardware type/length is not Ethernet/6";
    case ParseError::BadCookie:
      return "no DHCP magic cookie";
    case ParseError::OptionOverrun:
      return "an option runs past the end of the packet";
    case ParseError::NoEnd:
      return "options never reach END";
    case ParseError::BadOptionLength:
      return "an option has an impossible length";
    case ParseError::BadLength:
      return "IPv4/UDP lengths do not match the frame";
    case ParseError::BadIpChecksum:
      return "bad IPv4 header checksum";
    case ParseError::BadUdpChecksum:
      return "bad UDP checksum";
    case ParseError::BadRelayAddress:
      return "relay address (giaddr) is not a unicast address";
    case ParseError::TooLong:
      return "frame longer than 2048 bytes";
  }
  return "?";
}

ParseError parse_dhcp_request(std::span<const std::uint8_t> p, DhcpRequest& out) {
  out = DhcpRequest{};
  if (p.size() < kBootpHeader + 4) return ParseError::TooShort;
  out.op = p[0];
  out.htype = p[1];
  out.hlen = p[2];
  out.hops = p[3];
  out.xid = be32(&p[4]);
  out.secs = be16(&p[8]);
  out.flags = be16(&p[10]);
  out.ciaddr = be32(&p[12]);
  out.yiaddr = be32(&p[16]);
  out.siaddr = be32(&p[20]);
  out.giaddr = be32(&p[24]);
  for (int i = 0; i < 6; ++i) out.chaddr[i] = p[28 + i];
  if (out.op != 1) return ParseError::NotRequest;
  if (out.htype != 1 || out.hlen != 6) return ParseError::BadHardware;
  for (int i = 0; i < 4; ++i)
    if (p[kBootpHeader + i] != kCookie[i]) return ParseError::BadCookie;

  std::size_t i = kBootpHeader + 4;
  bool saw_end = false;
  while (i < p.size()) {
    const std::uint8_t code = p[i];
    if (code == 255) {
      saw_end = true;
      break;
    }
    if (code == 0) {
      ++i;
      continue;
    }
    if (i + 1 >= p.size()) return ParseError::OptionOverrun;
    const std::size_t len = p[i + 1];
    if (i + 2 + len > p.size()) return ParseError::OptionOverrun;
    const std::span<const std::uint8_t> v = p.subspan(i + 2, len);
    // A second instance of an option is, by RFC 3396, a continuation of the first: for
    // these one-value options that makes an impossible length (pxeload's "53 twice"
    // garbage). 60/43 split across instances are not joined either: no PXE ROM splits them.
    const bool once_only = code == 53 || code == 60 || code == 93 || code == 94 || code == 97 ||
                           code == 54 || code == 50 || code == 57 || code == 43;
    if (once_only && out.has_option(code)) return ParseError::BadOptionLength;
    out.present[code >> 6] |= std::uint64_t{1} << (code & 63);
    switch (code) {
      case 53:
        if (len != 1 || v[0] == 0) return ParseError::BadOptionLength;
        out.message_type = v[0];
        break;
      case 60:
        out.vendor_class = {reinterpret_cast<const char*>(v.data()), v.size()};
        break;
      case 93:
        if (len < 2 || len % 2 != 0) return ParseError::BadOptionLength;
        out.has_arch = true;
        out.arch = be16(v.data());
        break;
      case 94:
        if (len != 3) return ParseError::BadOptionLength;
        break;
      case 97:
        // Type 0 + a 16-byte GUID (PXE); anything else is not something we can echo.
        if (len != 17) return ParseError::BadOptionLength;
        out.client_guid = v;
        break;
      case 77:
        out.user_class = v;
        break;
      case 55:
        out.request_list = v;
        break;
      case 82:
        out.relay_agent = v;
        break;
      case 61:
        out.client_id = v;
        break;
      case 175:
        out.has_ipxe_options = true;
        break;
      case 43:
        if (ParseError e = parse_vendor_options(v, out); e != ParseError::None) return e;
        break;
      case 54:
        if (len != 4) return ParseError::BadOptionLength;
        out.server_id = be32(v.data());
        break;
      case 50:
        if (len != 4) return ParseError::BadOptionLength;
        out.requested_ip = be32(v.data());
        break;
      case 57:
        if (len != 2) return ParseError::BadOptionLength;
        out.max_message_size = be16(v.data());
        break;
      case 52:
        // Option overload would move options into file/sname; no PXE client does it, and
        // a request that asks for it is not one we can answer reliably.
        return ParseError::BadOptionLength;
      default:
        break;
    }
    i += 2 + len;
  }
  if (!saw_end) return ParseError::NoEnd;
  return ParseError::None;
}

std::string format_mac(const MacAddress& mac) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                mac[4], mac[5]);
  return buf;
}

std::string format_ipv4(std::uint32_t a) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
  return buf;
}

bool parse_ipv4(std::string_view text, std::uint32_t& out) {
  std::uint32_t value = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int part = 0; part < 4; ++part) {
    unsigned octet = 0;
    auto [next, ec] = std::from_chars(p, end, octet);
    if (ec != std::errc{} || next == p || octet > 255 || next - p > 3) return false;
    value = (value << 8) | octet;
    p = next;
    if (part < 3) {
      if (p == end || *p != '.') return false;
      ++p;
    }
  }
  if (p != end) return false;
  out = value;
  return true;
}

bool parse_mac(std::string_view text, MacAddress& out) {
  if (text.size() != 17) return false;
  for (int i = 0; i < 6; ++i) {
    if (i > 0 && text[i * 3 - 1] != ':' && text[i * 3 - 1] != '-') return false;
    unsigned byte = 0;
    auto [next, ec] = std::from_chars(text.data() + i * 3, text.data() + i * 3 + 2, byte, 16);
    if (ec != std::errc{} || next != text.data() + i * 3 + 2) return false;
    out[i] = static_cast<std::uint8_t>(byte);
  }
  return true;
}

}  // namespace pxescope::responder
