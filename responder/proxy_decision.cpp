#include "responder/proxy_decision.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "responder/host_rules.hpp"

namespace pxescope::responder {
bool tags_match(const std::vector<TagCondition>& conds, std::uint32_t tags) {
  for (const TagCondition& c : conds) {
    const bool set = (tags >> c.tag) & 1u;
    if (set == c.negated) return false;
  }
  return true;
}

namespace {

bool has_positive_tag(const std::vector<TagCondition>& conds) {
  return std::any_of(conds.begin(), conds.end(), [](const TagCondition& c) { return !c.negated; });
}

bool arch_matches(const std::vector<std::uint16_t>& arches, std::uint16_t arch) {
  return arches.empty() || std::find(arches.begin(), arches.end(), arch) != arches.end();
}

// x64 UEFI is 7 (IANA) but some firmware says 9 (RFC 4578's table): treat them alike.
bool csa_matches(std::uint16_t csa, std::uint16_t arch) {
  if (csa == arch) return true;
  return (csa == 7 || csa == 9) && (arch == 7 || arch == 9);
}

// The PXE architecture whose boot programs a UEFI HTTP boot client runs (IANA: 15 ia32, 16
// x64, 18 arm32, 19 arm64 HTTP boot), or the architecture itself.
std::uint16_t http_pxe_sibling(std::uint16_t arch) {
  switch (arch) {
    case 15:
      return 6;
    case 16:
      return 7;
    case 18:
      return 10;
    case 19:
      return 11;
    default:
      return arch;
  }
}

bool is_url(std::string_view file) {
  return file.find("://") != std::string_view::npos;
}

void set_ip_text(std::string& out, std::uint32_t ip) {
  char buf[16];
  const int n = std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255,
                              (ip >> 8) & 255, ip & 255);
  out.assign(buf, static_cast<std::size_t>(n));
}

void set_choice(BootChoice& out, const BootRule& rule, bool from_tagged_rule) {
  out.file = rule.file;
  out.server_name = rule.server_name;
  out.server_ip = rule.server_ip;
  out.from_tagged_rule = from_tagged_rule;
  out.on_own_http = rule.on_own_http;
}

void fill_common(const DhcpRequest& req, Reply& r) {
  r.xid = req.xid;
  r.secs = req.secs;
  r.flags = req.flags;
  r.ciaddr = 0;
  r.yiaddr = 0;
  r.siaddr = 0;
  r.giaddr = req.giaddr;
  r.chaddr = req.chaddr;
  r.sname.clear();
  r.file.clear();
  r.vendor_class.clear();
  r.client_guid = req.client_guid;
  r.relay_agent = req.giaddr != 0 ? req.relay_agent : std::span<const std::uint8_t>{};
  r.echo_boot_item = false;
  r.menu_size = 0;
  r.synthesized_menu = false;
  r.style = OfferStyle::None;
  r.lease_seconds = r.netmask = 0;
  r.arch = client_arch(req);
}

// The menu items for this client: pxe-service lines for its architecture and tags.
void collect_menu(std::uint32_t tags, std::uint16_t arch, const ResponderConfig& cfg, Reply& r) {
  r.menu_size = 0;
  for (const PxeService& s : cfg.services) {
    if (!csa_matches(s.csa, arch) || !tags_match(s.tags, tags)) continue;
    if (r.menu_size < r.menu.size()) r.menu[r.menu_size++] = &s;
  }
}

const PxeService* find_service(std::uint16_t type, std::uint32_t tags, std::uint16_t arch,
                               const ResponderConfig& cfg) {
  for (const PxeService& s : cfg.services)
    if (s.type == type && csa_matches(s.csa, arch) && tags_match(s.tags, tags)) return &s;
  return nullptr;
}

}  // namespace

