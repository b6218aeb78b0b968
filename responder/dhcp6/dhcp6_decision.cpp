#include "responder/dhcp6/dhcp6_decision.hpp"

#include <algorithm>
#include <cstring>

#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "responder/host_rules.hpp"
#include "responder/proxy_decision.hpp"

namespace pxescope::responder {

using namespace dhcpv6;

namespace {

// What the IPv4 rules read, taken from the DHCPv6 request: the vendor and user class, the
// architecture and the MAC mean the same in both versions.
DhcpRequest as_v4_request(const Dhcp6Request& req) {
  DhcpRequest q;
  q.message_type = req.message_type;
  q.vendor_class = req.vendor_class;
  q.has_arch = req.has_arch;
  q.arch = req.arch;
  q.user_class = {reinterpret_cast<const std::uint8_t*>(req.user_class.data()),
                  req.user_class.size()};
  req.mac(q.chaddr);
  return q;
}

bool rule_matches(const Dhcp6TagRule& rule, const Dhcp6Request& req) {
  switch (rule.code) {
    case kOptClientArch:
      if (!req.has_arch) return false;
      return rule.any_value ||
             std::find(rule.arches.begin(), rule.arches.end(), req.arch) != rule.arches.end();
    case kOptUserClass:
      return !req.user_class.empty() &&
             (rule.any_value || req.user_class.find(rule.text) != std::string_view::npos);
    case kOptVendorClass:
      return req.has_vendor_class &&
             (rule.any_value || req.vendor_class.find(rule.text) != std::string_view::npos);
    case kOptOro:
      return !req.oro.empty();
    case kOptRapidCommit:
      return req.rapid_commit;
    case kOptIaNa:
      return req.has_ia_na;
    default:
      return false;  // options the view does not keep never set a tag
  }
}

// How a message is addressed (RFC 8415 §16): a server id it must carry, must not carry, or
// may carry (then it must be ours).
enum class ServerIdRule : std::uint8_t { MustNot, Must, May };

struct MessageRule {
  std::uint8_t type;
  ServerIdRule server_id;
  bool stateless_answer;  // beside another server: answered (the others are that server's)
};
constexpr MessageRule kMessageRules[] = {
    {kSolicit, ServerIdRule::MustNot, true},  {kRequest, ServerIdRule::Must, true},
    {kConfirm, ServerIdRule::MustNot, false}, {kRenew, ServerIdRule::Must, true},
    {kRebind, ServerIdRule::MustNot, false},  {kRelease, ServerIdRule::Must, true},
    {kDecline, ServerIdRule::Must, true},     {kInformationRequest, ServerIdRule::May, true},
};

const MessageRule* message_rule(std::uint8_t type) {
  for (const MessageRule& m : kMessageRules)
    if (m.type == type) return &m;
  return nullptr;
}

bool is_ours(const Dhcp6Request& req, const Dhcp6Identity& server) {
  return req.server_id.size() == server.duid.size() &&
         std::equal(req.server_id.begin(), req.server_id.end(), server.duid.begin());
}

bool addressed_to_us(const Dhcp6Request& req, const MessageRule& rule,
                     const Dhcp6Identity& server) {
  switch (rule.server_id) {
    case ServerIdRule::MustNot:
      return !req.has_server_id;
    case ServerIdRule::Must:
      return req.has_server_id && is_ours(req, server);
    case ServerIdRule::May:
      return !req.has_server_id || is_ours(req, server);
  }
  return false;
}

// Lifetimes of a full-mode lease: T1 at half, T2 at 7/8 (RFC 8415 §21.4's advice).
void set_lifetimes(Dhcp6Reply& r, std::uint32_t lease) {
  r.valid = r.preferred = lease;
  r.t1 = lease == 0xffffffffu ? lease : lease / 2;
  r.t2 = lease == 0xffffffffu ? lease : lease / 8 * 7;
}

void ia_with_status(Dhcp6Reply& r, const Dhcp6Request& req, std::uint16_t status) {
  r.has_ia = true;
  r.iaid = req.iaid;
  r.has_ia_status = true;
  r.ia_status = status;
}

void ia_with_address(Dhcp6Reply& r, const Dhcp6Request& req, const Ipv6Address& a,
                     std::uint32_t lease) {
  r.has_ia = true;
  r.iaid = req.iaid;
  r.has_address = true;
  r.address = a;
  set_lifetimes(r, lease);
}

// Full mode: the IA_NA part of the answer to each message type.
void answer_addresses(const Dhcp6Request& req, const ResponderConfig& cfg, Lease6Table& leases,
                      std::int64_t now, Dhcp6Reply& r) {
  const std::uint32_t lease = cfg.dhcp6.lease_seconds;
  const Ipv6Address* hint = req.has_ia_address ? &req.ia_address : nullptr;
  Ipv6Address a{};
  switch (req.message_type) {
    case kSolicit:
      if (!req.has_ia_na) return;
      if (r.rapid_commit ? leases.commit(req.client_id, req.iaid, hint, now, lease, a)
                         : leases.offer(req.client_id, req.iaid, hint, now, a))
        ia_with_address(r, req, a, lease);
      else
        ia_with_status(r, req, kStatusNoAddrsAvail);
      return;
    case kRequest:
      if (!req.has_ia_na) return;
      if (leases.commit(req.client_id, req.iaid, hint, now, lease, a))
        ia_with_address(r, req, a, lease);
      else
        ia_with_status(r, req, kStatusNoAddrsAvail);
      return;
    case kRenew:
    case kRebind:
      if (!req.has_ia_na) return;
      if (leases.extend(req.client_id, req.iaid, now, lease, a))
        ia_with_address(r, req, a, lease);
      else
        ia_with_status(r, req, kStatusNoBinding);
      return;
    case kConfirm:
      r.has_status = true;
      r.status =
          req.has_ia_address && leases.in_range(req.ia_address) ? kStatusSuccess : kStatusNotOnLink;
      return;
    case kRelease:
      if (req.has_ia_na) leases.release(req.client_id, req.iaid);
      r.has_status = true;
      r.status = kStatusSuccess;
      return;
    case kDecline:
      if (req.has_ia_na) leases.decline(req.client_id, req.iaid, now, lease);
      r.has_status = true;
      r.status = kStatusSuccess;
      return;
    default:
      return;
  }
}

// Configured options (not 59) the client asks for, or forced, whose tags match.
// Boot parameters (60) go to boot clients whether asked for or not, as the URL does.
void add_configured_options(const Dhcp6Request& req, std::uint32_t tags, const ResponderConfig& cfg,
                            bool boot_client, Dhcp6Reply& r) {
  for (const Dhcp6Option& o : cfg.dhcp6.options) {
    if (o.code == kOptBootfileUrl || !tags_match(o.tags, tags)) continue;
    const bool boot_param = o.code == kOptBootfileParam;
    if (boot_param ? !boot_client : !o.force && !req.asks_for(o.code)) continue;
    const bool already = std::any_of(r.options.begin(), r.options.end(),
                                     [&](const Dhcp6Option* x) { return x->code == o.code; });
    if (!already) r.options.push_back(&o);
  }
}

}  // namespace

std::string_view verdict6_text(Verdict6 v) {
  switch (v) {
    case Verdict6::Reply:
      return "reply";
    case Verdict6::NotBootClient:
      return "not a network boot client (stateless mode answers only those)";
    case Verdict6::NotListed:
      return "not in --only";
    case Verdict6::NotForUs:
      return "not for this server";
    case Verdict6::NoBootFile:
      return "no boot file configured for this client";
    case Verdict6::Ignored:
      return "ignored by a dhcp-host or dhcp-ignore line";
    case Verdict6::Unsupported:
      return "message type not answered";
  }
  return "?";
}

std::uint32_t request_tags6(const Dhcp6Request& req, const ResponderConfig& cfg) {
  std::uint32_t tags = request_tags(as_v4_request(req), cfg);
  for (const Dhcp6TagRule& rule : cfg.dhcp6.tag_rules)
    if (rule_matches(rule, req)) tags |= 1u << rule.tag;
  // dhcp-host and tag-if see the IPv6 tags too (request_tags added them for the IPv4 ones).
  return add_host_and_tag_if_tags(as_v4_request(req), cfg, tags);
}

void choose_boot_url6(const Dhcp6Request& req, std::uint32_t tags, const ResponderConfig& cfg,
                      const Dhcp6Identity& server, std::string& url) {
  url.clear();
  // A tagged option6:bootfile-url line beats an untagged one (dnsmasq's order).
  const Dhcp6Option* best = nullptr;
  for (const Dhcp6Option& o : cfg.dhcp6.options) {
    if (o.code != kOptBootfileUrl || !tags_match(o.tags, tags)) continue;
    if (best == nullptr || (best->tags.empty() && !o.tags.empty())) best = &o;
  }
  if (best != nullptr) {
    url = best->server_placeholder ? with_server_address(best->text, server.address) : best->text;
    return;
  }
  thread_local BootChoice choice;
  const DhcpRequest v4 = as_v4_request(req);
  if (!choose_boot_file(v4, tags, client_arch(v4), cfg, choice)) return;
  const std::string host = "[" + format_ipv6(server.address) + "]";
  if (choice.on_own_http) {
    url = "http://" + host;
    if (cfg.http_port != 0 && cfg.http_port != 80) url += ":" + std::to_string(cfg.http_port);
    if (!choice.file.starts_with('/')) url += '/';
    url += choice.file;
  } else if (choice.gives_url()) {
    url = with_server_address(choice.file, server.address);
  } else {
    url = "tftp://" + host + "/";
    std::string_view file = choice.file;
    while (file.starts_with('/')) file.remove_prefix(1);
    url += file;
  }
}

Verdict6 decide_dhcp6(const Dhcp6Request& req, const ResponderConfig& cfg,
                      const Dhcp6Identity& server, Lease6Table* leases, std::int64_t now,
                      Dhcp6Reply& r) {
  r.clear();
  const MessageRule* rule = message_rule(req.message_type);
  if (rule == nullptr) return Verdict6::Unsupported;
  if (!addressed_to_us(req, *rule, server)) return Verdict6::NotForUs;
  const bool full = cfg.dhcp6.full && leases != nullptr;
  if (!full && !rule->stateless_answer) return Verdict6::NotForUs;
  if (!cfg.only.empty()) {
    MacAddress mac{};
    if (!req.mac(mac) || !mac_allowed(cfg, mac)) return Verdict6::NotListed;
  }
  if (ignored_by_config(as_v4_request(req), cfg)) return Verdict6::Ignored;
  const bool boot_client = req.is_boot_client();
  if (!full && !boot_client) return Verdict6::NotBootClient;
  const std::uint32_t tags = request_tags6(req, cfg);
  if (boot_client) choose_boot_url6(req, tags, cfg, server, r.bootfile_url);
  if (!full && r.bootfile_url.empty()) return Verdict6::NoBootFile;

  r.xid = req.xid;
  r.message_type = kReply;
  if (req.message_type == kSolicit) {
    r.rapid_commit = req.rapid_commit && full;  // stateless: nothing to commit, so Advertise
    if (!r.rapid_commit) r.message_type = kAdvertise;
  }
  if (full) {
    answer_addresses(req, cfg, *leases, now, r);
  } else if (req.message_type == kRelease || req.message_type == kDecline) {
    r.has_status = true;  // nothing held here: done (RFC 8415 §18.3.7)
    r.status = kStatusSuccess;
  }
  const bool gives_boot_info =
      req.message_type != kRelease && req.message_type != kDecline && req.message_type != kConfirm;
  if (!gives_boot_info)
    r.bootfile_url.clear();
  else
    add_configured_options(req, tags, cfg, boot_client, r);
  return Verdict6::Reply;
}

}  // namespace pxescope::responder
