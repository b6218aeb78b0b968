// `pxescope probe -i IFACE [--arch ...] [--mac MAC] [--yes]`: act as a PXE client on a lab
// network and report every server that answered, what it offered, and the linter's findings.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#ifdef PXESCOPE_HAVE_RESPONDER
#include "responder/probe/probe_client.hpp"
#endif

namespace pxescope::cli {
namespace {

struct ProbeArgs {
  std::string iface;
  std::string arch = "bios";
  std::string mac;
  bool yes = false;
  bool no_tftp = false;
};

#ifdef PXESCOPE_HAVE_RESPONDER
bool parse_mac(const std::string& text, std::array<std::uint8_t, 6>& mac) {
  unsigned v[6];
  if (std::sscanf(text.c_str(), "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6)
    return false;
  for (int i = 0; i < 6; ++i) {
    if (v[i] > 255) return false;
    mac[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v[i]);
  }
  return true;
}

int run_probe_command(const ProbeArgs& args) {
  responder::ProbeOptions options;
  options.iface = args.iface;
  options.tftp = !args.no_tftp;
  if (!responder::parse_probe_arch(args.arch, options.arch)) {
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
  if (!args.yes && responder::interface_has_default_route(args.iface)) {
    std::fprintf(
        stderr,
        "pxescope: %s carries the default route: probing takes a DHCP address and talks "
        "to every PXE server there; it is meant for lab networks. Add --yes if you mean it.\n",
        args.iface.c_str());
    return kExitUsage;
  }
  responder::ProbeReport report;
  std::string error;
  if (!responder::run_probe(options, report, error)) {
    std::fprintf(stderr, "pxescope: %s\n", error.c_str());
    return kExitInput;
  }
  std::printf("probe on %s as %s (arch %d):\n", args.iface.c_str(),
              std::string(arch_name(options.arch)).c_str(), options.arch);
  for (const std::string& step : report.steps) std::printf("  %s\n", step.c_str());
  std::printf("servers that answered:\n");
  if (report.answers.empty()) std::printf("  none\n");
  for (const responder::ProbeAnswer& a : report.answers) {
    std::printf("  %-15s %-16s %s\n", format_ipv4(a.server_ip).c_str(), a.kind.c_str(),
                a.summary.c_str());
    for (const LintFinding& f : a.findings)
      std::printf("      %s %.*s: %s\n", f.severity == Severity::Note ? "note" : "warn",
                  static_cast<int>(f.code.size()), f.code.data(), f.message.c_str());
  }
  if (!report.boot_file.empty())
    std::printf("boot file: %s on %s; TFTP: %s\n", report.boot_file.c_str(),
                format_ipv4(report.boot_server).c_str(),
                report.tftp_result.empty() ? "not tried" : report.tftp_result.c_str());
  std::printf("%zu packets sent\n", report.packets_sent);
  std::fflush(stdout);
  return report.answers.empty() ? kExitInput : kExitOk;
}
#endif

}  // namespace

void add_probe_command(CLI::App& app, Runner& run) {
  auto args = std::make_shared<ProbeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "probe", "Act as a PXE client on a lab network: who answers, what they offer, what is wrong");
  cmd->add_option("-i,--iface", args->iface, "Interface to probe on (a lab network)")->required();
  cmd->add_option(
      "--arch", args->arch,
      "Client architecture: bios, efi-ia32, efi-x64, efi-bc, efi-arm32, efi-arm64 or a number");
  cmd->add_option("--mac", args->mac, "Client MAC (default: the interface's)");
  cmd->add_flag("--no-tftp", args->no_tftp, "Do not probe the boot file over TFTP");
  cmd->add_flag("--yes", args->yes, "Probe even on an interface that carries the default route");
  cmd->callback([&run, args] {
#ifdef PXESCOPE_HAVE_RESPONDER
    run = [args] { return run_probe_command(*args); };
#else
    run = [] {
      std::fprintf(stderr, "pxescope: probe needs the responder library (not built)\n");
      return kExitInput;
    };
#endif
  });
}

}  // namespace pxescope::cli
