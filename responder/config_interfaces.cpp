#include "responder/config_interfaces.hpp"

#include <algorithm>

namespace pxescope::responder {
namespace {

bool listed(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The network a range stands for at parse time: its own netmask, else a /24 (the
// interface's mask is only known at start-up, where the plan checks again).
std::uint32_t network_key(const DhcpRange& r) {
  const std::uint32_t mask = r.netmask ? r.netmask : 0xffffff00u;
  return r.address() & mask;
}

// Names one by one through `take` (false: stop, `error` set); an empty name is an error.
template <class Take>
bool each_name(const std::vector<std::string>& fields, std::string& error, Take take) {
  if (fields.empty()) error = "needs an interface name";
  for (const std::string& name : fields) {
    if (name.empty()) error = "empty interface name in the list";
    if (!error.empty() || !take(name)) return false;
  }
  return error.empty();
}

}  // namespace

bool parse_interface_line(const std::vector<std::string>& fields, const std::string& where,
                          ResponderConfig& cfg, std::string& error) {
  const bool ok = each_name(fields, error, [&](const std::string& name) {
    if (name == "lo") {
      error = "lo is never served (DHCP on the loopback answers nobody): name a network interface";
      return false;
    }
    if (listed(cfg.except_interfaces, name)) {
      ++cfg.config_conflicts;
      error = name + " is named here and by except-interface=: keep one of the two";
      return false;
    }
    if (!listed(cfg.interfaces, name)) cfg.interfaces.push_back(name);  // named twice: once
    return true;
  });
  if (!ok) return false;
  if (cfg.interface.empty()) {
    cfg.interface = cfg.interfaces.front();
    cfg.interface_origin = where;
  }
  return true;
}

bool parse_except_interface_line(const std::vector<std::string>& fields, ResponderConfig& cfg,
                                 std::string& error) {
  return each_name(fields, error, [&](const std::string& name) {
    if (listed(cfg.interfaces, name)) {
      ++cfg.config_conflicts;
      error = name + " is excluded here but named by interface=: keep one of the two";
      return false;
    }
    if (!listed(cfg.except_interfaces, name)) cfg.except_interfaces.push_back(name);
    return true;
  });
}

bool take_range_prefixes(std::vector<std::string>& fields, ResponderConfig& cfg, DhcpRange& range,
                         std::string& error) {
  std::size_t n = 0;
  for (; n < fields.size(); ++n) {
    const std::string& f = fields[n];
    const std::size_t colon = f.find(':');
    const std::string prefix = colon == std::string::npos ? std::string() : f.substr(0, colon);
    if (prefix != "interface" && prefix != "set" && prefix != "tag") break;
    const std::string name = f.substr(colon + 1);
    if (name.empty() || name == "!") {
      error = "empty name after '" + prefix + ":'";
      return false;
    }
    if (prefix == "interface") {
      range.interface = name;
    } else if (prefix == "set") {
      const int tag = cfg.tag_index(name);
      if (tag < 0) {
        error = "more than 32 tags; set:" + name + " cannot be added";
        return false;
      }
      range.set_tags |= 1u << tag;
    }
  }
  fields.erase(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(n));
  return true;
}

bool record_range(const DhcpRange& range, ResponderConfig& cfg, std::string& error) {
  for (const DhcpRange& earlier : cfg.ranges) {
    const bool same_interface = !range.interface.empty() && range.interface == earlier.interface;
    const bool same_network = range.interface.empty() && earlier.interface.empty() &&
                              network_key(range) == network_key(earlier);
    if (!same_interface && !same_network) continue;
    ++cfg.config_conflicts;
    const std::string what = same_interface ? "interface " + range.interface : "network";
    if (earlier.proxy != range.proxy)
      error = std::string(range.proxy
                              ? "proxy mode here, but " + earlier.origin + " gives an address range"
                              : "an address range here, but " + earlier.origin +
                                    " asks for proxy mode") +
              " for the same " + what +
              "; keep one of the two lines (proxy: <network>,proxy; full DHCP: START,END)";
    else
      error = "a second range for the same " + what + " (the first is at " + earlier.origin +
              "); pxescope serves one network per interface: keep one dhcp-range line";
    return false;
  }
  if (cfg.ranges.empty()) serve_range(range, cfg);  // replay and --test: the first one
  cfg.ranges.push_back(range);
  return true;
}

void serve_range(const DhcpRange& range, ResponderConfig& cfg) {
  cfg.full_dhcp = !range.proxy;
  cfg.proxy_network = range.network;
  cfg.range_start = range.start;
  cfg.range_end = range.end;
  cfg.lease_seconds = range.lease_seconds;
  cfg.range_origin = range.origin;
  cfg.network_tags = range.set_tags;
}

std::vector<DhcpRange> effective_ranges(const ResponderConfig& cfg) {
  if (!cfg.ranges.empty()) return cfg.ranges;
  if (!cfg.full_dhcp && cfg.proxy_network == 0) return {};
  DhcpRange r;
  r.proxy = !cfg.full_dhcp;
  r.network = cfg.proxy_network;
  r.start = cfg.range_start;
  r.end = cfg.range_end;
  r.lease_seconds = cfg.lease_seconds;
  r.origin = cfg.range_origin.empty() ? "--dhcp-range" : cfg.range_origin;
  return {r};
}

std::string range_text(const DhcpRange& r) {
  return (r.interface.empty() ? std::string() : "interface:" + r.interface + ",") +
         (r.proxy ? format_ipv4(r.network) + ",proxy"
                  : format_ipv4(r.start) + "-" + format_ipv4(r.end));
}

std::string ranges_text(const ResponderConfig& cfg) {
  std::string text;
  for (const DhcpRange& r : effective_ranges(cfg))
    text += (text.empty() ? "" : " ") + range_text(r);
  return text;
}

std::string interfaces_text(const ResponderConfig& cfg) {
  std::string text;
  for (const std::string& name : cfg.interfaces) text += (text.empty() ? "" : ",") + name;
  for (const std::string& name : cfg.except_interfaces) text += " except " + name;
  return text.empty() ? std::string("(by range)") : text;
}

}  // namespace pxescope::responder
