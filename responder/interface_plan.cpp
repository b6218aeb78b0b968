#include "responder/interface_plan.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>

#include "responder/config_interfaces.hpp"

namespace pxescope::responder {
namespace {

enum class Mode { Named, AllBut, FromRanges };

bool listed(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

struct Candidate {
  std::string name;
  std::uint32_t ip = 0, netmask = 0;
  int range = -1;
  bool holds(std::uint32_t address) const {
    return ip != 0 && netmask != 0 && (ip & netmask) == (address & netmask);
  }
  std::string subnet() const {
    return name + " " + format_ipv4(ip & netmask) + "/" + format_ipv4(netmask);
  }
};

std::vector<Candidate> candidates(const ResponderConfig& cfg, Mode mode,
                                  std::span<const HostInterface> host) {
  std::vector<Candidate> out;
  if (mode == Mode::Named) {
    for (const std::string& name : cfg.interfaces) {
      Candidate c;
      c.name = name;
      for (const HostInterface& h : host)
        if (h.name == name) c.ip = h.ip, c.netmask = h.netmask;
      out.push_back(c);
    }
    return out;
  }
  for (const HostInterface& h : host)
    if (!h.loopback && h.ip != 0 && !listed(cfg.except_interfaces, h.name))
      out.push_back({h.name, h.ip, h.netmask, -1});
  return out;
}

std::string subnets(const std::vector<Candidate>& list) {
  std::string text;
  for (const Candidate& c : list) text += (text.empty() ? "" : ", ") + c.subnet();
  return text.empty() ? std::string("none with an IPv4 address") : text;
}

// Where range `r` goes: the candidate's index, -1 for a relayed proxy network, or `error`.
int place_range(const DhcpRange& r, const std::vector<Candidate>& list, Mode mode,
                std::string& error) {
  const std::string what = "dhcp-range " + range_text(r) + " (" + r.origin + ")";
  if (!r.interface.empty()) {
    for (std::size_t i = 0; i < list.size(); ++i)
      if (list[i].name == r.interface) return static_cast<int>(i);
    error = what + " names interface " + r.interface +
            (mode == Mode::Named ? ", which is not served: add interface=" + r.interface +
                                       " (or --iface " + r.interface + ")"
                                 : ", which is excluded, missing or without an IPv4 address");
    return -1;
  }
  int found = -1;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].holds(r.address())) continue;
    if (found >= 0) {
      error = what + " fits both " + list[found].name + " and " + list[i].name +
              " (one subnet on two interfaces): say which with interface:NAME";
      return -1;
    }
    found = static_cast<int>(i);
  }
  if (found >= 0 || r.proxy) return found;
  // A full-DHCP range hands out addresses of its interface's subnet: it must fit one.
  if (list.size() == 1 && mode == Mode::Named)
    error = "--dhcp-range " + format_ipv4(r.start) + "-" + format_ipv4(r.end) + " does not fit " +
            list[0].name + "'s subnet " + format_ipv4(list[0].ip & list[0].netmask) + "/" +
            format_ipv4(list[0].netmask) + ": choose addresses inside it";
  else
    error = what + " fits no served interface's subnet (" + subnets(list) +
            "): choose addresses inside one, or name it with interface:NAME";
  return -1;
}

}  // namespace

