#include "responder/reply.hpp"

#include <algorithm>
#include <cstring>

#include "analyzer/dhcp/option_scan.hpp"
#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/dhcp/option_writer.hpp"
#include "responder/reply_options.hpp"

namespace pxescope::responder {
namespace {

constexpr std::size_t kBootpMinimum = 300;  // RFC 1542: some firmware drops shorter replies
// An Ethernet frame's IPv4/UDP payload: the reply buffer's fixed capacity. An option that
// would not fit is left out whole (the End option always fits).
constexpr std::size_t kMaxPayload = 1500 - 20 - 8;
constexpr std::size_t kOptionsStart = 240;  // after the BOOTP header and the magic cookie

void put32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

std::span<const std::uint8_t> as_bytes(std::uint16_t v, std::array<std::uint8_t, 2>& storage) {
  storage = {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
  return storage;
}

// PXE sub-options 8 and 9 from the menu this reply offers.
void write_pxe_menu(const Reply& r, const ServerIdentity& server, dhcp::OptionWriter& pxe) {
  auto item_at = [&](std::size_t i) -> const PxeService& {
    return r.synthesized_menu ? r.synthesized_item : *r.menu[i];
  };
  const std::size_t n = r.synthesized_menu ? 1 : r.menu_size;
  std::array<dhcp::PxeBootServer, 16> servers;
  std::array<dhcp::PxeMenuItem, 16> items;
  std::size_t server_count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const PxeService& s = item_at(i);
    items[i] = {s.type, s.menu_text};
    if (s.type == 0) continue;  // local boot needs no server
    servers[server_count++] = {s.type, s.server_ip ? s.server_ip : server.ip};
  }
  if (server_count) pxe.pxe_boot_servers(std::span(servers).first(server_count));
  pxe.pxe_boot_menu(std::span(items).first(n));
}

// Option 43 in the PXE space: its sub-options written into a stack buffer, then the
// whole as one option (split by the writer if it grows past 255 bytes).
void write_pxe_vendor_options(const Reply& r, const ResponderConfig& cfg,
                              const ServerIdentity& server, dhcp::OptionWriter& out) {
  using dhcp::OptionSpace;
  using namespace dhcp;  // the named option codes (option_codes.hpp)
  constexpr std::uint8_t kUseServerList = 3;  // no broadcast/multicast discovery
  constexpr std::uint8_t kBootThisFile = 8;   // boot the file in this offer, no discovery
  std::array<std::uint8_t, kMaxPayload> buffer;
  dhcp::OptionWriter pxe(buffer);
  if (r.style == OfferStyle::Menu) {
    pxe.number(OptionSpace::Pxe, kPxeDiscoveryControl, kUseServerList);
    pxe.record(OptionSpace::Pxe, kPxeMenuPrompt,
               {cfg.has_prompt ? cfg.prompt_timeout : 0u, std::string_view(cfg.prompt_text)});
    write_pxe_menu(r, server, pxe);
  } else if (r.style == OfferStyle::Direct && r.message_type == dhcp::kMsgOffer) {
    pxe.number(OptionSpace::Pxe, kPxeDiscoveryControl, kBootThisFile);
  }
  if (r.echo_boot_item) {
    std::array<std::uint8_t, 2> layer;
    pxe.record(OptionSpace::Pxe, kPxeBootItem,
               {r.boot_item_type, as_bytes(r.boot_item_layer, layer)});
  }
  append_configured_options(r, cfg, OptionSpace::Pxe, pxe);  // vendor:PXEClient lines
  if (pxe.empty()) return;
  pxe.end();
  out.bytes(OptionSpace::Dhcp, dhcp::kOptVendorSpecific, pxe.written());
}

bool is_router(std::uint8_t code) {
  return code == dhcp::kOptRouter;
}
bool is_not_router(std::uint8_t code) {
  return code != dhcp::kOptRouter;
}

// The BOOTP header (RFC 951/2131) and the magic cookie.
void write_header(const Reply& r, bool wire_file, std::uint8_t* h) {
  std::memset(h, 0, kOptionsStart);
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
  if (wire_file) std::memcpy(h + 108, r.file.data(), r.file.size());
  std::copy(std::begin(dhcp::kMagicCookie), std::end(dhcp::kMagicCookie), h + 236);
}

}  // namespace

void encode_reply(const Reply& r, const ResponderConfig& cfg, const ServerIdentity& server,
                  std::vector<std::uint8_t>& out) {
  using dhcp::OptionSpace;
  using namespace dhcp;  // the named option codes (option_codes.hpp)
  out.resize(kMaxPayload);  // the capacity stays from the first reply: no allocation
  // Menu and 4011-style offers name their file only in the log, never on the wire.
  const bool wire_file = r.style == OfferStyle::Direct || r.style == OfferStyle::None;
  const bool file_fits = r.file.size() <= 127;
  write_header(r, wire_file && file_fits, out.data());

  dhcp::OptionWriter w(out, kOptionsStart);
  const bool nak = r.message_type == dhcp::kMsgNak;
  const bool lease = !nak && r.yiaddr != 0;  // a full-DHCP lease
  w.number(OptionSpace::Dhcp, kOptMessageType, r.message_type);
  w.number(OptionSpace::Dhcp, kOptServerId, server.ip);
  if (lease) {
    w.number(OptionSpace::Dhcp, kOptLeaseTime, r.lease_seconds);
    if (r.lease_seconds != 0xffffffffu) {
      w.number(OptionSpace::Dhcp, kOptRenewalTime, r.lease_seconds / 2);
      w.number(OptionSpace::Dhcp, kOptRebindingTime,
               static_cast<std::uint32_t>(std::uint64_t{r.lease_seconds} * 7 / 8));
    }
    w.number(OptionSpace::Dhcp, kOptSubnetMask, r.netmask);
    w.number(OptionSpace::Dhcp, kOptBroadcastAddress, (r.yiaddr & r.netmask) | ~r.netmask);
    // The router goes with the lease's network settings, where replies always had it.
    append_configured_options(r, cfg, OptionSpace::Dhcp, w, is_router);
  }
  if (!nak && !r.vendor_class.empty()) w.text(OptionSpace::Dhcp, kOptVendorClass, r.vendor_class);
  if (!nak && !r.client_guid.empty()) w.bytes(OptionSpace::Dhcp, kOptClientGuid, r.client_guid);
  if (!nak && r.style == OfferStyle::Direct && !r.file.empty()) {
    if (!r.sname.empty()) w.text(OptionSpace::Dhcp, kOptTftpServerName, r.sname);
    w.text(OptionSpace::Dhcp, kOptBootfileName, r.file);
  } else if (wire_file && !file_fits && !r.file.empty()) {
    w.text(OptionSpace::Dhcp, kOptBootfileName, r.file);
  }
  // Configured options carry network settings: only with a lease (never from a proxy).
  if (lease) append_configured_options(r, cfg, OptionSpace::Dhcp, w, is_not_router);
  if (!nak && !r.vendor_class.empty() && r.vendor_class != "HTTPClient")
    write_pxe_vendor_options(r, cfg, server, w);
  if (!nak && (lease || r.ipxe_client) && !cfg.options.empty()) {
    std::array<std::uint8_t, kMaxPayload> buffer;  // encap:175 lines, for iPXE
    dhcp::OptionWriter ipxe(buffer);
    append_configured_options(r, cfg, OptionSpace::Ipxe, ipxe);
    if (!ipxe.empty()) w.bytes(OptionSpace::Dhcp, kOptEtherboot, ipxe.written());
  }
  if (!r.relay_agent.empty()) w.bytes(OptionSpace::Dhcp, kOptRelayAgentInfo, r.relay_agent);
  w.end();
  const std::size_t used = std::max(w.size(), kBootpMinimum);
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(w.size()),
            out.begin() + static_cast<std::ptrdiff_t>(used), 0);
  out.resize(used);
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
  if (req.ciaddr != 0 && reply.message_type != dhcp::kMsgNak) {
    d.mac = req.chaddr;
    d.ip = req.ciaddr;
    return d;
  }
  if (req.broadcast_flag() || reply.yiaddr == 0 || reply.message_type == dhcp::kMsgNak) {
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
