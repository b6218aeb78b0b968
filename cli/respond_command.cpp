// `pxescope respond`: proxy DHCP (67 + 4011), optional full DHCP, built-in TFTP; or
// `--replay FILE` to run the same decisions over a capture. Flags override --config.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/dhcp/option_table.hpp"
#include "cli/commands.hpp"
#include "cli/kernel_flags.hpp"
#include "responder/config.hpp"
#include "responder/config_dhcp_option.hpp"
#include "responder/config_report.hpp"
#include "responder/dhcp6/dhcp6_replay.hpp"
#include "responder/dhcp6/dhcp6_report.hpp"
#include "responder/ipxe_chain.hpp"
#include "responder/kernel_mode.hpp"
#include "responder/replay.hpp"
#include "responder/server.hpp"

namespace pxescope::cli {
namespace {

using namespace pxescope::responder;

struct RespondArgs {
  std::string config_file;
  std::string iface;
  std::string server_ip;
  std::string tftp_root;
  bool no_tftp = false;
  std::optional<unsigned> tftp_max, tftp_max_per_client;
  std::string boot_file;
  std::vector<std::string> arch_boot_files;  // ARCH=FILE
  std::string ipxe_boot;
  std::string http_url;
  KernelModeFlags kernel;  // --kernel/--initrd/--cmdline
  std::optional<unsigned> http_port;
  std::string http_root, http_address;
  bool proxy = false;
  std::string dhcp_range;
  std::string router;
  std::string lease_file;
  std::vector<std::string> only;
  bool dry_run = false;
  int dhcp_check = -1;  // -1: the config's (default 2 s)
  bool force = false;
  bool json = false;
  bool quiet_dhcp = false;
  bool journal = false;
  bool no_live_stories = false;
  std::string story_dir, metrics;
  bool no_ping = false;
  std::string user;
  std::string replay;
  std::string netmask;
  bool keep_going = false;
  bool test = false;
  bool dhcp6 = false;
};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "pxescope respond: %s\n", message.c_str());
  return kExitUsage;
}

int refuse(std::string& error, int code, const std::string& message) {
  error = message;
  return code;
}

