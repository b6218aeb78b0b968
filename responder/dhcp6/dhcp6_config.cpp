#include "responder/dhcp6/dhcp6_config.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/dhcpv6/dhcpv6_option_table.hpp"
#include "analyzer/link/ipv6_text.hpp"
#include "responder/config.hpp"
#include "responder/config_syntax.hpp"

namespace pxescope::responder {
namespace {

using Fields = std::vector<std::string>;

bool parse_number(std::string_view text, std::uint32_t& out) {
  if (text.empty()) return false;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && p == text.data() + text.size();
}

// dnsmasq lease times ("3600", "45m", "1h", "2d", "infinite"), at least 2 minutes.
bool parse_lease6(std::string_view text, std::uint32_t& seconds) {
  if (text == "infinite") {
    seconds = 0xffffffffu;
    return true;
  }
  static constexpr std::pair<char, std::uint32_t> kUnits[] = {
      {'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 604800}};
  std::uint64_t unit = 1;
  for (const auto& [suffix, factor] : kUnits)
    if (!text.empty() && text.back() == suffix) {
      unit = factor;
      text.remove_suffix(1);
      break;
    }
  std::uint32_t n = 0;
  if (!parse_number(text, n) || n * unit >= 0xffffffffu) return false;
  seconds = static_cast<std::uint32_t>(n * unit);
  return seconds >= 120;
}

// Leading tag:NAME / tag:!NAME fields become conditions ("set:" names a range: skipped).
bool take_tag_fields(Fields& f, ResponderConfig& cfg, std::vector<TagCondition>& tags,
                     std::string& error) {
  std::size_t n = 0;
  for (; n < f.size() && (f[n].starts_with("tag:") || f[n].starts_with("set:")); ++n) {
    if (f[n].starts_with("set:")) continue;
    std::string_view name = std::string_view(f[n]).substr(4);
    TagCondition cond;
    cond.negated = name.starts_with('!');
    if (cond.negated) name.remove_prefix(1);
    const int index = name.empty() ? -1 : cfg.tag_index(name);
    if (index < 0) {
      error = "tag '" + f[n] + "': empty, or more than 32 tags";
      return false;
    }
    cond.tag = static_cast<std::uint8_t>(index);
    tags.push_back(cond);
  }
  f.erase(f.begin(), f.begin() + static_cast<std::ptrdiff_t>(n));
  return true;
}

bool is_ipv6_text(std::string_view s) {
  Ipv6Address a{};
  return parse_ipv6(s, a);
}

// dnsmasq's mode words of an IPv6 dhcp-range and whether pxescope answers DHCPv6 with each.
struct RangeMode {
  std::string_view word;
  bool stateless;  // no addresses from the range: boot clients get option 59 only
  bool ra_only;    // RAs only: no DHCPv6 at all
};
constexpr RangeMode kRangeModes[] = {
    {"ra-only", false, true}, {"ra-stateless", true, false},  {"ra-names", false, false},
    {"slaac", false, false},  {"ra-advrouter", false, false}, {"off-link", false, false},
};

const RangeMode* range_mode(std::string_view word) {
  for (const RangeMode& m : kRangeModes)
    if (m.word == word) return &m;
  return nullptr;
}

constexpr const char* kRangeForms =
    "expected START[,END][,constructor:IFACE][,MODE][,PREFIX-LENGTH][,LEASE] "
    "(e.g. fd00::100,fd00::1ff,64,1h or ::100,::1ff,constructor:eth0,64,1h)";

bool parse_range6(Fields f, ResponderConfig& cfg, const std::string& where, std::string& error) {
  Dhcp6Config& d = cfg.dhcp6;
  std::vector<TagCondition> ignored;
  if (!take_tag_fields(f, cfg, ignored, error)) return false;
  Dhcp6Range next;
  if (f.empty() || !parse_ipv6(f[0], next.range_start)) {
    error = std::string("dhcp-range: '") + (f.empty() ? "" : f[0]) + "' is not an IPv6 address; " +
            kRangeForms;
    return false;
  }
  bool has_end = false, has_prefix = false, stateless = false;
  for (std::size_t i = 1; i < f.size(); ++i) {
    std::uint32_t n = 0;
    if (!has_end && next.constructor.empty() && next.range_modes.empty() && !has_prefix &&
        parse_ipv6(f[i], next.range_end)) {
      has_end = true;
    } else if (f[i].starts_with("constructor:")) {
      next.constructor = f[i].substr(12);
      if (next.constructor.empty() || next.constructor.find('*') != std::string::npos) {
        error = "dhcp-range: constructor: needs the served interface's name (constructor:eth0)";
        return false;
      }
    } else if (const RangeMode* mode = range_mode(f[i])) {
      next.range_modes.push_back(f[i]);
      stateless |= mode->stateless;
      next.ra_only |= mode->ra_only;
    } else if (!has_prefix && parse_number(f[i], n) && n <= 128) {
      has_prefix = true;
      next.prefix_length = static_cast<std::uint8_t>(n);
    } else if (!parse_lease6(f[i], next.lease_seconds)) {
      error = "dhcp-range: '" + f[i] + "' is not an IPv6 address, mode, prefix length or lease " +
              "time (1h, 3600, infinite; at least 2m); " + kRangeForms;
      return false;
    }
  }
  if (next.prefix_length != 64 && has_end && !stateless) {
    error = "dhcp-range: prefix length " + std::to_string(next.prefix_length) +
            ": DHCPv6 address ranges are /64 (the length SLAAC and EDK2 use); write 64";
    return false;
  }
  if (has_end && next.range_end < next.range_start) {
    error = "dhcp-range: END is before START";
    return false;
  }
  next.full = has_end && !stateless && !next.ra_only;
  if (!has_end && !stateless && !next.ra_only) {
    error = "dhcp-range: an IPv6 range needs an END address, or ra-stateless / ra-only; " +
            std::string(kRangeForms);
    return false;
  }
  const bool no_prefix = std::all_of(next.range_start.begin(), next.range_start.begin() + 8,
                                     [](std::uint8_t b) { return b == 0; });
  if (next.full && no_prefix && next.constructor.empty()) {
    error = "dhcp-range: '" + f[0] +
            "' has no network prefix: write the full address, or add constructor:IFACE";
    return false;
  }
  next.range_origin = where;
  // Several ranges serve several interfaces: one each (by constructor: or by /64).
  const auto same_network = [&next](const Dhcp6Range& r) {
    if (!r.constructor.empty() || !next.constructor.empty())
      return r.constructor == next.constructor;
    return std::equal(r.range_start.begin(), r.range_start.begin() + 8, next.range_start.begin());
  };
  if (!d.range_origin.empty()) {
    const Dhcp6Range* clash = same_network(d) ? &d : nullptr;
    for (const Dhcp6Range& r : d.more_ranges)
      if (!clash && same_network(r)) clash = &r;
    if (clash) {
      error = "dhcp-range: a second IPv6 range (the first is at " + clash->range_origin +
              ") for the same " + (next.constructor.empty() ? "/64" : "interface") +
              "; pxescope serves one IPv6 range per interface: keep one";
      return false;
    }
  }
  d.enabled = d.enabled || !next.ra_only;
  if (d.range_origin.empty())
    static_cast<Dhcp6Range&>(d) = std::move(next);
  else
    d.more_ranges.push_back(std::move(next));
  return true;
}

bool parse_option6(const std::string& key, Fields f, ResponderConfig& cfg, const std::string& where,
                   std::string& error) {
  Dhcp6Option opt;
  if (!take_tag_fields(f, cfg, opt.tags, error)) return false;
  std::string text;
  for (std::size_t i = 0; i < f.size(); ++i) text += (i ? "," : "") + f[i];
  std::string why;
  if (!dhcpv6::encode_config_option(text, opt.code, opt.value, &why)) {
    error = key + ": " + why;
    return false;
  }
  const auto comma = text.find(',');
  opt.text = comma == std::string::npos ? std::string() : text.substr(comma + 1);
  opt.server_placeholder = opt.text.find("[::]") != std::string::npos;
  opt.force = key == "dhcp-option-force";
  opt.origin = where;
  cfg.dhcp6.options.push_back(std::move(opt));
  cfg.dhcp6.enabled = true;
  return true;
}

bool parse_match6(Fields f, ResponderConfig& cfg, std::string& error) {
  std::string_view name = f.empty() ? std::string_view{} : std::string_view(f[0]);
  if (name.starts_with("set:") || name.starts_with("net:")) name.remove_prefix(4);
  const int tag = name.empty() || f.size() < 2 ? -1 : cfg.tag_index(name);
  if (tag < 0) {
    error = "dhcp-match: expected set:<tag>,option6:<code or name>[,<value>]";
    return false;
  }
  const dhcpv6::OptionDef* def = dhcpv6::find_option(f[1]);
  std::uint32_t number = 0;
  Dhcp6TagRule rule;
  rule.tag = static_cast<std::uint8_t>(tag);
  if (def != nullptr)
    rule.code = def->code;
  else if (parse_number(std::string_view(f[1]).substr(8), number) && number > 0 && number < 65536)
    rule.code = static_cast<std::uint16_t>(number);
  else {
    error = "dhcp-match: unknown DHCPv6 option '" + f[1] + "' (option6:61, option6:client-arch)";
    return false;
  }
  if (f.size() > 3) {
    error = "dhcp-match: one value at most (set:<tag>,option6:61,7)";
    return false;
  }
  if (f.size() == 3) {
    rule.any_value = false;
    if (rule.code == dhcpv6::kOptClientArch) {
      rule.arches = dhcp::arch_codes_from_name(f[2]);
      if (rule.arches.empty()) {
        error = "dhcp-match: '" + f[2] + "' is not an architecture (7, efi-x64, efi-arm64, ...)";
        return false;
      }
    } else if (rule.code == dhcpv6::kOptUserClass || rule.code == dhcpv6::kOptVendorClass) {
      rule.text = f[2];
    } else {
      error = "dhcp-match: values are only supported for option6 61 (client-arch), 15 and 16";
      return false;
    }
  }
  cfg.dhcp6.tag_rules.push_back(std::move(rule));
  return true;
}

bool names_option6(const Fields& f) {
  return std::any_of(f.begin(), f.end(),
                     [](const std::string& s) { return s.starts_with("option6:"); });
}

// An IPv6 dhcp-range: its first field after the tags is an IPv6 address.
bool is_range6(const Fields& f) {
  for (const std::string& s : f)
    if (!s.starts_with("tag:") && !s.starts_with("set:")) return is_ipv6_text(s);
  return false;
}

}  // namespace

bool parse_ipv6(std::string_view text, Ipv6Address& out) {
  std::string s(text);
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  return s.find(':') != std::string::npos && inet_pton(AF_INET6, s.c_str(), out.data()) == 1;
}

std::string format_ipv6(const Ipv6Address& a) {
  return std::string(Ipv6Text(a.data()).view());
}

bool parse_dhcp6_line(const ConfigLine& line, const std::string& where, ResponderConfig& cfg,
                      std::string& error) {
  error.clear();
  const Fields& f = line.fields;
  if (line.key == "enable-ra") {
    cfg.dhcp6.enable_ra = true;
    return true;
  }
  if (line.key == "dhcp-range" && is_range6(f)) return parse_range6(f, cfg, where, error) || true;
  if ((line.key == "dhcp-option" || line.key == "dhcp-option-force") && names_option6(f))
    return parse_option6(line.key, f, cfg, where, error) || true;
  if (line.key == "dhcp-match" && f.size() >= 2 && f[1].starts_with("option6:"))
    return parse_match6(f, cfg, error) || true;
  return false;
}

}  // namespace pxescope::responder
