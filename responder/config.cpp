#include "responder/config.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <type_traits>

#include <dirent.h>
#include <sys/stat.h>

#include "analyzer/dhcp/option_table.hpp"
#include "responder/boot_file_access.hpp"
#include "responder/config_dhcp_option.hpp"
#include "responder/config_hosts.hpp"
#include "responder/config_syntax.hpp"
#include "responder/grub_proxy_check.hpp"
#include "responder/ipxe_chain.hpp"

namespace pxescope::responder {
namespace {

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
  int depth = 0;      // conf-file nesting, bounded so a file including itself stops
  void warn(std::string_view problem) const {
    warnings.push_back(where + ": " + std::string(problem));
  }
  // A contradiction in the config: reported like an error, and --keep-going cannot
  // override it.
  void conflict(std::string_view problem) const {
    warn(problem);
    ++cfg.config_conflicts;
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

// pxescope serves one network in one mode: a second dhcp-range (proxy next to a range,
// or two ranges) is refused rather than one of them silently winning.
bool first_range(LineContext& ctx, bool proxy) {
  ResponderConfig& cfg = ctx.cfg;
  if (cfg.range_origin.empty()) {
    cfg.range_origin = ctx.where;
    return true;
  }
  const bool earlier_proxy = !cfg.full_dhcp;
  if (earlier_proxy != proxy)
    ctx.conflict(std::string("dhcp-range: ") +
                 (proxy
                      ? "proxy mode here, but " + cfg.range_origin + " gives an address range"
                      : "an address range here, but " + cfg.range_origin + " asks for proxy mode") +
                 "; keep one of the two lines (proxy: <network>,proxy; full DHCP: START,END)");
  else
    ctx.conflict("dhcp-range: a second range (the first is at " + cfg.range_origin +
                 "); pxescope serves one network: keep one dhcp-range line");
  return false;
}

void parse_dhcp_range(LineContext& ctx, std::vector<std::string>& f) {
  std::vector<TagCondition> ignored;
  take_tags(ctx, f, ignored);
  // <network>,proxy[,<netmask>]: the mode sits where END would (dnsmasq's syntax).
  if (f.size() >= 2 && f[1] == "proxy") {
    std::uint32_t network = 0, mask = 0;
    if (!parse_ipv4(f[0], network))
      return ctx.warn("dhcp-range: '" + f[0] + "' is not an IPv4 network address");
    if (f.size() > 3 || (f.size() == 3 && !parse_ipv4(f[2], mask)))
      return ctx.warn("dhcp-range: expected <network>,proxy[,<netmask>]");
    if (!first_range(ctx, true)) return;
    ctx.cfg.proxy_network = network;
    ctx.cfg.full_dhcp = false;
    return;
  }
  if (f.size() < 2)
    return ctx.warn("dhcp-range: expected <network>,proxy or START,END[,NETMASK][,LEASE]");
  std::uint32_t start = 0, end = 0;
  if (!parse_ipv4(f[0], start) || !parse_ipv4(f[1], end))
    return ctx.warn("dhcp-range: START and END must be IPv4 addresses");
  if (end < start) return ctx.warn("dhcp-range: END is before START");
  std::uint32_t lease = ctx.cfg.lease_seconds;
  for (std::size_t i = 2; i < f.size(); ++i) {
    std::uint32_t mask = 0;
    if (parse_ipv4(f[i], mask)) continue;  // a netmask: the interface's is used
    if (!parse_lease(f[i], lease))
      return ctx.warn("dhcp-range: '" + f[i] +
                      "' is not a lease time (e.g. 1h, 3600, infinite; at least 2m)");
  }
  if (!first_range(ctx, false)) return;
  ctx.cfg.full_dhcp = true;
  ctx.cfg.lease_seconds = lease;
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
// (dnsmasq's older "TAG," and "net:TAG," spellings mean set: too).
void parse_tag_rule(LineContext& ctx, std::string_view key, std::vector<std::string>& f) {
  std::string_view name = f.empty() ? std::string_view{} : std::string_view(f[0]);
  if (name.starts_with("set:") || name.starts_with("net:")) name.remove_prefix(4);
  if (f.size() < 2 || name.empty() || name.starts_with("tag:"))
    return ctx.warn(std::string(key) + ": expected set:<tag>,<value>");
  const int tag = ctx.cfg.tag_index(name);
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
  std::uint32_t code = 0;
  if (opt.starts_with("option:")) {
    const int by_name = dhcp::code_from_config_name(opt.substr(7));  // the option table's names
    if (by_name < 0)
      return ctx.warn("dhcp-match: unknown option name '" + f[1] + "' (dnsmasq --help dhcp)");
    code = static_cast<std::uint32_t>(by_name);
  } else if (!parse_uint(opt, code) || code == 0 || code > 254) {
    return ctx.warn("dhcp-match: '" + f[1] + "' is not an option number (or option:<name>)");
  }
  // A text to find in 60 or 77 is what dhcp-vendorclass / dhcp-userclass match.
  if (f.size() == 3 && (code == 60 || code == 77)) {
    rule.kind = code == 60 ? TagRule::Kind::VendorClass : TagRule::Kind::UserClass;
    rule.text = f[2];
    if (rule.text.empty()) return ctx.warn("dhcp-match: empty text to match");
    ctx.cfg.tag_rules.push_back(std::move(rule));
    return;
  }
  if (f.size() >= 3) {
    if (code != 93)
      return ctx.warn(
          "dhcp-match: values are only supported for options 93 (client-arch), 60 and 77");
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

void parse_interface(LineContext& ctx, const ConfigLine& line) {
  ResponderConfig& cfg = ctx.cfg;
  const std::vector<std::string>& f = line.fields;
  if (f.empty() || f[0].empty()) return ctx.warn("interface: needs an interface name");
  if (f.size() > 1 || !cfg.interface_origin.empty())
    return ctx.conflict("interface: a second interface (" +
                        (f.size() > 1 ? f[1] : cfg.interface + " at " + cfg.interface_origin) +
                        "); pxescope serves one interface: run one responder per interface");
  cfg.interface = f[0];
  cfg.interface_origin = ctx.where;
}

void parse_tftp_root(LineContext& ctx, const ConfigLine& line) {
  // tftp-root=DIR[,INTERFACE]: the interface restriction is not supported.
  const std::vector<std::string>& f = line.fields;
  if (f.empty() || f[0].empty()) return ctx.warn("tftp-root: needs a directory");
  if (f.size() > 1) return ctx.warn("tftp-root: a per-interface root is not supported");
  ctx.cfg.tftp_root = f[0];
  ctx.cfg.tftp_root_origin = ctx.where;
}

bool parse_count(LineContext& ctx, const ConfigLine& line, std::uint32_t max, std::uint32_t& out) {
  if (line.fields.size() != 1 || !parse_uint(line.fields[0], out) || out == 0 || out > max) {
    ctx.warn(line.key + ": expected a number from 1 to " + std::to_string(max));
    return false;
  }
  return true;
}

void parse_tftp_max(LineContext& ctx, const ConfigLine& line) {
  std::uint32_t n = 0;
  if (parse_count(ctx, line, 65535, n)) ctx.cfg.tftp_max = n;
}

void parse_tftp_max_per_client(LineContext& ctx, const ConfigLine& line) {
  std::uint32_t n = 0;
  if (parse_count(ctx, line, 65535, n)) ctx.cfg.tftp_max_per_client = n;
}

void parse_tftp_unique_root(LineContext& ctx, const ConfigLine& line) {
  // tftp-unique-root[=ip|mac]: ip is dnsmasq's default.
  const std::string_view how = line.fields.empty() ? "" : std::string_view(line.fields[0]);
  if (!how.empty() && how != "ip" && how != "mac")
    return ctx.warn("tftp-unique-root: expected nothing, =ip or =mac, not '" + std::string(how) +
                    "'");
  ctx.cfg.tftp_unique_root = true;
  ctx.cfg.tftp_unique_root_mac = how == "mac";
}

void parse_tftp_port_range(LineContext& ctx, const ConfigLine& line) {
  std::uint32_t lo = 0, hi = 0;
  const std::vector<std::string>& f = line.fields;
  if (f.size() != 2 || !parse_uint(f[0], lo) || !parse_uint(f[1], hi) || lo == 0 || hi > 65535 ||
      hi < lo)
    return ctx.warn("tftp-port-range: expected START,END with 1 <= START <= END <= 65535");
  ctx.cfg.tftp_port_min = static_cast<std::uint16_t>(lo);
  ctx.cfg.tftp_port_max = static_cast<std::uint16_t>(hi);
}

// A line that takes no value ("enable-tftp"); dnsmasq's enable-tftp=IFACE is refused here
// because pxescope serves TFTP on its one interface.
bool no_value(LineContext& ctx, const ConfigLine& line) {
  if (line.value.empty()) return true;
  ctx.warn(line.key + ": takes no value (remove '=" + line.value + "')");
  return false;
}

template <bool ResponderConfig::*Flag>
void set_flag(LineContext& ctx, const ConfigLine& line) {
  if (no_value(ctx, line)) ctx.cfg.*Flag = true;
}

// A line that turns a default-on behaviour off ("no-ping").
template <bool ResponderConfig::*Flag>
void clear_flag(LineContext& ctx, const ConfigLine& line) {
  if (no_value(ctx, line)) ctx.cfg.*Flag = false;
}

template <std::string ResponderConfig::*Field>
void set_text(LineContext& ctx, const ConfigLine& line) {
  if (line.value.empty()) return ctx.warn(line.key + ": needs a value");
  ctx.cfg.*Field = line.fields.size() == 1 ? line.fields[0] : line.value;
}

// A number from Min to Max ("http-max=64", "http-port=8080").
template <auto Field, std::uint32_t Min, std::uint32_t Max>
void set_number(LineContext& ctx, const ConfigLine& line) {
  std::uint32_t n = 0;
  if (line.fields.size() != 1 || !parse_uint(line.fields[0], n) || n < Min || n > Max)
    return ctx.warn(line.key + ": expected a number from " + std::to_string(Min) + " to " +
                    std::to_string(Max));
  ctx.cfg.*Field = static_cast<std::remove_reference_t<decltype(ctx.cfg.*Field)>>(n);
}

void parse_http_root(LineContext& ctx, const ConfigLine& line) {
  if (line.value.empty()) return ctx.warn("http-root: needs a directory");
  ctx.cfg.http_root = line.value;
  ctx.cfg.http_root_origin = ctx.where;
}

void parse_http_address(LineContext& ctx, const ConfigLine& line) {
  std::uint32_t ip = 0;
  if (!parse_ipv4(line.value, ip))
    return ctx.warn("http-address: expected an IPv4 address to listen on (0.0.0.0: every one)");
  ctx.cfg.http_address = line.value;
}

// enable-tftp[=IFACE[,IFACE]]: pxescope serves TFTP on its one interface, so a list naming
// it (or any list, before interface= is known) just enables TFTP.
void parse_enable_tftp(LineContext& ctx, const ConfigLine&) {
  ctx.cfg.enable_tftp = true;
}

// dhcp-option= and dhcp-option-force=: every option, the router too, is encoded once here
// through the option table.
void parse_dhcp_option(LineContext& ctx, const ConfigLine& line) {
  std::vector<std::string> f = line.fields;
  ConfiguredOption opt;
  if (!take_tags(ctx, f, opt.tags)) return ctx.warn(line.key + ": empty tag name");
  std::string error;
  if (!encode_option_line(f, opt, error)) return ctx.warn(line.key + ": " + error);
  opt.force = line.key == "dhcp-option-force";
  opt.origin = ctx.where;
  ctx.cfg.options.push_back(std::move(opt));
}

// The per-client lines: parsed in config_hosts.cpp, reported here with FILE:LINE.
void parse_dhcp_host(LineContext& ctx, const ConfigLine& line) {
  std::string error;
  if (!parse_dhcp_host_line(line.fields, ctx.where, ctx.cfg, error))
    ctx.warn(line.key + ": " + error);
}

template <bool (*Parse)(const std::vector<std::string>&, ResponderConfig&, std::string&)>
void per_client_line(LineContext& ctx, const ConfigLine& line) {
  std::string error;
  if (!Parse(line.fields, ctx.cfg, error)) ctx.warn(line.key + ": " + error);
}

void load_included(LineContext& ctx, const std::string& path);

// conf-dir=DIR[,.ext,...][,*.ext,...]: every file in DIR in name order, except names
// ending in an excluded extension (.bak) or not matching an included one (*.conf), and
// the ones dnsmasq always skips: editor backups (~, #...#) and hidden files.
void parse_conf_dir(LineContext& ctx, const ConfigLine& line) {
  namespace fs = std::filesystem;
  const std::vector<std::string>& f = line.fields;
  if (f.empty() || f[0].empty()) return ctx.warn("conf-dir: needs a directory");
  std::vector<std::string> skip, only;
  for (std::size_t i = 1; i < f.size(); ++i)
    (f[i].starts_with('*') ? only : skip).push_back(f[i].starts_with('*') ? f[i].substr(1) : f[i]);
  std::error_code ec;
  fs::directory_iterator it(f[0], ec);
  if (ec)
    return ctx.warn("conf-dir: cannot read directory " + f[0] + ": " + ec.message() +
                    " (create it, or correct the conf-dir= line)");
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with('.') || name.ends_with('~') ||
        (name.size() > 1 && name.starts_with('#') && name.ends_with('#')))
      continue;
    auto ends_with_any = [&](const std::vector<std::string>& exts) {
      return std::any_of(exts.begin(), exts.end(),
                         [&](const std::string& e) { return name.ends_with(e); });
    };
    if (ends_with_any(skip) || (!only.empty() && !ends_with_any(only))) continue;
    if (!entry.is_regular_file(ec)) continue;
    names.push_back(entry.path().string());
  }
  std::sort(names.begin(), names.end());
  for (const std::string& path : names) load_included(ctx, path);
}

void parse_conf_file(LineContext& ctx, const ConfigLine& line) {
  if (line.value.empty()) return ctx.warn("conf-file: needs a file name");
  load_included(ctx, line.fields.empty() ? line.value : line.fields[0]);
}

void parse_tag_line(LineContext& ctx, const ConfigLine& line) {
  std::vector<std::string> f = line.fields;
  parse_tag_rule(ctx, line.key, f);
}

template <void (*Parse)(LineContext&, std::vector<std::string>&)>
void with_fields(LineContext& ctx, const ConfigLine& line) {
  std::vector<std::string> f = line.fields;
  Parse(ctx, f);
}

// dnsmasq housekeeping with no meaning for pxescope (DNS, logging, daemon control).
void accept_silently(LineContext&, const ConfigLine&) {}

struct KeyHandler {
  std::string_view key;
  void (*parse)(LineContext&, const ConfigLine&);
};

// Every line pxescope understands; anything else is an error with a "did you mean".
constexpr KeyHandler kKeys[] = {
    {"interface", parse_interface},
    {"dhcp-range", with_fields<parse_dhcp_range>},
    {"pxe-service", with_fields<parse_pxe_service>},
    {"pxe-prompt", with_fields<parse_pxe_prompt>},
    {"dhcp-boot", with_fields<parse_dhcp_boot>},
    {"dhcp-userclass", parse_tag_line},
    {"dhcp-vendorclass", parse_tag_line},
    {"dhcp-match", parse_tag_line},
    {"dhcp-host", parse_dhcp_host},
    {"dhcp-mac", per_client_line<parse_dhcp_mac_line>},
    {"dhcp-ignore", per_client_line<parse_dhcp_ignore_line>},
    {"tag-if", per_client_line<parse_tag_if_line>},
    {"dhcp-option", parse_dhcp_option},
    {"dhcp-option-force", parse_dhcp_option},
    {"dhcp-leasefile", set_text<&ResponderConfig::lease_file>},
    {"user", set_text<&ResponderConfig::user>},
    {"quiet-dhcp", set_flag<&ResponderConfig::quiet_dhcp>},
    {"no-ping", clear_flag<&ResponderConfig::address_check>},
    {"enable-tftp", parse_enable_tftp},
    {"tftp-root", parse_tftp_root},
    {"tftp-max", parse_tftp_max},
    {"tftp-max-per-client", parse_tftp_max_per_client},
    {"tftp-no-blocksize", set_flag<&ResponderConfig::tftp_no_blocksize>},
    {"tftp-lowercase", set_flag<&ResponderConfig::tftp_lowercase>},
    {"tftp-unique-root", parse_tftp_unique_root},
    {"tftp-secure", set_flag<&ResponderConfig::tftp_secure>},
    {"tftp-single-port", set_flag<&ResponderConfig::tftp_single_port>},
    {"tftp-port-range", parse_tftp_port_range},
    {"http-port", set_number<&ResponderConfig::http_port, 1, 65535>},
    {"http-root", parse_http_root},
    {"http-address", parse_http_address},
    {"http-max", set_number<&ResponderConfig::http_max, 1, 65535>},
    {"http-max-per-client", set_number<&ResponderConfig::http_max_per_client, 0, 65535>},
    {"http-header-timeout", set_number<&ResponderConfig::http_header_timeout_s, 1, 3600>},
    {"http-idle-timeout", set_number<&ResponderConfig::http_idle_timeout_s, 1, 3600>},
    {"conf-file", parse_conf_file},
    {"conf-dir", parse_conf_dir},
    {"port", accept_silently},
    {"bind-interfaces", accept_silently},
    {"bind-dynamic", accept_silently},
    {"log-dhcp", accept_silently},
    {"log-queries", accept_silently},
    {"group", accept_silently},
    {"dhcp-authoritative", accept_silently},
    {"log-facility", accept_silently},
    {"pid-file", accept_silently},
    {"keep-in-foreground", accept_silently},
    {"no-daemon", accept_silently},
    {"no-resolv", accept_silently},
    {"no-hosts", accept_silently},
    {"dhcp-no-override", accept_silently},
    {"except-interface", accept_silently},
    {"listen-address", accept_silently},
    // The DNS side of a combined dnsmasq.conf: pxescope answers no DNS.
    {"domain", accept_silently},
    {"server", accept_silently},
    {"local", accept_silently},
    {"address", accept_silently},
    {"domain-needed", accept_silently},
    {"bogus-priv", accept_silently},
    {"expand-hosts", accept_silently},
    {"cache-size", accept_silently},
    {"no-poll", accept_silently},
    {"strict-order", accept_silently},
    {"addn-hosts", accept_silently},
    {"resolv-file", accept_silently},
};

void parse_line(LineContext& ctx, std::string_view text) {
  ConfigLine line;
  std::string error;
  if (!split_config_line(text, line, error)) return ctx.warn(error);
  if (line.key.empty()) return;  // a comment after white space
  // The IPv6 forms (dhcp-range=fd00::..., option6:, enable-ra): responder/dhcp6/dhcp6_config.cpp.
  if (std::string why; parse_dhcp6_line(line, ctx.where, ctx.cfg, why)) {
    if (!why.empty()) ctx.warn(why);
    return;
  }
  for (const KeyHandler& k : kKeys)
    if (k.key == line.key) return k.parse(ctx, line);
  std::vector<std::string_view> known;
  for (const KeyHandler& k : kKeys) known.push_back(k.key);
  const std::string_view guess = closest_name(line.key, known);
  ctx.warn("unknown option '" + line.key + "'" +
           (guess.empty() ? std::string(" (see \"Config lines understood\" in responder/README.md)")
                          : "; did you mean '" + std::string(guess) + "'?"));
}

void parse_text(std::string_view text, std::string_view filename, ResponderConfig& cfg,
                std::vector<std::string>& warnings, int depth) {
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    LineContext ctx{cfg, warnings, std::string(filename) + ":" + std::to_string(line_no), depth};
    if (line.find('\0') != std::string_view::npos) {
      ctx.warn("NUL byte in line; ignored");
      continue;
    }
    parse_line(ctx, line);
  }
}

bool read_file_text(const std::string& path, std::string& text, std::string& error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    error = "cannot read config file " + path + ": it is a directory (use conf-dir=)";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read config file " + path + ": " + std::strerror(errno);
    return false;
  }
  std::ostringstream out;
  out << in.rdbuf();
  text = out.str();
  return true;
}

void load_included(LineContext& ctx, const std::string& path) {
  constexpr int kMaxDepth = 16;  // a file that includes itself stops here
  if (ctx.depth >= kMaxDepth)
    return ctx.warn("conf-file: " + path + " nested more than 16 deep (a file including itself?)");
  std::string text, error;
  if (!read_file_text(path, text, error)) return ctx.warn(error);
  parse_text(text, path, ctx.cfg, ctx.warnings, ctx.depth + 1);
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
  // dnsmasq's names, matched without case as dnsmasq does (2.90: x86-64_EFI is 7, BC_EFI 9).
  static constexpr Csa kNames[] = {
      {"x86PC", 0},    {"PC98", 1},       {"IA64_EFI", 2},
      {"Alpha", 3},    {"Arc_x86", 4},    {"Intel_Lean_Client", 5},
      {"IA32_EFI", 6}, {"x86-64_EFI", 7}, {"Xscale_EFI", 8},
      {"BC_EFI", 9},   {"ARM32_EFI", 10}, {"ARM64_EFI", 11},
  };
  for (const Csa& c : kNames)
    if (iequals(c.name, name)) return c.code;
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
  parse_text(text, filename, cfg, warnings, 0);
}

bool load_config_file(const std::string& path, ResponderConfig& cfg,
                      std::vector<std::string>& warnings, std::string& error) {
  std::string text;
  if (!read_file_text(path, text, error)) return false;
  parse_text(text, path, cfg, warnings, 0);
  return true;
}

// Why the TFTP root cannot serve, in the words an administrator searches for; "" if it can.
std::string tftp_root_problem(const std::string& root) {
  struct stat st {};
  if (::stat(root.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      return "does not exist: create it, or correct the tftp-root= line";
    if (errno == EACCES)
      return "permission denied: give the serving user search (x) permission on every "
             "directory above it";
    return std::string("cannot be used: ") + std::strerror(errno);
  }
  if (!S_ISDIR(st.st_mode)) return "is not a directory: correct the tftp-root= line";
  DIR* dir = ::opendir(root.c_str());
  if (dir == nullptr)
    return errno == EACCES ? "permission denied: the serving user needs read and search (r-x) "
                             "permission on it"
                           : std::string("cannot be read: ") + std::strerror(errno);
  ::closedir(dir);
  return {};
}

std::string tftp_root_check(const ResponderConfig& cfg) {
  if (!cfg.enable_tftp || cfg.tftp_root.empty()) return {};
  const std::string why = tftp_root_problem(cfg.tftp_root);
  if (why.empty()) return {};
  const std::string where =
      cfg.tftp_root_origin.empty() ? std::string("--tftp-root") : cfg.tftp_root_origin;
  return where + ": tftp-root=" + cfg.tftp_root + " " + why;
}

std::vector<std::string> startup_checks(const ResponderConfig& cfg) {
  std::vector<std::string> problems;
  namespace fs = std::filesystem;
  // Advice names the line to change: the config line when there is one.
  const std::string root_where =
      cfg.tftp_root_origin.empty() ? std::string("--tftp-root") : cfg.tftp_root_origin;
  if (!cfg.tftp_root.empty() && !cfg.enable_tftp)
    problems.push_back(root_where + ": tftp-root=" + cfg.tftp_root +
                       " is set but TFTP is not enabled: add an enable-tftp line, or clients "
                       "will time out after the offer");
  if (cfg.enable_tftp && cfg.tftp_root.empty() && cfg.tftp_routes.empty())
    problems.push_back("enable-tftp without tftp-root: add a tftp-root=DIR line");
  for (std::string& missing : ipxe_binary_problems(cfg)) problems.push_back(std::move(missing));
  std::error_code ec;
  if (std::string root = tftp_root_check(cfg); !root.empty()) problems.push_back(std::move(root));
  // The lease table hands out addresses of the range only.
  for (const HostRule& h : cfg.hosts)
    if (h.ip != 0 && cfg.full_dhcp && (h.ip < cfg.range_start || h.ip > cfg.range_end))
      problems.push_back(h.origin + ": dhcp-host address " + format_ipv4(h.ip) +
                         " is outside the dhcp-range; it will not be given out (move it into "
                         "the range)");
  for (const LocalBootFile& boot : local_boot_files(cfg))
    if (!fs::is_regular_file(fs::path(cfg.tftp_root) / boot.relative, ec))
      problems.push_back(boot.origin + ": boot file '" + boot.file +
                         "' does not exist in the TFTP root " + cfg.tftp_root);

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
  for (std::string& line : grub_behind_proxy_warnings(cfg)) problems.push_back(std::move(line));
  return problems;
}

}  // namespace pxescope::responder
