#include "responder/config.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyzer/dhcp/option_table.hpp"

namespace pxescope::responder {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Splits a dnsmasq value on commas outside double quotes; quotes are removed.
bool split_fields(std::string_view value, std::vector<std::string>& fields) {
  fields.clear();
  std::string current;
  bool quoted = false;
  for (char c : value) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back(trim(current));
      current.clear();
    } else {
      current += c;
    }
  }
  fields.emplace_back(trim(current));
  return !quoted;
}

bool parse_uint(std::string_view text, std::uint32_t& out, int base = 10) {
  if (text.empty()) return false;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out, base);
  return ec == std::errc{} && p == text.data() + text.size();
}

// dnsmasq lease times: "3600", "45m", "1h", "2d", "infinite".
bool parse_lease(std::string_view text, std::uint32_t& seconds) {
  if (text == "infinite") {
    seconds = 0xffffffffu;
    return true;
  }
  struct Unit {
    char suffix;
    std::uint32_t seconds;
  };
  static constexpr Unit kUnits[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 604800}};
  std::uint64_t mult = 1;
  for (const Unit& unit : kUnits) {
    if (!text.empty() && text.back() == unit.suffix) {
      mult = unit.seconds;
      text.remove_suffix(1);
      break;
    }
  }
  std::uint32_t n = 0;
  if (!parse_uint(text, n) || n * mult >= 0xffffffffu) return false;  // "infinite" is spelt out
  seconds = static_cast<std::uint32_t>(n * mult);
  return seconds >= 120;  // dnsmasq's minimum
}

struct LineContext {
  ResponderConfig& cfg;
  std::vector<std::string>& warnings;
  std::string where;  // "file:line"
  void warn(std::string_view problem) const {
    warnings.push_back(where + ": " + std::string(problem));
  }
};

// Consumes leading "tag:NAME"/"tag:!NAME" fields into `tags`; "set:" fields are ignored
// (dnsmasq uses them to name a range). Returns false on an empty tag name.
bool take_tags(LineContext& ctx, std::vector<std::string>& fields,
               std::vector<TagCondition>& tags) {
  std::size_t n = 0;
  while (n < fields.size() && (fields[n].starts_with("tag:") || fields[n].starts_with("set:"))) {
    std::string_view name = std::string_view(fields[n]).substr(4);
    if (fields[n].starts_with("tag:")) {
      TagCondition cond;
      if (name.starts_with('!')) {
        cond.negated = true;
        name.remove_prefix(1);
      }
      if (name.empty()) return false;
      const int index = ctx.cfg.tag_index(name);
      if (index < 0) {
        ctx.warn("more than 32 tags; tag '" + std::string(name) + "' ignored");
      } else {
        cond.tag = static_cast<std::uint8_t>(index);
        tags.push_back(cond);
      }
    }
    ++n;
  }
  fields.erase(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(n));
  return true;
}

void parse_dhcp_range(LineContext& ctx, std::vector<std::string>& f) {
  std::vector<TagCondition> ignored;
  take_tags(ctx, f, ignored);
  if (f.size() >= 2 && f.back() == "proxy") {
    if (!parse_ipv4(f[0], ctx.cfg.proxy_network))
      return ctx.warn("dhcp-range: '" + f[0] + "' is not an IPv4 network address");
    ctx.cfg.full_dhcp = false;
    return;
  }
  if (f.size() < 2)
    return ctx.warn("dhcp-range: expected <network>,proxy or START,END[,NETMASK][,LEASE]");
  std::uint32_t start = 0, end = 0;
  if (!parse_ipv4(f[0], start) || !parse_ipv4(f[1], end))
    return ctx.warn("dhcp-range: START and END must be IPv4 addresses");
  if (end < start) return ctx.warn("dhcp-range: END is before START");
  for (std::size_t i = 2; i < f.size(); ++i) {
    std::uint32_t mask = 0;
    if (parse_ipv4(f[i], mask)) continue;  // a netmask: the interface's is used
    if (!parse_lease(f[i], ctx.cfg.lease_seconds))
      return ctx.warn("dhcp-range: '" + f[i] +
                      "' is not a lease time (e.g. 1h, 3600, infinite; at least 2m)");
  }
  ctx.cfg.full_dhcp = true;
  ctx.cfg.range_start = start;
  ctx.cfg.range_end = end;
}

