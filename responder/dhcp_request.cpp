#include "responder/dhcp_request.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "analyzer/dhcp/message_view.hpp"

namespace pxescope::responder {

using namespace dhcp;  // the option codes and the read model

namespace {

std::uint16_t be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

// Finds PXE sub-option 71 (boot item) inside option 43.
ParseError parse_vendor_options(std::span<const std::uint8_t> v, DhcpRequest& out) {
  ParseError error = ParseError::None;
  const bool whole = walk_suboptions(v, [&](std::uint8_t code, std::span<const std::uint8_t> sub) {
    if (code != kPxeBootItem) return true;
    if (sub.size() != 4) {
      error = ParseError::BadOptionLength;
      return false;
    }
    out.has_boot_item = true;
    out.boot_item_type = be16(&sub[0]);
    out.boot_item_layer = be16(&sub[2]);
    return true;
  });
  return whole ? error : ParseError::OptionOverrun;
}

// What the responder refuses in an option the read model located (its policy, stricter
// than the analyzer's): a size its format does not allow; a one-value option sent twice
// (RFC 3396 joins pieces of long values; pxeload's "53 twice" is a broken client, not a
// split); option overload, which no PXE client uses and a reply could not mirror.
ParseError check_option(const LocatedOption& o) {
  if (o.code == kOptOverload) return ParseError::BadOptionLength;
  if (o.split && fixed_size_option(o.code)) return ParseError::BadOptionLength;
  if (!option_length_ok(o.code, o.value.size())) return ParseError::BadOptionLength;
  if (o.code == kOptMessageType && o.value[0] == 0) return ParseError::BadOptionLength;
  return ParseError::None;
}

// Copies a located option's value into the typed request.
ParseError take_option(const LocatedOption& o, DhcpRequest& out) {
  const auto v = o.value;
  switch (o.code) {
    case kOptMessageType:
      out.message_type = v[0];
      break;
    case kOptVendorClass:
      out.vendor_class = {reinterpret_cast<const char*>(v.data()), v.size()};
      break;
    case kOptClientArch:
      out.has_arch = true;
      out.arch = static_cast<std::uint16_t>(read_first_arch(v));
      break;
    case kOptClientGuid:
      out.client_guid = v;  // type 0 + a 16-byte GUID (PXE), echoed verbatim
      break;
    case kOptUserClass:
      out.user_class = v;
      break;
    case kOptParameterRequestList:
      out.request_list = v;
      break;
    case kOptRelayAgentInfo:
      out.relay_agent = v;
      break;
    case kOptClientId:
      out.client_id = v;
      break;
    case kOptEtherboot:
      out.has_ipxe_options = true;
      break;
    case kOptVendorSpecific:
      return parse_vendor_options(v, out);
    case kOptServerId:
      out.server_id = read_address(v);
      break;
    case kOptRequestedAddress:
      out.requested_ip = read_address(v);
      break;
    case kOptMaxMessageSize:
      out.max_message_size = read_u16(v);
      break;
    default:
      break;
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
  if (p.size() < kOptionsStart) return ParseError::TooShort;
  // The read model, reused: no allocation once warm (the offer fast path).
  thread_local MessageView view;
  view.parse(p);
  out.op = view.op();
  out.htype = view.htype();
  out.hlen = view.hlen();
  out.hops = view.hops();
  out.xid = view.xid();
  out.secs = view.secs();
  out.flags = view.flags();
  out.ciaddr = view.ciaddr();
  out.yiaddr = view.yiaddr();
  out.siaddr = view.siaddr();
  out.giaddr = view.giaddr();
  std::copy_n(view.chaddr6(), 6, out.chaddr.begin());
  if (out.op != kBootRequest) return ParseError::NotRequest;
  if (out.htype != 1 || out.hlen != 6) return ParseError::BadHardware;
  if (!view.has_cookie()) return ParseError::BadCookie;

  // In wire order, as a walk would meet them: the first fault of a located option (whose
  // pieces the model has joined), unless a cut option comes before it.
  const std::uint32_t cut_at = view.scan().first_cut;
  ParseError error = ParseError::None;
  view.for_each_option([&](const LocatedOption& o) {
    if (o.first >= cut_at) {
      error = ParseError::OptionOverrun;
    } else {
      error = check_option(o);
      if (error == ParseError::None) error = take_option(o, out);
    }
    return error == ParseError::None;
  });
  if (error != ParseError::None) return error;
  if (view.has_cut_option()) return ParseError::OptionOverrun;
  if (!view.scan().end_in_options) return ParseError::NoEnd;
  out.present = view.present();
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
