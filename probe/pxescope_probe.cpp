// pxescope-probe: the executable behind `pxescope probe`, kept apart so that pxescope
// itself (and `pxescope respond`) never loads libtins (README, "Where libtins fits").
// Prints the same report as the probe always has; the DHCPv6 part follows the DHCPv4 one.
#include <cstdio>
#include <string>

#include "analyzer/dhcp/option_table.hpp"
#include "analyzer/story/dhcp_message.hpp"
#include "probe/probe_cli.hpp"
#include "probe/probe_client.hpp"
#include "probe/probe_link.hpp"

namespace pxescope::probe {
namespace {

constexpr int kExitOk = 0, kExitInput = 1, kExitUsage = 2;

bool parse_mac(const std::string& text, Mac& mac) {
  unsigned v[6];
  char extra = 0;
  if (std::sscanf(text.c_str(), "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                  &extra) != 6)
    return false;
  for (int i = 0; i < 6; ++i) {
    if (v[i] > 255) return false;
    mac[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v[i]);
  }
  return true;
}

void print_answers(const std::vector<ProbeAnswer>& answers) {
  std::printf("servers that answered:\n");
  if (answers.empty()) std::printf("  none\n");
  for (const ProbeAnswer& a : answers) {
    std::printf("  %-15s %-16s %s\n", a.server.c_str(), a.kind.c_str(), a.summary.c_str());
    for (const LintFinding& f : a.findings)
      std::printf("      %s %.*s: %s\n", f.severity == Severity::Note ? "note" : "warn",
                  static_cast<int>(f.code.size()), f.code.data(), f.message.c_str());
  }
}

// "probe on IFACE as ARCH (arch N)[ over DHCPv6]:", the steps, the servers that answered.
void print_steps_and_answers(const ProbeArgs& args, const ProbeOptions& options, const char* family,
                             const std::vector<std::string>& steps,
                             const std::vector<ProbeAnswer>& answers) {
  std::printf("probe on %s as %s (arch %d)%s:\n", args.iface.c_str(),
              std::string(dhcp::arch_name(static_cast<std::uint16_t>(options.arch))).c_str(),
              options.arch, family);
  for (const std::string& step : steps) std::printf("  %s\n", step.c_str());
  print_answers(answers);
}

void print_report4(const ProbeArgs& args, const ProbeOptions& options, const ProbeReport& r) {
  print_steps_and_answers(args, options, "", r.steps, r.answers);
  if (!r.boot_file.empty())
    std::printf("boot file: %s on %s; TFTP: %s\n", r.boot_file.c_str(),
                format_ipv4(r.boot_server).c_str(),
                r.tftp_result.empty() ? "not tried" : r.tftp_result.c_str());
  std::printf("%zu packets sent\n", r.packets_sent);
}

void print_report6(const ProbeArgs& args, const ProbeOptions& options, const Probe6Report& r) {
  print_steps_and_answers(args, options, " over DHCPv6", r.steps, r.answers);
  if (!r.server.empty())
    std::printf("DHCPv6 server: %s (DUID %s)\n", r.server.c_str(), r.server_duid.c_str());
  if (!r.server.empty())
    std::printf("DHCPv6 address: %s; bootfile-url: %s; bootfile-params: %s\n",
                r.address.empty() ? "none" : r.address.c_str(),
                r.bootfile_url.empty() ? "none" : r.bootfile_url.c_str(),
                r.bootfile_params.empty() ? "none" : r.bootfile_params.c_str());
  if (!r.boot_file.empty())
    std::printf("DHCPv6 boot file: %s on %s; TFTP: %s\n", r.boot_file.c_str(),
                r.boot_server.c_str(), r.tftp_result.empty() ? "not tried" : r.tftp_result.c_str());
  std::printf("%zu packets sent\n", r.packets_sent);
}

int run(const ProbeArgs& args) {
  ProbeOptions options;
  options.iface = args.iface;
  options.tftp = !args.no_tftp;
  options.ipv6 = args.ipv6;
  options.ipv4 = args.ipv4 || !args.ipv6;
  if (!parse_probe_arch(args.arch, options.arch)) {
    std::fprintf(stderr,
                 "pxescope: unknown --arch %s (use bios, efi-ia32, efi-x64, efi-bc, efi-arm32, "
                 "efi-arm64 or a number)\n",
                 args.arch.c_str());
    return kExitUsage;
  }
  if (!args.mac.empty() && !parse_mac(args.mac, options.mac)) {
    std::fprintf(stderr, "pxescope: --mac %s is not a MAC address (aa:bb:cc:dd:ee:ff)\n",
                 args.mac.c_str());
    return kExitUsage;
  }
  if (!args.quirk.empty() && !parse_probe_quirk(args.quirk, options.quirk)) {
    std::fprintf(stderr, "pxescope: unknown --quirk %s (use no-arch or split-60)\n",
                 args.quirk.c_str());
    return kExitUsage;
  }
  if (!args.yes && interface_has_default_route(args.iface)) {
    std::fprintf(
        stderr,
        "pxescope: %s carries the default route: probing takes a DHCP address and talks "
        "to every PXE server there; it is meant for lab networks. Add --yes if you mean it.\n",
        args.iface.c_str());
    return kExitUsage;
  }
  ProbeLink link;
  std::string error;
  if (!link.open(args.iface, error)) {
    std::fprintf(stderr, "pxescope: %s\n", error.c_str());
    return kExitInput;
  }
  bool answered = false;
  if (options.ipv4) {
    ProbeReport report;
    run_probe4(options, link, report);
    print_report4(args, options, report);
    answered = answered || !report.answers.empty();
  }
  if (options.ipv6) {
    if (options.arch == 0) options.arch = 7;  // PXE over IPv6 is UEFI's (no BIOS PXEv6)
    Probe6Report report;
    run_probe6(options, link, report);
    print_report6(args, options, report);
    answered = answered || !report.answers.empty();
  }
  std::fflush(stdout);
  return answered ? kExitOk : kExitInput;
}

}  // namespace
}  // namespace pxescope::probe

int main(int argc, char** argv) {
  using namespace pxescope::probe;
  CLI::App app{"pxescope-probe: act as a PXE client on a lab network (run by `pxescope probe`)",
               "pxescope-probe"};
  ProbeArgs args;
  add_probe_options(app, args);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  return run(args);
}
