#include "responder/reload.hpp"

#include "responder/http_server_options.hpp"

#include <cstdio>
#include <string_view>

#include "responder/config_interfaces.hpp"
#include "responder/lease_file.hpp"

namespace pxescope::responder {
namespace {

std::string mac_text(const MacAddress& m) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
                m[5]);
  return buf;
}

std::string tags_text(const ResponderConfig& c, const std::vector<TagCondition>& tags) {
  std::string out;
  for (const TagCondition& t : tags) {
    out += t.negated ? "tag:!" : "tag:";
    out += t.tag < c.tag_names.size() ? c.tag_names[t.tag] : std::to_string(t.tag);
    out += ',';
  }
  return out;
}

// Lists are joined with "; " so a change in one item shows as a changed list.
template <typename Item, typename Render>
std::string list_text(const std::vector<Item>& items, Render render) {
  std::string out;
  for (const Item& item : items) {
    if (!out.empty()) out += "; ";
    out += render(item);
  }
  return out.empty() ? "(none)" : out;
}

// dhcp-option lines: tags, space, code and the encoded bytes (a changed value shows).
std::string options_text(const ResponderConfig& c) {
  return list_text(c.options, [&c](const ConfiguredOption& o) {
    std::string out = tags_text(c, o.tags) + std::to_string(static_cast<int>(o.space)) + ":" +
                      std::to_string(o.code) + (o.force ? ",force," : ",");
    static constexpr char kHex[] = "0123456789abcdef";
    for (const std::uint8_t b : o.wire) {
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
    return out;
  });
}

std::string hosts_text(const ResponderConfig& c) {
  return list_text(c.hosts, [&c](const HostRule& h) {
    return mac_text(h.mac) + "/" + mac_text(h.mac_mask) + "," + tags_text(c, h.when) +
           "set:" + std::to_string(h.set_tags) + (h.ip ? "," + format_ipv4(h.ip) : std::string()) +
           (h.ignore ? ",ignore" : "");
  });
}

std::string boot_rules_text(const ResponderConfig& c) {
  return list_text(c.boot_rules, [&c](const BootRule& r) {
    std::string out = tags_text(c, r.tags);
    for (const std::uint16_t arch : r.arches) out += "arch:" + std::to_string(arch) + ',';
    out += r.file;
    if (!r.server_name.empty()) out += ',' + r.server_name;
    if (r.server_ip) out += ',' + format_ipv4(r.server_ip);
    return out;
  });
}

std::string services_text(const ResponderConfig& c) {
  return list_text(c.services, [&c](const PxeService& s) {
    return tags_text(c, s.tags) + std::to_string(s.csa) + ",\"" + s.menu_text + "\"," + s.basename +
           (s.server_ip ? ',' + format_ipv4(s.server_ip) : std::string());
  });
}

std::string tag_rules_text(const ResponderConfig& c) {
  // One name per TagRule::Kind, in its order (a new kind must be named here).
  static constexpr std::string_view kKind[] = {"userclass", "vendorclass", "match", "arch", "mac"};
  static_assert(std::size(kKind) == static_cast<std::size_t>(TagRule::Kind::Mac) + 1);
  return list_text(c.tag_rules, [&c](const TagRule& r) {
    const std::string name = r.tag < c.tag_names.size() ? c.tag_names[r.tag] : "?";
    const std::string what = r.kind == TagRule::Kind::OptionPresent ? std::to_string(r.option)
                             : r.kind == TagRule::Kind::ClientArch  ? std::to_string(r.arch)
                             : r.kind == TagRule::Kind::Mac
                                 ? mac_text(r.mac) + "/" + mac_text(r.mac_mask)
                                 : r.text;
    return std::string(kKind[static_cast<int>(r.kind)]) + ":set:" + name + "," + what;
  });
}

std::string ip_text(std::uint32_t ip) {
  return ip ? format_ipv4(ip) : std::string("(none)");
}

std::string flag_text(bool on) {
  return on ? "on" : "off";
}

// Every key a reload compares: its name, how to show its value, and whether the running
// server can take a new value (sockets, the lease pool and privileges are set up once).
struct KeyRule {
  std::string_view key;
  std::string (*value)(const ResponderConfig&);
  bool needs_restart;
};

const KeyRule kKeys[] = {
    {"interface", [](const ResponderConfig& c) { return c.interface; }, true},
    {"interface", interfaces_text, true},  // the list: one more or one less
    {"server-ip", [](const ResponderConfig& c) { return ip_text(c.server_ip); }, true},
    {"dhcp-range", ranges_text, true},
    {"dhcp-leasefile", [](const ResponderConfig& c) { return c.lease_file; }, true},
    {"user", [](const ResponderConfig& c) { return c.user; }, true},
    {"enable-tftp", [](const ResponderConfig& c) { return flag_text(c.enable_tftp); }, true},
    {"tftp-max", [](const ResponderConfig& c) { return std::to_string(c.tftp_max); }, true},
    {"tftp-max-per-client",
     [](const ResponderConfig& c) { return std::to_string(c.tftp_max_per_client); }, true},
    {"tftp-port-range",
     [](const ResponderConfig& c) {
       return std::to_string(c.tftp_port_min) + "," + std::to_string(c.tftp_port_max);
     },
     true},
    {"tftp-single-port", [](const ResponderConfig& c) { return flag_text(c.tftp_single_port); },
     true},
    {"tftp-no-blocksize", [](const ResponderConfig& c) { return flag_text(c.tftp_no_blocksize); },
     true},
    {"tftp-lowercase", [](const ResponderConfig& c) { return flag_text(c.tftp_lowercase); }, true},
    {"tftp-unique-root",
     [](const ResponderConfig& c) {
       return c.tftp_unique_root ? (c.tftp_unique_root_mac ? "mac" : "ip") : std::string("off");
     },
     true},
    {"tftp-secure", [](const ResponderConfig& c) { return flag_text(c.tftp_secure); }, true},
    {"json", [](const ResponderConfig& c) { return flag_text(c.json_log); }, true},
    {"quiet-dhcp", [](const ResponderConfig& c) { return flag_text(c.quiet_dhcp); }, true},
    {"dry-run", [](const ResponderConfig& c) { return flag_text(c.dry_run); }, true},
    {"http-port", [](const ResponderConfig& c) { return std::to_string(c.http_port); }, true},
    {"http-address", [](const ResponderConfig& c) { return c.http_address; }, true},
    {"http-max", [](const ResponderConfig& c) { return std::to_string(c.http_max); }, true},
    {"http-max-per-client",
     [](const ResponderConfig& c) { return std::to_string(c.http_max_per_client); }, true},
    {"http-header-timeout",
     [](const ResponderConfig& c) { return std::to_string(c.http_header_timeout_s); }, true},
    {"http-idle-timeout",
     [](const ResponderConfig& c) { return std::to_string(c.http_idle_timeout_s); }, true},
    {"tftp-root", [](const ResponderConfig& c) { return c.tftp_root; }, false},
    // Only the line itself: a root that follows tftp-root is named by the tftp-root change.
    {"http-root", [](const ResponderConfig& c) { return c.http_root; }, false},
    {"dhcp-boot", boot_rules_text, false},
    {"pxe-service", services_text, false},
    {"pxe-prompt",
     [](const ResponderConfig& c) {
       return c.has_prompt ? c.prompt_text + "," + std::to_string(c.prompt_timeout)
                           : std::string("(none)");
     },
     false},
    {"http-url", [](const ResponderConfig& c) { return c.http_boot_url; }, false},
    {"tags", tag_rules_text, false},
    {"lease-time", [](const ResponderConfig& c) { return std::to_string(c.lease_seconds); }, false},
    {"dhcp-option", options_text, false},
    {"dhcp-host", hosts_text, false},
    {"tag-if",
     [](const ResponderConfig& c) {
       return list_text(c.tag_ifs, [&c](const TagIf& t) {
         return tags_text(c, t.when) + "set:" + std::to_string(t.set_tags);
       });
     },
     false},
    {"dhcp-ignore",
     [](const ResponderConfig& c) {
       return list_text(c.ignore_tags,
                        [&c](const std::vector<TagCondition>& t) { return tags_text(c, t); });
     },
     false},
    {"no-ping", [](const ResponderConfig& c) { return flag_text(!c.address_check); }, true},
    {"only",
     [](const ResponderConfig& c) {
       return list_text(c.only, [](const MacAddress& m) { return mac_text(m); });
     },
     false},
};

}  // namespace