void parse_pxe_service(LineContext& ctx, std::vector<std::string>& f) {
  PxeService s;
  if (!take_tags(ctx, f, s.tags)) return ctx.warn("pxe-service: empty tag name");
  if (f.size() < 2)
    return ctx.warn("pxe-service: expected <CSA>,\"<menu text>\"[,<basename>][,<server>]");
  const int csa = csa_from_name(f[0]);
  if (csa < 0)
    return ctx.warn("pxe-service: unknown client system architecture '" + f[0] +
                    "' (x86PC, IA32_EFI, x86-64_EFI, BC_EFI, ARM32_EFI, ARM64_EFI or a number)");
  s.csa = static_cast<std::uint16_t>(csa);
  s.menu_text = f[1];
  if (s.menu_text.empty() || s.menu_text.size() > 255)
    return ctx.warn("pxe-service: menu text must be 1-255 characters");
  if (f.size() >= 3) {
    std::uint32_t type = 0;
    if (parse_uint(f[2], type) && type <= 0xffff)
      s.type = static_cast<std::uint16_t>(type);  // a boot service type
    else
      s.basename = f[2];
  }
  if (f.size() >= 4) {
    if (!parse_ipv4(f[3], s.server_ip))
      return ctx.warn("pxe-service: server '" + f[3] +
                      "' is not an IPv4 address (names are not resolved)");
  }
  if (f.size() > 4) return ctx.warn("pxe-service: too many fields");
  if (!s.basename.empty()) {
    std::uint16_t index = 0;
    for (const PxeService& other : ctx.cfg.services)
      if (other.csa == s.csa && !other.basename.empty()) ++index;
    s.type = static_cast<std::uint16_t>(0x8000 + index);
  }
  s.origin = ctx.where;
  ctx.cfg.services.push_back(std::move(s));
}

void parse_pxe_prompt(LineContext& ctx, std::vector<std::string>& f) {
  std::vector<TagCondition> ignored;
  take_tags(ctx, f, ignored);
  if (f.empty() || f[0].empty()) return ctx.warn("pxe-prompt: expected \"<prompt>\"[,<timeout>]");
  ctx.cfg.prompt_text = f[0];
  ctx.cfg.prompt_timeout = 0;
  if (f.size() >= 2) {
    std::uint32_t t = 0;
    if (!parse_uint(f[1], t) || t > 255)
      return ctx.warn("pxe-prompt: timeout must be 0-255 seconds");
    ctx.cfg.prompt_timeout = static_cast<std::uint8_t>(t);
  }
  ctx.cfg.has_prompt = true;
}

void parse_dhcp_boot(LineContext& ctx, std::vector<std::string>& f) {
  BootRule rule;
  if (!take_tags(ctx, f, rule.tags)) return ctx.warn("dhcp-boot: empty tag name");
  if (f.empty() || f[0].empty())
    return ctx.warn("dhcp-boot: expected [tag:<tag>,]<file>[,<server name>[,<server address>]]");
  rule.file = f[0];
  if (f.size() >= 2) rule.server_name = f[1];
  if (f.size() >= 3 && !parse_ipv4(f[2], rule.server_ip))
    return ctx.warn("dhcp-boot: server address '" + f[2] + "' is not IPv4");
  if (f.size() > 3) return ctx.warn("dhcp-boot: too many fields");
  rule.origin = ctx.where;
  ctx.cfg.boot_rules.push_back(std::move(rule));
}

// dhcp-userclass=set:TAG,TEXT / dhcp-vendorclass=set:TAG,TEXT / dhcp-match=set:TAG,OPT[,VALUE]
void parse_tag_rule(LineContext& ctx, std::string_view key, std::vector<std::string>& f) {
  if (f.size() < 2 || !f[0].starts_with("set:") || f[0].size() == 4)
    return ctx.warn(std::string(key) + ": expected set:<tag>,<value>");
  const int tag = ctx.cfg.tag_index(std::string_view(f[0]).substr(4));
  if (tag < 0) return ctx.warn("more than 32 tags; line ignored");
  TagRule rule;
  rule.tag = static_cast<std::uint8_t>(tag);
  if (key == "dhcp-userclass" || key == "dhcp-vendorclass") {
    rule.kind = key == "dhcp-userclass" ? TagRule::Kind::UserClass : TagRule::Kind::VendorClass;
    rule.text = f[1];
    if (rule.text.empty()) return ctx.warn(std::string(key) + ": empty class text");
    ctx.cfg.tag_rules.push_back(std::move(rule));
    return;
  }
  std::string_view opt = f[1];
  if (opt.starts_with("option:")) {
    opt.remove_prefix(7);
    if (opt == "client-arch")
      opt = "93";
    else if (opt == "user-class")
      opt = "77";
    else if (opt == "vendor-class")
      opt = "60";
  }
  std::uint32_t code = 0;
  if (!parse_uint(opt, code) || code == 0 || code > 254)
    return ctx.warn("dhcp-match: '" + f[1] + "' is not an option number (or option:client-arch)");
  if (f.size() >= 3) {
    if (code != 93)
      return ctx.warn("dhcp-match: values are only supported for option 93 (client-arch)");
    const auto arches = dhcp::arch_codes_from_name(f[2]);
    if (arches.empty()) return ctx.warn("dhcp-match: '" + f[2] + "' is not an architecture");
    for (std::uint16_t a : arches) {
      TagRule r = rule;
      r.kind = TagRule::Kind::ClientArch;
      r.arch = a;
      ctx.cfg.tag_rules.push_back(r);
    }
    return;
  }
  rule.kind = TagRule::Kind::OptionPresent;
  rule.option = static_cast<std::uint8_t>(code);
  ctx.cfg.tag_rules.push_back(std::move(rule));
}