std::string_view verdict_text(Verdict v) {
  switch (v) {
    case Verdict::Reply:
      return "reply";
    case Verdict::NotPxe:
      return "not a PXE client";
    case Verdict::NotListed:
      return "not in --only";
    case Verdict::NotForUs:
      return "not for this server";
    case Verdict::NoBootFile:
      return "no boot file configured for this client";
    case Verdict::LocalBoot:
      return "local boot chosen";
    case Verdict::Unsupported:
      return "message type not answered";
    case Verdict::PoolExhausted:
      return "no free address in the DHCP range";
    case Verdict::Released:
      return "lease released";
    case Verdict::NotHolder:
      return "address not held by this client";
    case Verdict::Probing:
      return "checking the address is unused before offering it";
    case Verdict::Ignored:
      return "ignored by a dhcp-host or dhcp-ignore line";
  }
  return "?";
}

std::uint16_t client_arch(const DhcpRequest& req) {
  if (req.has_arch) return req.arch;
  // "PXEClient:Arch:00007:UNDI:003000"
  const std::string_view vc = req.vendor_class;
  const std::size_t at = vc.find(":Arch:");
  if (at != std::string_view::npos && vc.size() >= at + 11) {
    unsigned value = 0;
    auto [p, ec] = std::from_chars(vc.data() + at + 6, vc.data() + at + 11, value);
    if (ec == std::errc{} && p == vc.data() + at + 11 && value <= 0xffff)
      return static_cast<std::uint16_t>(value);
  }
  return 0;
}

// The set: tags of the proxy range behind a relay that holds `giaddr` (0: none does).
static std::uint32_t relay_network_tags(std::uint32_t giaddr, const ResponderConfig& cfg) {
  for (const RelayNetwork& n : cfg.relay_networks)
    if ((giaddr & n.netmask) == n.network) return n.set_tags;
  return 0;
}

std::uint32_t request_tags(const DhcpRequest& req, const ResponderConfig& cfg) {
  // The set: tags of the range served: this interface's, or the relayed network of giaddr.
  std::uint32_t tags = req.giaddr == 0 ? cfg.network_tags : relay_network_tags(req.giaddr, cfg);
  const std::string_view user(reinterpret_cast<const char*>(req.user_class.data()),
                              req.user_class.size());
  for (const TagRule& rule : cfg.tag_rules) {
    bool hit = false;
    switch (rule.kind) {
      case TagRule::Kind::UserClass:
        hit = user.find(rule.text) != std::string_view::npos;
        break;
      case TagRule::Kind::VendorClass:
        hit = req.vendor_class.find(rule.text) != std::string_view::npos;
        break;
      case TagRule::Kind::OptionPresent:
        hit = req.has_option(rule.option);
        break;
      case TagRule::Kind::ClientArch:
        hit = req.has_arch && req.arch == rule.arch;
        break;
      case TagRule::Kind::Mac:
        hit = mac_matches(req.chaddr, rule.mac, rule.mac_mask);
        break;
    }
    if (hit) tags |= 1u << rule.tag;
  }
  return add_host_and_tag_if_tags(req, cfg, tags);
}

bool mac_allowed(const ResponderConfig& cfg, const MacAddress& mac) {
  return cfg.only.empty() || std::find(cfg.only.begin(), cfg.only.end(), mac) != cfg.only.end();
}