// Builds the configuration: the file first, then the flags on top. `problems` gets one
// "error: ..." or "warning: ..." line per bad config line (start-up prints them; a SIGHUP
// reload refuses a file that has any; --test reports them instead of stopping). A wrong line never
// leaves a server that silently serves less than the file says: it refuses unless --keep-going, and
// a config that contradicts itself is refused even then.
int build_config(const RespondArgs& a, ResponderConfig& cfg, std::vector<std::string>& problems,
                 std::string& error) {
  std::vector<std::string> bad_lines;
  if (!a.config_file.empty() && !load_config_file(a.config_file, cfg, bad_lines, error))
    return kExitInput;
  const bool refused =
      !a.test && !bad_lines.empty() && (!a.keep_going || cfg.config_conflicts != 0);
  for (const std::string& line : bad_lines)
    problems.push_back(std::string(refused || a.test ? "error: " : "warning: ") + line);
  if (refused)
    return refuse(error, kExitUsage,
                  cfg.config_conflicts != 0
                      ? "not starting: the config contradicts itself"
                      : "not starting: " + std::to_string(bad_lines.size()) +
                            " bad config line(s); fix them, or --keep-going to start without "
                            "them");
  cfg.keep_going = a.keep_going;
  if (!a.iface.empty()) cfg.interface = a.iface;
  if (!a.server_ip.empty() && !parse_ipv4(a.server_ip, cfg.server_ip))
    return refuse(error, kExitUsage, "--server-ip '" + a.server_ip + "' is not an IPv4 address");
  if (!a.tftp_root.empty()) {
    cfg.tftp_root = a.tftp_root;
    cfg.enable_tftp = true;
  }
  if (a.no_tftp) cfg.enable_tftp = false;
  if (a.tftp_max) cfg.tftp_max = *a.tftp_max;
  if (a.tftp_max_per_client) cfg.tftp_max_per_client = *a.tftp_max_per_client;
  if (!a.boot_file.empty()) {
    BootRule rule;
    rule.file = a.boot_file;
    rule.origin = "--boot-file";
    cfg.boot_rules.push_back(rule);
  }
  for (const std::string& spec : a.arch_boot_files) {
    const std::size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
      return refuse(error, kExitUsage,
                    "--arch-boot-file wants ARCH=FILE (e.g. efi-x64=ipxe.efi), not '" + spec + "'");
    BootRule rule;
    rule.arches = dhcp::arch_codes_from_name(spec.substr(0, eq));
    if (rule.arches.empty())
      return refuse(error, kExitUsage,
                    "--arch-boot-file: unknown architecture '" + spec.substr(0, eq) +
                        "' (bios, efi-ia32, efi-x64, efi-arm64, efi-x64-http, ... or a number)");
    rule.file = spec.substr(eq + 1);
    rule.origin = "--arch-boot-file " + spec;
    cfg.boot_rules.push_back(rule);
  }
  if (!a.ipxe_boot.empty()) {
    BootRule rule;
    rule.tags.push_back({add_ipxe_tag(cfg), false});
    rule.file = a.ipxe_boot;
    rule.origin = "--ipxe-boot";
    cfg.boot_rules.push_back(rule);
  }
  if (!a.http_url.empty()) cfg.http_boot_url = a.http_url;
  if (a.http_port) cfg.http_port = static_cast<std::uint16_t>(*a.http_port);
  if (!a.http_root.empty()) cfg.http_root = a.http_root;
  if (!a.http_address.empty()) {
    std::uint32_t ip = 0;
    if (!parse_ipv4(a.http_address, ip))
      return refuse(error, kExitUsage,
                    "--http-address '" + a.http_address + "' is not an IPv4 address");
    cfg.http_address = a.http_address;
  }
  // Kernel mode: a wrong flag is a usage error, a file that cannot be read an input error.
  if (std::vector<KernelImage> images; !parse_kernel_flags(a.kernel, images, error))
    return kExitUsage;
  if (!apply_kernel_mode(a.kernel, cfg, error)) return kExitInput;
  if (!a.dhcp_range.empty()) {
    std::vector<std::string> ignored;
    ResponderConfig range_only;
    parse_config_text("dhcp-range=" + a.dhcp_range, "--dhcp-range", range_only, ignored);
    if (!ignored.empty()) return refuse(error, kExitUsage, ignored.front());
    cfg.full_dhcp = range_only.full_dhcp;
    cfg.range_start = range_only.range_start;
    cfg.range_end = range_only.range_end;
    cfg.lease_seconds = range_only.lease_seconds;
    cfg.proxy_network = range_only.proxy_network;
  }
  if (a.proxy && cfg.full_dhcp)
    return refuse(error, kExitUsage, "--proxy and a full --dhcp-range exclude each other");
  if (!a.router.empty()) {  // an untagged dhcp-option=3 line, after the file's (so it wins)
    ConfiguredOption router;
    std::string why;
    std::uint32_t ip = 0;
    if (!parse_ipv4(a.router, ip) || !encode_option_line({"3", a.router}, router, why))
      return refuse(error, kExitUsage, "--router '" + a.router + "' is not an IPv4 address");
    router.origin = "--router";
    cfg.options.push_back(std::move(router));
  }
  if (!a.lease_file.empty()) cfg.lease_file = a.lease_file;
  for (const std::string& m : a.only) {
    MacAddress mac{};
    if (!parse_mac(m, mac))
      return refuse(error, kExitUsage,
                    "--only: '" + m + "' is not a MAC address (aa:bb:cc:dd:ee:ff)");
    cfg.only.push_back(mac);
  }
  cfg.dry_run = a.dry_run;
  if (a.dhcp_check >= 0) cfg.dhcp_check_seconds = static_cast<unsigned>(a.dhcp_check);
  if (a.force) cfg.force = true;
  cfg.json_log = a.json;
  if (a.quiet_dhcp) cfg.quiet_dhcp = true;
  if (a.journal) cfg.journal = true;
  if (a.no_live_stories) cfg.live_stories = false;
  if (!a.story_dir.empty()) cfg.story_dir = a.story_dir;
  if (!a.metrics.empty()) cfg.metrics_address = a.metrics;
  if (a.no_ping) cfg.address_check = false;
  if (!a.user.empty()) cfg.user = a.user;
  if (a.dhcp6) cfg.dhcp6.enabled = true;  // stateless unless the config has an IPv6 range
  return kExitOk;
}