void parse_line(LineContext& ctx, std::string_view line) {
  const std::size_t eq = line.find('=');
  const std::string_view key = trim(line.substr(0, eq));
  const std::string_view value =
      eq == std::string_view::npos ? std::string_view{} : trim(line.substr(eq + 1));
  std::vector<std::string> f;
  if (!split_fields(value, f)) return ctx.warn(std::string(key) + ": unbalanced double quote");
  ResponderConfig& cfg = ctx.cfg;

  if (key == "interface") {
    if (value.empty()) return ctx.warn("interface: needs an interface name");
    cfg.interface = std::string(value);
  } else if (key == "dhcp-range") {
    parse_dhcp_range(ctx, f);
  } else if (key == "pxe-service") {
    parse_pxe_service(ctx, f);
  } else if (key == "pxe-prompt") {
    parse_pxe_prompt(ctx, f);
  } else if (key == "dhcp-boot") {
    parse_dhcp_boot(ctx, f);
  } else if (key == "enable-tftp") {
    cfg.enable_tftp = true;
  } else if (key == "tftp-root") {
    if (f.empty() || f[0].empty()) return ctx.warn("tftp-root: needs a directory");
    cfg.tftp_root = f[0];
  } else if (key == "dhcp-userclass" || key == "dhcp-vendorclass" || key == "dhcp-match") {
    parse_tag_rule(ctx, key, f);
  } else if (key == "quiet-dhcp") {
    cfg.quiet_dhcp = true;
  } else if (key == "no-ping") {
    cfg.address_check = false;
  } else if (key == "dhcp-leasefile") {
    cfg.lease_file = std::string(value);
  } else if (key == "user") {
    cfg.user = std::string(value);
  } else if (key == "dhcp-option" || key == "dhcp-option-force") {
    std::vector<TagCondition> ignored;
    take_tags(ctx, f, ignored);
    if (f.size() == 2 && (f[0] == "3" || f[0] == "option:router")) {
      if (!parse_ipv4(f[1], cfg.router_ip))
        ctx.warn("dhcp-option: router '" + f[1] + "' is not IPv4");
    } else {
      ctx.warn("dhcp-option: only the router (3) is supported; line ignored");
    }
  } else if (key == "port" || key == "bind-interfaces" || key == "bind-dynamic" ||
             key == "log-dhcp" || key == "log-queries" || key == "group" ||
             key == "dhcp-authoritative" || key == "log-facility" || key == "pid-file" ||
             key == "keep-in-foreground" || key == "no-daemon" || key == "no-resolv" ||
             key == "no-hosts" || key == "conf-file" || key == "dhcp-no-override" ||
             key == "except-interface" || key == "listen-address") {
    // dnsmasq housekeeping with no meaning for pxescope: accepted silently.
  } else {
    ctx.warn("unknown option '" + std::string(key) + "' ignored");
  }
}

}  // namespace

int ResponderConfig::tag_index(std::string_view name) {
  for (std::size_t i = 0; i < tag_names.size(); ++i)
    if (tag_names[i] == name) return static_cast<int>(i);
  if (tag_names.size() >= 32) return -1;
  tag_names.emplace_back(name);
  return static_cast<int>(tag_names.size() - 1);
}

