#include "responder/host_rules.hpp"

#include "responder/proxy_decision.hpp"

namespace pxescope::responder {

bool mac_matches(const MacAddress& mac, const MacAddress& pattern, const MacAddress& mask) {
  for (std::size_t i = 0; i < mac.size(); ++i)
    if ((mac[i] & mask[i]) != (pattern[i] & mask[i])) return false;
  return true;
}

const HostRule* find_host(const DhcpRequest& req, const ResponderConfig& cfg, std::uint32_t tags) {
  for (const HostRule& h : cfg.hosts)
    if (mac_matches(req.chaddr, h.mac, h.mac_mask) && tags_match(h.when, tags)) return &h;
  return nullptr;
}

std::uint32_t add_host_and_tag_if_tags(const DhcpRequest& req, const ResponderConfig& cfg,
                                       std::uint32_t tags) {
  if (const HostRule* h = find_host(req, cfg, tags)) tags |= h->set_tags;
  for (const TagIf& rule : cfg.tag_ifs)
    if (tags_match(rule.when, tags)) tags |= rule.set_tags;
  return tags;
}

bool ignored_by_config(const DhcpRequest& req, const ResponderConfig& cfg) {
  if (cfg.hosts.empty() && cfg.ignore_tags.empty()) return false;  // the common case: free
  const std::uint32_t tags = request_tags(req, cfg);
  if (const HostRule* h = find_host(req, cfg, tags); h != nullptr && h->ignore) return true;
  for (const std::vector<TagCondition>& when : cfg.ignore_tags)
    if (tags_match(when, tags)) return true;
  return false;
}

std::uint32_t fixed_address(const DhcpRequest& req, const ResponderConfig& cfg) {
  if (cfg.hosts.empty()) return 0;
  const HostRule* h = find_host(req, cfg, request_tags(req, cfg));
  return h != nullptr ? h->ip : 0;
}

}  // namespace pxescope::responder