bool choose_boot_file(const DhcpRequest& req, std::uint32_t tags, std::uint16_t arch,
                      const ResponderConfig& cfg, BootChoice& out) {
  out = BootChoice{};
  const bool http = req.is_http_client();
  // Priority: a rule with a tag (iPXE scripts), then an architecture rule, then the first
  // pxe-service item for the architecture, then a default rule.
  const BootRule* best = nullptr;
  int best_score = -1;
  bool best_from_root = false;  // an HTTP client gets a root file through our HTTP service
  for (const BootRule& rule : cfg.boot_rules) {
    if (!tags_match(rule.tags, tags)) continue;
    const bool url = is_url(rule.file) || rule.on_own_http;
    bool from_root = false;
    if (!arch_matches(rule.arches, arch)) {
      // UEFI HTTP boot runs the programs of its PXE sibling (x64 HTTP 16 -> x64 UEFI 7).
      if (!http || url || !arch_matches(rule.arches, http_pxe_sibling(arch))) continue;
      from_root = true;
    }
    // HTTP clients need a URL: one written as such, or a file of the root when pxescope
    // serves HTTP (the HTTP root is the TFTP root unless told otherwise).
    if (http && !url) {
      if (cfg.http_port == 0 || rule.server_ip != 0) continue;
      from_root = true;
    }
    // A tag beats an architecture beats nothing; a URL written as such beats a derived one.
    const int score = (has_positive_tag(rule.tags) ? 4 : 0) + (rule.arches.empty() ? 0 : 2) +
                      (http && !from_root ? 1 : 0);
    if (score > best_score) {
      best = &rule;
      best_score = score;
      best_from_root = from_root;
    }
  }
  // An --http-url written for HTTP clients beats a file of the root they could also get.
  if (best_from_root && !cfg.http_boot_url.empty()) best = nullptr;
  if (best != nullptr && best_score >= 2) {
    set_choice(out, *best, best_score >= 4);
    out.on_own_http |= best_from_root;
    return true;
  }
  if (!http) {
    for (const PxeService& s : cfg.services) {
      if (!csa_matches(s.csa, arch) || !tags_match(s.tags, tags) || s.basename.empty()) continue;
      out.storage = service_boot_file(s, 0);
      out.file = out.storage;
      out.server_ip = s.server_ip;
      return true;
    }
  }
  if (best != nullptr) {
    set_choice(out, *best, false);
    out.on_own_http |= best_from_root;
    return true;
  }
  if (http && !cfg.http_boot_url.empty()) {
    out.file = cfg.http_boot_url;
    return true;
  }
  return false;
}

bool BootChoice::gives_url() const {
  return on_own_http || is_url(file);
}

void write_boot_file(std::string& out, const BootChoice& choice, const ResponderConfig& cfg,
                     std::uint32_t server_ip) {
  if (!choice.on_own_http) {
    out.assign(choice.file);
    return;
  }
  char head[40];  // "http://255.255.255.255:65535"
  const int n =
      cfg.http_port == 80 || cfg.http_port == 0
          ? std::snprintf(head, sizeof head, "http://%u.%u.%u.%u", server_ip >> 24,
                          (server_ip >> 16) & 255, (server_ip >> 8) & 255, server_ip & 255)
          : std::snprintf(head, sizeof head, "http://%u.%u.%u.%u:%u", server_ip >> 24,
                          (server_ip >> 16) & 255, (server_ip >> 8) & 255, server_ip & 255,
                          unsigned{cfg.http_port});
  out.assign(head, static_cast<std::size_t>(n));
  if (!choice.file.starts_with('/')) out.push_back('/');  // a file of the root
  out.append(choice.file);
}

