#include "responder/full_dhcp.hpp"

#include "responder/host_rules.hpp"

namespace pxescope::responder {
namespace {

void fill_lease_reply(const DhcpRequest& req, const ResponderConfig& cfg,
                      const ServerIdentity& server, std::uint8_t type, std::uint32_t ip, Reply& r) {
  r.message_type = type;
  r.style = OfferStyle::None;
  r.xid = req.xid;
  r.secs = 0;
  r.flags = req.flags;
  r.ciaddr = type == dhcp::kMsgNak ? 0 : req.ciaddr;
  r.yiaddr = ip;
  r.siaddr = 0;
  r.giaddr = req.giaddr;
  r.chaddr = req.chaddr;
  r.sname.clear();
  r.file.clear();
  r.vendor_class.clear();
  r.client_guid = {};
  r.relay_agent = req.giaddr != 0 ? req.relay_agent : std::span<const std::uint8_t>{};
  r.echo_boot_item = false;
  r.menu_size = 0;
  r.synthesized_menu = false;
  r.arch = client_arch(req);
  r.lease_seconds = cfg.lease_seconds;
  r.netmask = server.netmask ? server.netmask : 0xffffff00u;
}

// The PXE part for PXE clients; non-PXE clients (and PXE clients with nothing configured)
// still get their address.
void add_pxe_part(const DhcpRequest& req, const ResponderConfig& cfg, const ServerIdentity& server,
                  Reply& r) {
  if (!req.is_pxe_client() && !req.is_http_client()) return;
  r.client_guid = req.client_guid;
  if (fill_pxe_offer(req, cfg, server, r) != Verdict::Reply) {
    r.vendor_class.clear();
    r.client_guid = {};
    r.style = OfferStyle::None;
    r.file.clear();
    r.sname.clear();
    return;
  }
  name_file_in_lease_offer(server, r);
  if (r.style == OfferStyle::Menu) {
    r.siaddr = server.ip;
    r.file.clear();
  }
}

}  // namespace

void name_file_in_lease_offer(const ServerIdentity& server, Reply& r) {
  if (r.style != OfferStyle::Binl) return;
  // The only DHCP server can name the file itself. Without option 60 EDK2 takes this as a
  // plain DHCP offer with a boot file and fetches it at once; with "PXEClient" and no 43 it
  // would ask port 4011 first and then wait a whole second for more answers there.
  r.style = OfferStyle::Direct;
  r.vendor_class.clear();
  r.siaddr = server.ip;
}

Verdict decide_full(const DhcpRequest& req, const Ingress& in, const ResponderConfig& cfg,
                    const ServerIdentity& server, LeaseTable& leases, std::int64_t now, Reply& r,
                    bool& leases_changed) {
  leases_changed = false;
  if (in.dst_port == 4011) return decide_proxy(req, in, cfg, server, r);
  if (!mac_allowed(cfg, req.chaddr)) return Verdict::NotListed;
  if (ignored_by_config(req, cfg)) return Verdict::Ignored;
  switch (req.message_type) {
    case 1: {  // DISCOVER
      // A dhcp-host address comes first (when no other client holds it).
      const std::uint32_t fixed = fixed_address(req, cfg);
      const std::uint32_t ip = leases.offer(req.chaddr, fixed ? fixed : req.requested_ip, now);
      if (ip == 0) return Verdict::PoolExhausted;
      fill_lease_reply(req, cfg, server, dhcp::kMsgOffer, ip, r);
      add_pxe_part(req, cfg, server, r);
      r.to = reply_destination(req, in, r);
      return Verdict::Reply;
    }
    case 3: {  // REQUEST
      if (req.server_id != 0 && req.server_id != server.ip) {
        leases.drop_offer(req.chaddr);  // it chose another server
        return Verdict::NotForUs;
      }
      const std::uint32_t ip = req.requested_ip ? req.requested_ip : req.ciaddr;
      if (ip == 0) return Verdict::NotForUs;
      if (!leases.bind(req.chaddr, ip, now, cfg.lease_seconds)) {
        // INIT-REBOOT for an address that is not ours to confirm: stay silent unless it
        // is on our network (RFC 2131 4.3.2) or the client selected us.
        const std::uint32_t mask = server.netmask ? server.netmask : 0xffffff00u;
        const bool our_net = (ip & mask) == (server.ip & mask);
        if (req.server_id != server.ip && !our_net) return Verdict::NotForUs;
        fill_lease_reply(req, cfg, server, dhcp::kMsgNak, 0, r);
        r.to = reply_destination(req, in, r);
        return Verdict::Reply;
      }
      leases_changed = true;
      fill_lease_reply(req, cfg, server, dhcp::kMsgAck, ip, r);
      add_pxe_part(req, cfg, server, r);
      r.to = reply_destination(req, in, r);
      return Verdict::Reply;
    }
    case 7:  // RELEASE
      if (req.server_id != 0 && req.server_id != server.ip) return Verdict::NotForUs;
      leases_changed = leases.release(req.chaddr, req.ciaddr);
      return leases_changed ? Verdict::Released : Verdict::NotHolder;
    case 4:  // DECLINE
      if (req.server_id != 0 && req.server_id != server.ip) return Verdict::NotForUs;
      // A declined bound lease is no longer bound: persist so a restart does not revive it.
      leases_changed = leases.decline(req.chaddr, req.requested_ip, now);
      return leases_changed ? Verdict::Released : Verdict::NotHolder;
    default:
      return Verdict::Unsupported;
  }
}

}  // namespace pxescope::responder