int csa_from_name(std::string_view name) {
  struct Csa {
    std::string_view name;
    int code;
  };
  static constexpr Csa kNames[] = {
      {"x86PC", 0},      {"PC98", 1},       {"IA64_EFI", 2},
      {"Alpha", 3},      {"Arc_x86", 4},    {"Intel_Lean_Client", 5},
      {"IA32_EFI", 6},   {"x86-64_EFI", 7}, {"BC_EFI", 7},
      {"Xscale_EFI", 8}, {"X86-64_EFI", 9}, {"ARM32_EFI", 10},
      {"ARM64_EFI", 11},
  };
  for (const Csa& c : kNames)
    if (c.name == name) return c.code;
  std::uint32_t n = 0;
  if (parse_uint(name, n) && n <= 0xffff) return static_cast<int>(n);
  const auto codes = dhcp::arch_codes_from_name(name);  // "efi-x64", "bios", ...
  if (!codes.empty()) return codes.front();
  return -1;
}

std::string service_boot_file(const PxeService& s, std::uint16_t layer) {
  if (s.basename.empty()) return {};
  const std::size_t slash = s.basename.find_last_of('/');
  const std::string_view last = slash == std::string::npos
                                    ? std::string_view(s.basename)
                                    : std::string_view(s.basename).substr(slash + 1);
  if (last.find('.') != std::string_view::npos) return s.basename;
  return s.basename + "." + std::to_string(layer);
}

void parse_config_text(std::string_view text, std::string_view filename, ResponderConfig& cfg,
                       std::vector<std::string>& warnings) {
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    const std::size_t hash = line.find('#');
    // dnsmasq comments start a line; a '#' inside quotes or a value is kept.
    if (hash != std::string_view::npos && trim(line.substr(0, hash)).empty()) continue;
    line = trim(line);
    if (line.empty()) continue;
    LineContext ctx{cfg, warnings, std::string(filename) + ":" + std::to_string(line_no)};
    if (line.find('\0') != std::string_view::npos) {
      ctx.warn("NUL byte in line; ignored");
      continue;
    }
    parse_line(ctx, line);
  }
}

bool load_config_file(const std::string& path, ResponderConfig& cfg,
                      std::vector<std::string>& warnings, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read config file " + path + ": " + std::strerror(errno);
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  parse_config_text(text.str(), path, cfg, warnings);
  return true;
}

std::vector<std::string> startup_checks(const ResponderConfig& cfg) {
  std::vector<std::string> problems;
  namespace fs = std::filesystem;
  if (!cfg.tftp_root.empty() && !cfg.enable_tftp)
    problems.push_back(
        "tftp-root=" + cfg.tftp_root +
        " is set but TFTP is not enabled: add enable-tftp (or --tftp-root), or clients "
        "will time out after the offer");
  if (cfg.enable_tftp && cfg.tftp_root.empty())
    problems.push_back("enable-tftp without tftp-root: set tftp-root=DIR (or --tftp-root DIR)");
  std::error_code ec;
  if (cfg.enable_tftp && !cfg.tftp_root.empty() && !fs::is_directory(cfg.tftp_root, ec))
    problems.push_back("TFTP root " + cfg.tftp_root + " is not a directory");
  auto check_file = [&](const std::string& file, const std::string& origin) {
    if (!cfg.enable_tftp || cfg.tftp_root.empty() || file.empty()) return;
    if (file.find("://") != std::string::npos) return;  // a URL, not a TFTP file
    std::string rel = file;
    while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
    if (!fs::is_regular_file(fs::path(cfg.tftp_root) / rel, ec))
      problems.push_back(origin + ": boot file '" + file + "' does not exist in the TFTP root " +
                         cfg.tftp_root);
  };
  for (const BootRule& r : cfg.boot_rules)
    if (r.server_ip == 0 && r.server_name.empty()) check_file(r.file, r.origin);
  for (const PxeService& s : cfg.services)
    if (s.server_ip == 0) check_file(service_boot_file(s, 0), s.origin);

  // An architecture named somewhere (a pxe-service) without a boot file for the others.
  bool has_default = false;
  for (const BootRule& r : cfg.boot_rules)
    if (r.arches.empty() && r.tags.empty()) has_default = true;
  if (!has_default) {
    static constexpr std::uint16_t kCommon[] = {0, 7, 11};
    for (std::uint16_t arch : kCommon) {
      bool covered = false;
      for (const PxeService& s : cfg.services)
        if (s.csa == arch || (arch == 7 && s.csa == 9)) covered = true;
      for (const BootRule& r : cfg.boot_rules)
        for (std::uint16_t a : r.arches)
          if (a == arch) covered = true;
      if (!covered)
        problems.push_back("no boot file for " + std::string(dhcp::arch_short_name(arch)) +
                           " (arch " + std::to_string(arch) +
                           ") clients: they will be ignored (add a pxe-service or "
                           "dhcp-boot line, or --boot-file)");
    }
  }
  return problems;
}

}  // namespace pxescope::responder