Verdict fill_pxe_offer(const DhcpRequest& req, const ResponderConfig& cfg,
                       const ServerIdentity& server, Reply& r) {
  const std::uint16_t arch = client_arch(req);
  const std::uint32_t tags = request_tags(req, cfg);
  thread_local BootChoice choice;
  const bool has_file = choose_boot_file(req, tags, arch, cfg, choice);
  r.vendor_class = req.is_http_client() ? "HTTPClient" : "PXEClient";
  const bool elsewhere = choice.server_ip != 0 && choice.server_ip != server.ip;
  if (has_file &&
      (req.is_http_client() || choice.from_tagged_rule || elsewhere || choice.gives_url())) {
    r.style = OfferStyle::Direct;
    r.siaddr = choice.server_ip ? choice.server_ip : server.ip;
    write_boot_file(r.file, choice, cfg, server.ip);
    if (!choice.server_name.empty())
      r.sname.assign(choice.server_name);
    else if (!choice.gives_url())
      set_ip_text(r.sname, r.siaddr);
    return Verdict::Reply;
  }
  if (arch == 0) {
    collect_menu(tags, arch, cfg, r);
    if (r.menu_size == 0 && has_file) {
      // A one-item menu made from the boot rule, so BIOS firmware asks port 4011 just as
      // it does with dnsmasq's pxe-service (the path every PXE ROM implements).
      r.synthesized_menu = true;
      r.synthesized_item.csa = 0;
      r.synthesized_item.type = 0x8000;
      r.synthesized_item.server_ip = 0;
      r.synthesized_item.menu_text.assign(choice.file);
    }
    if (r.menu_size == 0 && !r.synthesized_menu) return Verdict::NoBootFile;
    r.style = OfferStyle::Menu;
    write_boot_file(r.file, choice, cfg, server.ip);  // for the log line only: no file sent
    return Verdict::Reply;
  }
  if (!has_file) return Verdict::NoBootFile;
  // EDK2 and iPXE EFI: no 43, no file; they then ask port 4011 (dnsmasq's behaviour).
  r.style = OfferStyle::Binl;
  r.siaddr = choice.server_ip ? choice.server_ip : server.ip;  // where 4011 is asked
  write_boot_file(r.file, choice, cfg, server.ip);             // for the log line only
  return Verdict::Reply;
}

Verdict decide_proxy(const DhcpRequest& req, const Ingress& in, const ResponderConfig& cfg,
                     const ServerIdentity& server, Reply& r) {
  if (!mac_allowed(cfg, req.chaddr)) return Verdict::NotListed;
  if (!req.is_pxe_client() && !req.is_http_client()) return Verdict::NotPxe;
  if (ignored_by_config(req, cfg)) return Verdict::Ignored;
  fill_common(req, r);
  const bool to_boot_server =
      in.dst_port == 4011 || (req.message_type == 3 && req.server_id == server.ip);
  if (!to_boot_server) {
    if (req.message_type != 1) return Verdict::NotForUs;
    r.message_type = dhcp::kMsgOffer;
    // The offer is broadcast (the client has no address yet); say so as dnsmasq does.
    if (req.ciaddr == 0 && req.giaddr == 0) r.flags |= 0x8000;
    const Verdict v = fill_pxe_offer(req, cfg, server, r);
    if (v == Verdict::Reply) {
      // Menu/Binl offers carry no file on the wire; the log still names the one chosen.
      r.to = reply_destination(req, in, r);
    }
    return v;
  }
  if (req.message_type != 3 && req.message_type != 8) return Verdict::Unsupported;
  const std::uint16_t arch = r.arch;
  const std::uint32_t tags = request_tags(req, cfg);
  thread_local BootChoice choice;
  bool has_file = false;
  if (req.has_boot_item) {
    if (req.boot_item_type == 0) return Verdict::LocalBoot;
    r.echo_boot_item = true;
    r.boot_item_type = req.boot_item_type;
    r.boot_item_layer = req.boot_item_layer;
    if (const PxeService* s = find_service(req.boot_item_type, tags, arch, cfg)) {
      choice = BootChoice{};
      choice.storage = service_boot_file(*s, req.boot_item_layer);
      choice.file = choice.storage;
      choice.server_ip = s->server_ip;
      has_file = true;
    }
  }
  if (!has_file) has_file = choose_boot_file(req, tags, arch, cfg, choice);
  if (!has_file) return Verdict::NoBootFile;
  r.message_type = dhcp::kMsgAck;
  r.vendor_class = req.is_http_client() ? "HTTPClient" : "PXEClient";
  r.ciaddr = req.ciaddr;
  r.siaddr = choice.server_ip ? choice.server_ip : server.ip;
  if (!choice.server_name.empty())
    r.sname.assign(choice.server_name);
  else
    set_ip_text(r.sname, r.siaddr);
  write_boot_file(r.file, choice, cfg, server.ip);
  r.to = reply_destination(req, in, r);
  return Verdict::Reply;
}

}  // namespace pxescope::responder