// --test: the files pxescope's HTTP service serves outside its root (kernel mode), each
// checked; returns how many cannot be read.
std::size_t print_http_routes(const ResponderConfig& cfg) {
  std::size_t unreadable = 0;
  for (const http::HttpRoute& route : cfg.http_routes) {
    std::error_code ec;
    const bool ok =
        route.file_path.empty() || std::filesystem::is_regular_file(route.file_path, ec);
    std::printf("HTTP %s: %s%s\n", route.url_path.c_str(),
                route.file_path.empty() ? "generated by pxescope" : route.file_path.c_str(),
                ok ? "" : " (MISSING)");
    if (!ok) ++unreadable;
  }
  return unreadable;
}

// --test: the config's errors and start-up problems, then what each kind of client would
// get. Exit 1 when a line is wrong, the TFTP root cannot serve, or a file is missing.
int run_config_test(const ResponderConfig& cfg, std::size_t config_errors) {
  std::size_t failures = config_errors;
  for (const std::string& problem : startup_checks(cfg))
    std::fprintf(stderr, "pxescope respond: WARNING: %s\n", problem.c_str());
  if (cfg.enable_tftp && !cfg.tftp_root.empty()) {
    const std::string why = tftp_root_problem(cfg.tftp_root);
    std::printf("TFTP root %s: %s\n", cfg.tftp_root.c_str(), why.empty() ? "ok" : why.c_str());
    if (!why.empty()) ++failures;
  } else if (cfg.enable_tftp && !cfg.tftp_routes.empty()) {
    std::printf("TFTP: no root, only the iPXE binaries of the iPXE chain\n");
  } else {
    std::printf("TFTP: %s\n", cfg.enable_tftp ? "enabled without a root" : "not served here");
    if (cfg.enable_tftp) ++failures;
  }
  failures += print_http_routes(cfg);
  std::printf("mode: %s\n", cfg.full_dhcp ? "full DHCP" : "proxy DHCP");
  for (const ClientKindReport& line : report_client_kinds(cfg)) {
    std::printf("%-32s %s\n", (line.kind + ":").c_str(), line.answer.c_str());
    if (line.problem) ++failures;
  }
  // DHCPv6 (responder/dhcp6/): a mode line and one line per firmware kind.
  if (cfg.dhcp6.answers()) {
    std::printf("dhcp6 mode: %s\n", cfg.dhcp6.full ? "full (IA_NA addresses)"
                                                   : "stateless (boot clients only, no address)");
    const auto lines = report_dhcp6_clients(cfg);
    for (const Dhcp6ReportLine& line : lines)
      std::printf("%-40s %s\n", (line.kind + ":").c_str(), line.answer.c_str());
    if (std::none_of(lines.begin(), lines.end(), [](const auto& l) { return l.answered; })) {
      std::printf(
          "DHCPv6: no firmware kind gets a boot file URL (add "
          "dhcp-option=option6:bootfile-url,tftp://[::]/FILE or a dhcp-boot line)\n");
      ++failures;
    }
  }
  if (failures == 0) {
    std::printf("config OK\n");
    return kExitOk;
  }
  std::printf("config NOT OK: %zu problem(s)\n", failures);
  return kExitInput;
}

