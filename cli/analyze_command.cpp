// `pxescope analyze FILE...`: one line per frame with tshark's columns, one line per
// DHCP/proxyDHCP packet (--dhcp), the whole tree (-V), or NDJSON (--json). Streams: one
// frame in memory at a time.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/expert/expert_info.hpp"
#include "cli/capture_files.hpp"
#include "cli/commands.hpp"
#include "cli/packet_printer.hpp"
#include "cli/server_stats_view.hpp"

namespace pxescope::cli {
namespace {

struct AnalyzeArgs {
  std::vector<std::string> files;
  bool verbose = false;
  bool json = false;
  bool pxe_only = false;
  std::string display_filter;
  bool dhcp_view = false;
  bool servers = false;
  bool expert = false;
};

// --expert: every warning and linter finding, grouped as tshark -z expert (analyzer/expert).
int run_expert(const AnalyzeArgs& args) {
  std::unique_ptr<ExpertCollector> collector;
  const int exit_code = read_capture_files(
      args.files,
      [&](const std::string& path) {
        if (args.files.size() > 1) std::fprintf(stdout, "==> %s <==\n", path.c_str());
        collector = std::make_unique<ExpertCollector>();
      },
      [&](const Frame& frame) { collector->add(frame); },
      [&](const std::string&) {
        ExpertReport report;
        report.items = std::move(collector->items());
        std::fputs(render_expert_text(report).c_str(), stdout);
      });
  std::fflush(stdout);
  return exit_code;
}

int run_analyze(const AnalyzeArgs& args) {
  if (args.servers) return print_dhcp_servers(args.files, args.json);
  if (args.expert) return run_expert(args);
  PrintOptions options;
  options.mode = args.json      ? OutputMode::Json
                 : args.verbose ? OutputMode::Tree
                                : OutputMode::Summary;
  options.pxe_only = args.pxe_only;
  std::string error;
  options.display_filter = filter::DisplayFilter::parse(args.display_filter, error);
  if (!options.display_filter) {
    std::fprintf(stderr, "pxescope: -Y: %s\n", error.c_str());
    return kExitUsage;
  }
  // Every frame, as tshark lists them, unless the DHCP view is asked for (--pxe-only is a
  // DHCP view too).
  options.every_frame = !args.dhcp_view && !args.pxe_only;
  PacketPrinter printer(options, stdout);
  const bool many = args.files.size() > 1;
  const int exit_code = read_capture_files(
      args.files,
      [&](const std::string& path) {
        // Several files: a header line separates them (never in NDJSON, which stays pure).
        if (many && options.mode != OutputMode::Json) {
          printer.flush();
          std::fprintf(stdout, "==> %s <==\n", path.c_str());
        }
        // Several files: every JSON object names its file.
        printer.begin_source(many ? json_file_member(path) : std::string());
      },
      [&](const Frame& frame) { printer.handle(frame); },
      [&](const std::string& path) {
        printer.end_source(stderr, many ? std::string_view(path) : std::string_view());
      });
  std::fflush(stdout);
  return exit_code;
}

}  // namespace

void add_analyze_command(CLI::App& app, Runner& run) {
  auto args = std::make_shared<AnalyzeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "analyze", "Decode every frame of pcap/pcapng files (one line each, like tshark)");
  cmd->add_option("FILE", args->files, "pcap or pcapng capture file(s)")->required();
  auto* verbose = cmd->add_flag("-V,--verbose", args->verbose,
                                "Print the whole field tree of each packet, like tshark -V");
  cmd->add_flag("--json", args->json,
                "NDJSON: one {\"frame\",\"time\",\"fields\"} object per DHCP packet")
      ->excludes(verbose);
  cmd->add_flag("--dhcp", args->dhcp_view,
                "One line per DHCP/proxyDHCP packet, with the TFTP and ICMP-error lines of the "
                "boot (the view before every-frame listing)");
  cmd->add_flag("--pxe-only", args->pxe_only,
                "Only PXE clients and the replies to them (implies --dhcp without -V/--json)");
  cmd->add_flag("--servers", args->servers,
                "Statistics: every DHCP/DHCPv6 server that answered (offers, ACKs, clients, proxy, "
                "boot information, conflicting answers), like tshark -z; with --json one line per "
                "file");
  cmd->add_option("-Y,--display-filter", args->display_filter,
                  "Print only the frames this Wireshark display filter keeps, e.g. "
                  "'udp.port == 69 || dhcp.option.dhcp == 1'");
  // A view of its own: the options that shape the per-frame views do not apply to it.
  auto* expert = cmd->add_flag("--expert", args->expert,
                               "Every warning and offer-linter finding, grouped by severity then "
                               "code, each with its frame and field (like tshark -z expert)");
  for (const char* other : {"--verbose", "--json", "--dhcp", "--pxe-only", "--display-filter"})
    expert->excludes(other);
  cmd->callback([&run, args] { run = [args] { return run_analyze(*args); }; });
}

}  // namespace pxescope::cli