InterfacePlan plan_interfaces(const ResponderConfig& cfg, std::span<const HostInterface> host) {
  InterfacePlan plan;
  const Mode mode = !cfg.interfaces.empty()          ? Mode::Named
                    : !cfg.except_interfaces.empty() ? Mode::AllBut
                                                     : Mode::FromRanges;
  const std::vector<DhcpRange> ranges = effective_ranges(cfg);
  for (const std::string& name : cfg.interfaces)
    if (name == "lo" || std::any_of(host.begin(), host.end(), [&](const HostInterface& h) {
          return h.name == name && h.loopback;
        })) {
      plan.error = "interface " + name + " is a loopback interface: it is never served";
      return plan;
    }
  if (mode == Mode::AllBut && ranges.empty()) {
    plan.error =
        "except-interface= without a dhcp-range would answer PXE clients on every interface of "
        "this host: add a dhcp-range=<network>,proxy line for each network to serve, or name "
        "the interfaces with interface=";
    return plan;
  }
  std::vector<Candidate> list = candidates(cfg, mode, host);
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const DhcpRange& r = ranges[i];
    int at = place_range(r, list, mode, plan.error);
    if (!plan.error.empty()) return plan;
    if (at < 0 && list.size() == 1 && ranges.size() == 1 && mode == Mode::Named) {
      // The one interface and the one proxy range: answered anyway, as before.
      at = 0;
      plan.notes.push_back("WARNING: dhcp-range network " + format_ipv4(r.network) + " is not " +
                           list[0].name + "'s network (" + format_ipv4(list[0].ip) + "/" +
                           format_ipv4(list[0].netmask) + "); answering anyway");
    }
    if (at < 0) {
      plan.relayed.push_back(static_cast<int>(i));
      continue;
    }
    Candidate& c = list[static_cast<std::size_t>(at)];
    if (c.range >= 0) {
      plan.error = "two dhcp-range lines for " + c.name + " (" +
                   ranges[static_cast<std::size_t>(c.range)].origin + " and " + r.origin +
                   "): pxescope serves one network per interface; keep one of them";
      return plan;
    }
    c.range = static_cast<int>(i);
  }
  for (const Candidate& c : list) {
    if (mode == Mode::Named || c.range >= 0)
      plan.served.push_back({c.name, c.range});
    else if (mode == Mode::AllBut)
      plan.notes.push_back(c.name + ": no dhcp-range fits its subnet; not served");
  }
  if (plan.served.empty())
    plan.error = mode == Mode::AllBut
                     ? "except-interface=: no interface left to serve (no dhcp-range fits the "
                       "subnet of " +
                           subnets(list) + ")"
                     : "no interface given and no single interface is on the dhcp-range "
                       "network: use --iface NAME (or interface= in the config)";
  return plan;
}

ResponderConfig config_for_interface(const ResponderConfig& cfg, const InterfacePlan& plan,
                                     std::size_t index) {
  ResponderConfig out = cfg;
  const PlannedInterface& served = plan.served[index];
  const std::vector<DhcpRange> ranges = effective_ranges(cfg);
  out.interface = served.name;
  // No range: proxy mode, answering every network, no tags. A reload may bring fewer ranges
  // than the plan knows: the comparison refuses it then.
  DhcpRange none;
  none.lease_seconds = cfg.lease_seconds;
  none.origin = cfg.range_origin;
  const bool has_range =
      served.range >= 0 && static_cast<std::size_t>(served.range) < ranges.size();
  serve_range(has_range ? ranges[static_cast<std::size_t>(served.range)] : none, out);
  out.relay_networks.clear();
  for (int i : plan.relayed) {
    if (static_cast<std::size_t>(i) >= ranges.size()) continue;
    const DhcpRange& r = ranges[static_cast<std::size_t>(i)];
    const std::uint32_t mask = r.netmask ? r.netmask : 0xffffff00u;
    out.relay_networks.push_back({r.network & mask, mask, r.set_tags});
  }
  return out;
}

std::vector<HostInterface> host_interfaces() {
  std::vector<HostInterface> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
    if (a->ifa_addr == nullptr || a->ifa_netmask == nullptr || a->ifa_addr->sa_family != AF_INET)
      continue;
    const std::string name = a->ifa_name;
    if (std::any_of(out.begin(), out.end(), [&](const HostInterface& h) { return h.name == name; }))
      continue;  // its first address, as query_interface() reports it
    HostInterface h;
    h.name = name;
    h.ip = ntohl(reinterpret_cast<const sockaddr_in*>(a->ifa_addr)->sin_addr.s_addr);
    h.netmask = ntohl(reinterpret_cast<const sockaddr_in*>(a->ifa_netmask)->sin_addr.s_addr);
    h.loopback = (a->ifa_flags & IFF_LOOPBACK) != 0;
    out.push_back(h);
  }
  ::freeifaddrs(list);
  return out;
}

}  // namespace pxescope::responder