int run_respond(const RespondArgs& a) {
  ResponderConfig cfg;
  std::vector<std::string> problems;
  std::string error;
  const int rc = build_config(a, cfg, problems, error);
  for (const std::string& w : problems) std::fprintf(stderr, "pxescope respond: %s\n", w.c_str());
  if (rc != kExitOk) std::fprintf(stderr, "pxescope respond: %s\n", error.c_str());
  if (a.test) return rc == kExitOk ? run_config_test(cfg, problems.size()) : kExitInput;
  if (rc != kExitOk) return rc;
  // A live server that would serve TFTP from a root that cannot serve stops here, with
  // that one line, before it touches the network (not a WARNING and then the TFTP
  // server's own error for the same root).
  const std::string root_problem = tftp_root_check(cfg);
  const bool serves_tftp = a.replay.empty() && cfg.enable_tftp && !cfg.dry_run;
  if (serves_tftp && !root_problem.empty()) {
    std::fprintf(stderr, "pxescope respond: %s\n", root_problem.c_str());
    return kExitInput;
  }
  // Said in replay too: "no boot file for arch 0" explains an empty replay.
  for (const std::string& problem : startup_checks(cfg))
    std::fprintf(stderr, "pxescope respond: WARNING: %s\n", problem.c_str());
  if (!a.replay.empty()) {
    ServerIdentity server;
    server.ip = cfg.server_ip ? cfg.server_ip : 0xc0000201u;  // 192.0.2.1 (TEST-NET-1)
    server.mac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
    if (!a.netmask.empty() && !parse_ipv4(a.netmask, server.netmask))
      return usage_error("--netmask '" + a.netmask + "' is not a dotted netmask");
    ReplayStats stats;
    ReplayOutput output;
    output.json = a.json;
    output.reasons = stderr;  // JSON: the reasons beside the NDJSON, not in it
    if (!replay_capture(a.replay, cfg, server, output, stats, error)) {
      std::fprintf(stderr, "pxescope respond: %s\n", error.c_str());
      return kExitInput;
    }
    // DHCPv6 requests: one text line each (on stderr with --json, beside the NDJSON).
    if (cfg.dhcp6.answers() &&
        !replay_dhcp6_capture(a.replay, cfg, a.json ? stderr : stdout, stats, error)) {
      std::fprintf(stderr, "pxescope respond: %s\n", error.c_str());
      return kExitInput;
    }
    std::fflush(stdout);
    // On stderr, so the NDJSON on stdout stays pure.
    std::fprintf(
        stderr,
        "pxescope respond: replay: %llu frames, %llu requests, %llu replies, %llu ignored (%llu "
        "malformed)\n",
        static_cast<unsigned long long>(stats.frames),
        static_cast<unsigned long long>(stats.requests),
        static_cast<unsigned long long>(stats.replies),
        static_cast<unsigned long long>(stats.ignored),
        static_cast<unsigned long long>(stats.malformed));
    return kExitOk;
  }
  // SIGHUP: the same file and flags again; a line that would be skipped fails the reload.
  const ConfigSource reload = [&a](ResponderConfig& next, std::string& why) {
    std::vector<std::string> problems;
    const bool built = build_config(a, next, problems, why) == kExitOk;
    if (problems.empty()) return built;
    why = problems.front() + (problems.size() > 1
                                  ? " (and " + std::to_string(problems.size() - 1) + " more)"
                                  : std::string());
    return false;
  };
  return run_server(cfg, reload);
}

}  // namespace

