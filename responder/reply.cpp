#include "responder/reply.hpp"

#include <algorithm>
#include <cstring>

#include "analyzer/dhcp/option_table.hpp"
#include "responder/reply_options.hpp"

namespace pxescope::responder {
namespace {

constexpr std::size_t kBootpMinimum = 300;  // RFC 1542: some firmware drops shorter replies

void put32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

// A small stack buffer for one option value, so encoding allocates nothing.
struct Value {
  std::array<std::uint8_t, 1024> bytes{};
  std::size_t size = 0;
  void u8(std::uint8_t v) {
    if (size < bytes.size()) bytes[size++] = v;
  }
  void u16(std::uint16_t v) {
    u8(static_cast<std::uint8_t>(v >> 8));
    u8(static_cast<std::uint8_t>(v));
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v));
  }
  void text(std::string_view s) {
    for (char c : s) u8(static_cast<std::uint8_t>(c));
  }
  void raw(std::span<const std::uint8_t> s) {
    for (std::uint8_t c : s) u8(c);
  }
  std::span<const std::uint8_t> span() const { return {bytes.data(), size}; }
};

// Every option goes out through the option table: a code the table does not define, or
// a value whose size contradicts the table's fixed-size type, is a programming error
// caught by the unit tests (the option is then left out rather than sent wrong).
void emit(std::vector<std::uint8_t>& out, dhcp::OptionSpace space, std::uint8_t code,
          std::span<const std::uint8_t> value) {
  const dhcp::OptionDef* def = dhcp::find_option(space, code);
  if (def == nullptr) return;
  const std::size_t fixed = dhcp::fixed_size(def->type);
  if (fixed != 0 && !def->array && value.size() != fixed) return;
  dhcp::append_option(out, code, value);
}

void emit_u32(std::vector<std::uint8_t>& out, std::uint8_t code, std::uint32_t v) {
  Value val;
  val.u32(v);
  emit(out, dhcp::OptionSpace::Dhcp, code, val.span());
}

// Option 43 in the PXE space, built into `sub` then emitted as one option.
void encode_pxe_vendor_options(const Reply& r, const ResponderConfig& cfg,
                               const ServerIdentity& server, std::vector<std::uint8_t>& sub,
                               std::vector<std::uint8_t>& out) {
  using dhcp::OptionSpace;
  sub.clear();
  if (r.style == OfferStyle::Menu) {
    Value v;
    v.u8(3);  // discovery control: no broadcast/multicast discovery, use the server list
    emit(sub, OptionSpace::Pxe, 6, v.span());
    v = {};
    v.u8(cfg.has_prompt ? cfg.prompt_timeout : 0);
    v.text(cfg.prompt_text);
    emit(sub, OptionSpace::Pxe, 10, v.span());
    auto item_at = [&](std::size_t i) -> const PxeService& {
      return r.synthesized_menu ? r.synthesized_item : *r.menu[i];
    };
    const std::size_t n = r.synthesized_menu ? 1 : r.menu_size;
    v = {};
    for (std::size_t i = 0; i < n; ++i) {
      const PxeService& s = item_at(i);
      if (s.type == 0) continue;  // local boot needs no server
      v.u16(s.type);
      v.u8(1);
      v.u32(s.server_ip ? s.server_ip : server.ip);
    }
    if (v.size) emit(sub, OptionSpace::Pxe, 8, v.span());
    v = {};
    for (std::size_t i = 0; i < n; ++i) {
      const PxeService& s = item_at(i);
      const std::size_t len = std::min<std::size_t>(s.menu_text.size(), 255);
      v.u16(s.type);
      v.u8(static_cast<std::uint8_t>(len));
      v.text(std::string_view(s.menu_text).substr(0, len));
    }
    emit(sub, OptionSpace::Pxe, 9, v.span());
  } else if (r.style == OfferStyle::Direct && r.message_type == 2) {
    Value v;
    v.u8(8);  // discovery control: boot the file in this offer, no discovery
    emit(sub, OptionSpace::Pxe, 6, v.span());
  }
  if (r.echo_boot_item) {
    Value v;
    v.u16(r.boot_item_type);
    v.u16(r.boot_item_layer);
    emit(sub, OptionSpace::Pxe, 71, v.span());
  }
  append_configured_options(r, cfg, OptionSpace::Pxe, sub);  // vendor:PXEClient lines
  if (sub.empty()) return;
  sub.push_back(255);
  emit(out, OptionSpace::Dhcp, 43, sub);
}

}  // namespace

