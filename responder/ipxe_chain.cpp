#include "responder/ipxe_chain.hpp"

#include <algorithm>
#include <filesystem>
#include <string_view>

namespace pxescope::responder {
namespace {

// What firmware that does not run iPXE yet gets, per architecture. The names are under
// "pxescope/" so they never shadow a file of the administrator's TFTP root.
struct IpxeBinary {
  std::uint16_t family;                // the architecture a kernel is given for (bios 0, efi-x64 7)
  std::vector<std::uint16_t> clients;  // the option 93 values that get it
  std::string_view name;               // TFTP name, or URL path on the HTTP service
  std::string_view binary;             // in kIpxeBinaryDir
  bool over_http;                      // UEFI HTTP boot: an HTTPClient fetches it from the URL
};

// snponly.efi, not ipxe.efi: it drives the NIC through the firmware's own SNP driver (the one
// that just booted it), where ipxe.efi's own drivers can fight the firmware's for the device.
const IpxeBinary kIpxeBinaries[] = {
    {0, {0}, "pxescope/undionly.kpxe", "undionly.kpxe", false},
    {7, {7, 9}, "pxescope/snponly.efi", "snponly.efi", false},
    {7, {16}, "/pxescope/snponly.efi", "snponly.efi", true},
};

bool covers(const std::vector<std::uint16_t>& arches, std::uint16_t family) {
  return arches.empty() || std::find(arches.begin(), arches.end(), family) != arches.end();
}

std::string binary_path(const IpxeBinary& b) {
  return std::string(kIpxeBinaryDir) + "/" + std::string(b.binary);
}

}  // namespace

std::string ipxe_binary_for_arch(std::uint16_t arch) {
  for (const IpxeBinary& b : kIpxeBinaries)
    if (std::find(b.clients.begin(), b.clients.end(), arch) != b.clients.end())
      return std::string(b.binary);
  return {};
}

std::uint8_t add_ipxe_tag(ResponderConfig& cfg) {
  const bool known =
      std::find(cfg.tag_names.begin(), cfg.tag_names.end(), "ipxe") != cfg.tag_names.end();
  const auto tag = static_cast<std::uint8_t>(cfg.tag_index("ipxe"));
  const auto has_rule = [&](TagRule::Kind kind) {
    return std::any_of(cfg.tag_rules.begin(), cfg.tag_rules.end(), [&](const TagRule& r) {
      return r.tag == tag && r.kind == kind &&
             (kind == TagRule::Kind::UserClass ? r.text == "iPXE" : r.option == 175);
    });
  };
  if (!known || !has_rule(TagRule::Kind::UserClass)) {
    TagRule by_class;
    by_class.kind = TagRule::Kind::UserClass;
    by_class.tag = tag;
    by_class.text = "iPXE";
    cfg.tag_rules.push_back(by_class);
  }
  if (!known || !has_rule(TagRule::Kind::OptionPresent)) {
    TagRule by_option;
    by_option.kind = TagRule::Kind::OptionPresent;
    by_option.tag = tag;
    by_option.option = 175;
    cfg.tag_rules.push_back(by_option);
  }
  return tag;
}

void add_ipxe_chain(ResponderConfig& cfg, const std::vector<std::uint16_t>& arches,
                    const std::string& script_path, const std::string& origin) {
  const std::uint8_t tag = add_ipxe_tag(cfg);
  BootRule script;
  script.tags.push_back({tag, false});
  script.arches = arches;
  script.file = script_path;
  script.on_own_http = true;
  script.origin = origin;
  cfg.boot_rules.push_back(script);
  for (const IpxeBinary& b : kIpxeBinaries) {
    if (!covers(arches, b.family)) continue;
    BootRule rule;
    rule.tags.push_back({tag, true});
    rule.arches = b.clients;
    rule.file = b.name;
    rule.on_own_http = b.over_http;
    rule.origin = origin + " (the iPXE chain)";
    cfg.boot_rules.push_back(rule);
    const std::string path = binary_path(b);
    if (b.over_http) {
      const bool routed =
          std::any_of(cfg.http_routes.begin(), cfg.http_routes.end(),
                      [&](const http::HttpRoute& r) { return r.url_path == b.name; });
      if (!routed) cfg.http_routes.push_back({std::string(b.name), path, "", "application/efi"});
    } else if (!tftp::find_route(cfg.tftp_routes, b.name)) {
      cfg.tftp_routes.push_back({std::string(b.name), path});
    }
  }
}

std::vector<std::string> ipxe_binary_problems(const ResponderConfig& cfg) {
  std::vector<std::string> problems;
  std::error_code ec;
  for (const tftp::FileRoute& route : cfg.tftp_routes)
    if (!std::filesystem::is_regular_file(route.path, ec))
      problems.push_back("iPXE binary " + route.path + " (TFTP " + route.name +
                         ") is missing: install Debian's ipxe package (apt-get install ipxe)");
  return problems;
}

}  // namespace pxescope::responder
