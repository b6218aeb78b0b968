// What the probe's command line names: architectures, quirks, and the default-route guard.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "analyzer/dhcp/option_table.hpp"
#include "probe/probe_client.hpp"

namespace pxescope::probe {
namespace {

struct QuirkName {
  std::string_view name;
  Quirk quirk;
};
constexpr QuirkName kQuirks[] = {{"no-arch", Quirk::NoArch}, {"split-60", Quirk::SplitVendorClass}};

}  // namespace

bool parse_probe_arch(const std::string& text, int& arch) {
  // The option table's short names (bios, efi-x64, efi-arm64, ...) or a number.
  const std::vector<std::uint16_t> codes = dhcp::arch_codes_from_name(text);
  if (codes.empty()) return false;
  arch = codes.front();
  return true;
}

bool parse_probe_quirk(const std::string& text, Quirk& quirk) {
  for (const QuirkName& q : kQuirks)
    if (q.name == text) return quirk = q.quirk, true;
  return false;
}

std::string quirk_name(Quirk quirk) {
  for (const QuirkName& q : kQuirks)
    if (q.quirk == quirk) return std::string(q.name);
  return "";
}

bool interface_has_default_route(const std::string& iface) {
  std::ifstream in("/proc/net/route");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    std::string name, destination, gateway, flags, refcnt, use, metric, mask;
    if (!(ss >> name >> destination >> gateway >> flags >> refcnt >> use >> metric >> mask))
      continue;
    if (name == iface && destination == "00000000" && mask == "00000000") return true;
  }
  // IPv6: "::/0" through the interface, not the kernel's "unreachable" ones (RTF_REJECT).
  constexpr unsigned long kRouteReject = 0x0200;
  std::ifstream in6("/proc/net/ipv6_route");
  while (std::getline(in6, line)) {
    std::istringstream ss(line);
    std::string destination, prefix_length, source, source_length, next_hop, metric, refcnt, use,
        flags, name;
    if (!(ss >> destination >> prefix_length >> source >> source_length >> next_hop >> metric >>
          refcnt >> use >> flags >> name))
      continue;
    if (name == iface && prefix_length == "00" && destination == std::string(32, '0') &&
        !(std::strtoul(flags.c_str(), nullptr, 16) & kRouteReject))
      return true;
  }
  return false;
}

}  // namespace pxescope::probe