void encode_reply(const Reply& r, const ResponderConfig& cfg, const ServerIdentity& server,
                  std::vector<std::uint8_t>& out) {
  out.assign(240, 0);
  std::uint8_t* h = out.data();
  h[0] = 2;  // BOOTREPLY
  h[1] = 1;
  h[2] = 6;
  put32(h + 4, r.xid);
  h[8] = static_cast<std::uint8_t>(r.secs >> 8);
  h[9] = static_cast<std::uint8_t>(r.secs);
  h[10] = static_cast<std::uint8_t>(r.flags >> 8);
  h[11] = static_cast<std::uint8_t>(r.flags);
  put32(h + 12, r.ciaddr);
  put32(h + 16, r.yiaddr);
  put32(h + 20, r.siaddr);
  put32(h + 24, r.giaddr);
  std::memcpy(h + 28, r.chaddr.data(), 6);
  std::memcpy(h + 44, r.sname.data(), std::min<std::size_t>(r.sname.size(), 63));
  // Menu and 4011-style offers name their file only in the log, never on the wire.
  const bool wire_file = r.style == OfferStyle::Direct || r.style == OfferStyle::None;
  const bool file_fits = r.file.size() <= 127;
  if (wire_file && file_fits) std::memcpy(h + 108, r.file.data(), r.file.size());
  h[236] = 0x63;
  h[237] = 0x82;
  h[238] = 0x53;
  h[239] = 0x63;

  using dhcp::OptionSpace;
  Value v;
  v.u8(r.message_type);
  emit(out, OptionSpace::Dhcp, 53, v.span());
  emit_u32(out, 54, server.ip);
  if (r.message_type != 6 && r.yiaddr != 0) {  // a full-DHCP lease
    emit_u32(out, 51, r.lease_seconds);
    if (r.lease_seconds != 0xffffffffu) {
      emit_u32(out, 58, r.lease_seconds / 2);
      emit_u32(out, 59, static_cast<std::uint32_t>(std::uint64_t{r.lease_seconds} * 7 / 8));
    }
    emit_u32(out, 1, r.netmask);
    emit_u32(out, 28, (r.yiaddr & r.netmask) | ~r.netmask);
    if (r.router) emit_u32(out, 3, r.router);
  }
  if (r.message_type != 6 && !r.vendor_class.empty()) {
    v = {};
    v.text(r.vendor_class);
    emit(out, OptionSpace::Dhcp, 60, v.span());
  }
  if (r.message_type != 6 && !r.client_guid.empty())
    emit(out, OptionSpace::Dhcp, 97, r.client_guid);
  if (r.message_type != 6 && r.style == OfferStyle::Direct && !r.file.empty()) {
    v = {};
    v.text(r.sname.empty() ? std::string_view{} : std::string_view(r.sname));
    if (v.size) emit(out, OptionSpace::Dhcp, 66, v.span());
    v = {};
    v.text(r.file);
    emit(out, OptionSpace::Dhcp, 67, v.span());
  } else if (wire_file && !file_fits && !r.file.empty()) {
    v = {};
    v.text(r.file);
    emit(out, OptionSpace::Dhcp, 67, v.span());
  }
  const bool lease = r.message_type != 6 && r.yiaddr != 0;
  // Configured options carry network settings: only with a lease (never from a proxy).
  if (lease) append_configured_options(r, cfg, OptionSpace::Dhcp, out);
  if (r.message_type != 6 && !r.vendor_class.empty() && r.vendor_class != "HTTPClient") {
    thread_local std::vector<std::uint8_t> sub;
    encode_pxe_vendor_options(r, cfg, server, sub, out);
  }
  if (r.message_type != 6 && (lease || r.ipxe_client) && !cfg.options.empty()) {
    thread_local std::vector<std::uint8_t> ipxe;  // encap:175 lines, for iPXE
    ipxe.clear();
    append_configured_options(r, cfg, OptionSpace::Ipxe, ipxe);
    if (!ipxe.empty()) emit(out, OptionSpace::Dhcp, 175, ipxe);
  }
  if (!r.relay_agent.empty()) emit(out, OptionSpace::Dhcp, 82, r.relay_agent);
  out.push_back(255);
  if (out.size() < kBootpMinimum) out.resize(kBootpMinimum, 0);
}

Destination reply_destination(const DhcpRequest& req, const Ingress& in, const Reply& reply) {
  Destination d;
  if (in.dst_port == 4011) {
    // The boot server answer goes back where the request came from (68 or 4011).
    d.mac = in.src_mac;
    d.ip = in.src_ip ? in.src_ip : req.ciaddr;
    d.port = in.src_port;
    if (d.ip == 0) {
      d.ip = 0xffffffffu;
      d.mac.fill(0xff);
      d.broadcast = true;
    }
    return d;
  }
  if (req.giaddr != 0) {  // through the relay, RFC 2131 4.1
    d.mac = in.src_mac;
    d.ip = req.giaddr;
    d.port = 67;
    return d;
  }
  if (req.ciaddr != 0 && reply.message_type != 6) {
    d.mac = req.chaddr;
    d.ip = req.ciaddr;
    return d;
  }
  if (req.broadcast_flag() || reply.yiaddr == 0 || reply.message_type == 6) {
    d.mac.fill(0xff);
    d.ip = 0xffffffffu;
    d.broadcast = true;
    return d;
  }
  d.mac = req.chaddr;
  d.ip = reply.yiaddr;
  return d;
}

}  // namespace pxescope::responder