std::vector<ConfigChange> diff_config(const ResponderConfig& before, const ResponderConfig& after) {
  std::vector<ConfigChange> changes;
  for (const KeyRule& rule : kKeys) {
    std::string old_value = rule.value(before), new_value = rule.value(after);
    if (old_value != new_value)
      changes.push_back(
          {std::string(rule.key), std::move(old_value), std::move(new_value), rule.needs_restart});
  }
  return changes;
}

ReloadResult prepare_reload(const ResponderConfig& current, const ConfigSource& source) {
  ReloadResult result;
  std::string error;
  if (!source || !source(result.config, error)) {
    result.error = "reload failed, keeping the old configuration: " +
                   (error.empty() ? std::string("no configuration to reload") : error);
    return result;
  }
  ResponderConfig& next = result.config;
  if (next.interface.empty()) next.interface = current.interface;
  // Start-up made the lease file absolute (and chose the default): do the same, so an
  // unchanged relative dhcp-leasefile= is not taken for a change that needs a restart.
  if (next.full_dhcp) next.lease_file = lease_file_path(next.lease_file, next.interface);
  if (next.lease_file.empty()) next.lease_file = current.lease_file;
  result.changes = diff_config(current, next);
  for (const ConfigChange& change : result.changes) {
    if (!change.needs_restart) continue;
    result.error = "reload refused, keeping the old configuration: " + describe_change(change) +
                   " needs a restart";
    result.changes.clear();
    return result;
  }
  result.ok = true;
  return result;
}

void reload_config(ResponderConfig& cfg, const ConfigSource& source, Engine& engine,
                   tftp::TftpServer* tftp, EventLog& log, http::HttpServer* http) {
  ReloadResult result = prepare_reload(cfg, source);
  std::string error;
  if (result.ok && tftp && result.config.tftp_root != cfg.tftp_root &&
      !tftp->change_root(result.config.tftp_root, error)) {
    result.ok = false;
    result.error = "reload failed, keeping the old configuration: " + error;
  }
  if (result.ok && http &&
      !http->change(http_root_of(result.config), result.config.http_routes, error)) {
    result.ok = false;
    result.error = "reload failed, keeping the old configuration: " + error;
  }
  if (!result.ok) {
    log.info("reload", result.error);
    return;
  }
  for (const std::string& problem : startup_checks(result.config)) log.info("warning", problem);
  engine.set_config(result.config);
  cfg = std::move(result.config);
  if (result.changes.empty()) log.info("reload", "configuration re-read, nothing changed");
  for (const ConfigChange& change : result.changes) log.info("reload", describe_change(change));
}

std::string describe_change(const ConfigChange& change) {
  return change.key + ": " + change.before + " -> " + change.after;
}

}  // namespace pxescope::responder