void add_respond_command(CLI::App& app, Runner& run) {
  auto a = std::make_shared<RespondArgs>();
  CLI::App* cmd = app.add_subcommand(
      "respond", "Answer PXE clients: proxy DHCP on 67 + 4011, optional full DHCP, built-in TFTP");
  cmd->add_option("--config", a->config_file,
                  "dnsmasq-style config file (pxe-service=, dhcp-boot=, ...)");
  cmd->add_option("-i,--iface", a->iface, "The one interface to serve");
  cmd->add_option("--server-ip", a->server_ip,
                  "This server's address (default: the interface's; replay: 192.0.2.1)");
  cmd->add_option("--tftp-root", a->tftp_root, "Serve TFTP from this directory (enables TFTP)");
  cmd->add_flag("--no-tftp", a->no_tftp, "Do not run the built-in TFTP server");
  cmd->add_option("--tftp-max", a->tftp_max,
                  "TFTP transfers in flight in total; more are refused with ERROR (default 50)")
      ->check(CLI::Range(1u, 65535u));
  cmd->add_option("--tftp-max-per-client", a->tftp_max_per_client,
                  "TFTP transfers in flight per client IP, 0 = no limit (default 8)")
      ->check(CLI::Range(0u, 65535u));
  cmd->add_option("--boot-file", a->boot_file,
                  "Boot file (or URL) for every architecture without a more specific one");
  cmd->add_option("--arch-boot-file", a->arch_boot_files,
                  "ARCH=FILE, e.g. efi-x64=syslinux.efi (repeatable)");
  cmd->add_option("--ipxe-boot", a->ipxe_boot,
                  "File or URL (iPXE script) for clients already running iPXE");
  cmd->add_option("--http-url", a->http_url, "http:// URL for UEFI HTTP boot clients (HTTPClient)");
  cmd->add_option("--http-port", a->http_port,
                  "Serve HTTP (GET/HEAD, Range, keep-alive) on this TCP port (default: off)")
      ->check(CLI::Range(1u, 65535u));
  cmd->add_option("--http-root", a->http_root,
                  "Directory served over HTTP (default: the TFTP root)");
  cmd->add_option("--http-address", a->http_address,
                  "Address HTTP listens on (default: the interface's; 0.0.0.0: every address)");
  add_kernel_flags(*cmd, a->kernel);
  cmd->add_flag("--proxy", a->proxy, "Proxy DHCP only (the default): never hand out addresses");
  cmd->add_option("--dhcp-range", a->dhcp_range,
                  "START,END[,LEASE]: full DHCP server for a network without one");
  cmd->add_option("--router", a->router, "Full DHCP: router (option 3) to hand out");
  cmd->add_option("--lease-file", a->lease_file,
                  "Full DHCP: lease file (default /var/lib/pxescope/leases.IFACE)");
  cmd->add_option("--only", a->only, "Answer only these MACs (comma separated)")->delimiter(',');
  cmd->add_flag("--dry-run", a->dry_run, "Log each reply, send nothing (no TFTP, no dhcp-check)");
  cmd->add_option("--dhcp-check", a->dhcp_check,
                  "Seconds to listen for other DHCP/PXE servers after one DISCOVER at start-up "
                  "(default 2, 0: off)")
      ->check(CLI::Range(0, 600));
  cmd->add_flag("--force", a->force,
                "Full DHCP: start even when another DHCP server answers on the network");
  cmd->add_flag("--json", a->json,
                "JSON log lines; replay: NDJSON replies (reasons on stderr) instead of one text "
                "line per request");
  cmd->add_flag("--quiet-dhcp", a->quiet_dhcp,
                "No log line per DHCP request (malformed ones and TFTP still logged)");
  cmd->add_flag("--journal", a->journal,
                "Log lines to journald too, with PXESCOPE_MAC=, PXESCOPE_EVENT=, ... fields "
                "(automatic, and instead of stdout, when stdout is the journal)");
  cmd->add_flag("--no-live-stories", a->no_live_stories,
                "No boot story per client (no 'boot' verdict lines, no --story-dir captures)");
  cmd->add_option("--story-dir", a->story_dir,
                  "Write each failed boot's last packets to DIR/boot-MAC-TIME-VERDICT.pcapng");
  cmd->add_option("--metrics", a->metrics,
                  "Serve Prometheus metrics on ADDR:PORT (GET /metrics), e.g. 127.0.0.1:9187");
  cmd->add_flag("--no-ping", a->no_ping,
                "Full DHCP: offer addresses without first checking (ARP) that they are unused");
  cmd->add_option("--user", a->user, "Drop root to this user after opening the sockets");
  cmd->add_option("--replay", a->replay, "Run the decisions over a pcap/pcapng file, no network");
  cmd->add_option("--netmask", a->netmask, "Replay: the server's netmask (full DHCP)");
  cmd->add_flag("--test", a->test,
                "Check the config and the TFTP root, print what each kind of client would get, "
                "exit 0 (OK) or 1");
  cmd->add_flag("--dhcp6", a->dhcp6,
                "Answer DHCPv6 boot clients too (option 59, no address, beside the LAN's DHCPv6 "
                "server); an IPv6 dhcp-range in --config gives addresses");
  cmd->add_flag("--keep-going", a->keep_going,
                "Start even when config lines are unknown or wrong (they are skipped)");
  cmd->callback([&run, a] { run = [a] { return run_respond(*a); }; });
}

}  // namespace pxescope::cli
