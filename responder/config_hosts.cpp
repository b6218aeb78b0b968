#include "responder/config_hosts.hpp"

#include <charconv>

namespace pxescope::responder {
namespace {

bool fail(std::string& error, std::string message) {
  error = std::move(message);
  return false;
}

bool parse_hex_byte(std::string_view s, std::uint8_t& out) {
  if (s.empty() || s.size() > 2) return false;
  unsigned v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (ec != std::errc{} || p != s.data() + s.size()) return false;
  out = static_cast<std::uint8_t>(v);
  return true;
}

// "tag:NAME" / "tag:!NAME" -> a condition; "set:NAME" -> a bit. False on an empty name or
// more than 32 tags.
bool add_tag(ResponderConfig& cfg, std::string_view field, std::vector<TagCondition>* when,
             std::uint32_t* set, std::string& error) {
  const bool is_set = field.starts_with("set:");
  std::string_view name = field.substr(4);
  TagCondition cond;
  if (!is_set && name.starts_with('!')) {
    cond.negated = true;
    name.remove_prefix(1);
  }
  if (name.empty()) return fail(error, "empty tag name in '" + std::string(field) + "'");
  const int index = cfg.tag_index(name);
  if (index < 0) return fail(error, "more than 32 tags");
  if (is_set) {
    *set |= 1u << index;
  } else {
    cond.tag = static_cast<std::uint8_t>(index);
    when->push_back(cond);
  }
  return true;
}

bool is_tag_field(std::string_view f) {
  return f.starts_with("tag:") || f.starts_with("set:");
}

}  // namespace

bool parse_mac_pattern(std::string_view text, MacAddress& mac, MacAddress& mask) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t sep = text.find_first_of(":-");
    parts.push_back(text.substr(0, sep));
    if (sep == std::string_view::npos) break;
    text.remove_prefix(sep + 1);
  }
  if (parts.size() == 7) {  // dnsmasq's "<hwtype>:<mac>": only Ethernet (1) here
    std::uint8_t type = 0;
    if (!parse_hex_byte(parts[0], type) || type != 1) return false;
    parts.erase(parts.begin());
  }
  if (parts.size() != 6) return false;
  for (std::size_t i = 0; i < 6; ++i) {
    if (parts[i] == "*") {
      mac[i] = mask[i] = 0;
    } else if (parse_hex_byte(parts[i], mac[i])) {
      mask[i] = 0xff;
    } else {
      return false;
    }
  }
  return true;
}

bool parse_dhcp_host_line(const std::vector<std::string>& fields, const std::string& origin,
                          ResponderConfig& cfg, std::string& error) {
  HostRule rule;
  rule.origin = origin;
  std::vector<std::pair<MacAddress, MacAddress>> macs;
  for (const std::string& f : fields) {
    MacAddress mac{}, mask{};
    std::uint32_t ip = 0;
    if (f.empty()) continue;
    if (is_tag_field(f)) {
      if (!add_tag(cfg, f, &rule.when, &rule.set_tags, error)) return false;
    } else if (parse_mac_pattern(f, mac, mask)) {
      macs.emplace_back(mac, mask);
    } else if (parse_ipv4(f, ip)) {
      if (rule.ip != 0) return fail(error, "two addresses; give one");
      rule.ip = ip;
    } else if (f == "ignore") {
      rule.ignore = true;
    } else if (f.starts_with("id:")) {
      return fail(error, "client-id matching (id:) is not supported; use the MAC");
    } else if (f == "infinite" || (f.front() >= '0' && f.front() <= '9')) {
      return fail(error, "a per-host lease time ('" + f + "') is not supported");
    } else if (f.starts_with('[')) {
      return fail(error, "IPv6 addresses are not supported");
    }
    // Anything else is the host name: accepted, not sent (pxescope sends no option 12).
  }
  if (macs.empty()) return fail(error, "needs the client's MAC address (aa:bb:cc:dd:ee:ff)");
  for (const auto& [mac, mask] : macs) {
    rule.mac = mac;
    rule.mac_mask = mask;
    cfg.hosts.push_back(rule);
  }
  return true;
}

bool parse_dhcp_mac_line(const std::vector<std::string>& fields, ResponderConfig& cfg,
                         std::string& error) {
  if (fields.size() != 2 || !fields[0].starts_with("set:"))
    return fail(error, "expected set:<tag>,<MAC with * wildcards>");
  TagRule rule;
  rule.kind = TagRule::Kind::Mac;
  if (!parse_mac_pattern(fields[1], rule.mac, rule.mac_mask))
    return fail(error, "'" + fields[1] + "' is not a MAC address (52:54:00:*:*:* style)");
  std::uint32_t bit = 0;
  if (!add_tag(cfg, fields[0], nullptr, &bit, error)) return false;
  for (int i = 0; i < 32; ++i)
    if (bit == (1u << i)) rule.tag = static_cast<std::uint8_t>(i);
  cfg.tag_rules.push_back(rule);
  return true;
}

bool parse_dhcp_ignore_line(const std::vector<std::string>& fields, ResponderConfig& cfg,
                            std::string& error) {
  std::vector<TagCondition> when;
  for (const std::string& f : fields) {
    if (!f.starts_with("tag:")) return fail(error, "expected tag:<tag>[,tag:<tag>...]");
    if (!add_tag(cfg, f, &when, nullptr, error)) return false;
  }
  if (when.empty()) return fail(error, "expected tag:<tag>[,tag:<tag>...]");
  cfg.ignore_tags.push_back(std::move(when));
  return true;
}

bool parse_tag_if_line(const std::vector<std::string>& fields, ResponderConfig& cfg,
                       std::string& error) {
  TagIf rule;
  bool conditions_started = false;
  for (const std::string& f : fields) {
    if (f.starts_with("set:") && !conditions_started) {
      if (!add_tag(cfg, f, nullptr, &rule.set_tags, error)) return false;
    } else if (f.starts_with("tag:")) {
      conditions_started = true;
      if (f.ends_with('*')) return fail(error, "tag wildcards ('*') are not supported");
      if (!add_tag(cfg, f, &rule.when, nullptr, error)) return false;
    } else {
      return fail(error, "expected set:<tag>[,set:<tag>...][,tag:<tag>...], not '" + f + "'");
    }
  }
  if (rule.set_tags == 0) return fail(error, "needs at least one set:<tag>");
  cfg.tag_ifs.push_back(std::move(rule));
  return true;
}

}  // namespace pxescope::responder
