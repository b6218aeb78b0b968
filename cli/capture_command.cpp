// `pxescope capture -i IFACE`: the same output as `analyze`, live, until Ctrl-C, -c COUNT
// or -a duration:SECONDS; optionally writes what it captured as pcapng (-w). TFTP transfers
// are followed as in `analyze`: the capture filter is widened to the client port each read
// request opens, until the transfer ends (analyzer/tftp/live_tftp_ports.hpp).
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>

#include "analyzer/capture_reader.hpp"
#include "analyzer/pcapng_writer.hpp"
#include "analyzer/tftp/live_tftp_ports.hpp"
#include "cli/commands.hpp"
#include "cli/packet_printer.hpp"

namespace pxescope::cli {
namespace {

struct CaptureArgs {
  std::string interface;
  std::string write_path;
  std::string filter;
  std::string autostop;  // "duration:SECONDS"
  std::uint64_t count = 0;
  bool json = false;
  bool verbose = false;
  bool pxe_only = false;
};

volatile std::sig_atomic_t g_stop = 0;
CaptureReader* g_reader = nullptr;

extern "C" void on_stop_signal(int) {
  g_stop = 1;
  if (g_reader) g_reader->break_loop();  // pcap_breakloop: safe from a signal handler
}

// "duration:SECONDS" -> seconds (> 0); -1 when malformed.
double parse_duration(const std::string& spec) {
  constexpr std::string_view kPrefix = "duration:";
  if (spec.rfind(kPrefix, 0) != 0) return -1;
  try {
    std::size_t used = 0;
    const double s = std::stod(spec.substr(kPrefix.size()), &used);
    if (used != spec.size() - kPrefix.size() || !(s > 0)) return -1;
    return s;
  } catch (const std::exception&) {
    return -1;
  }
}

int run_capture(const CaptureArgs& args) {
  double duration = 0;
  if (!args.autostop.empty()) {
    duration = parse_duration(args.autostop);
    if (duration < 0) {
      std::fprintf(stderr,
                   "pxescope capture: -a expects duration:SECONDS (e.g. -a duration:30), got "
                   "'%s'\n",
                   args.autostop.c_str());
      return kExitUsage;
    }
  }
  CaptureReader reader;
  if (!reader.open_live(args.interface, args.filter)) {
    std::fprintf(stderr, "pxescope: %s\n", reader.error().c_str());
    return kExitInput;
  }
  PcapngWriter writer;
  if (!args.write_path.empty() && !writer.open(args.write_path)) {
    std::fprintf(stderr, "pxescope: %s\n", writer.error().c_str());
    return kExitInput;
  }

  PrintOptions options;
  options.mode = args.json      ? OutputMode::Json
                 : args.verbose ? OutputMode::Tree
                                : OutputMode::Summary;
  options.pxe_only = args.pxe_only;
  options.flush_each = true;
  PacketPrinter printer(options, stdout);
  printer.begin_source();

  g_stop = 0;
  g_reader = &reader;
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  struct sigaction old_int {
  }, old_term{};
  sigaction(SIGINT, &action, &old_int);
  sigaction(SIGTERM, &action, &old_term);

  std::fprintf(stderr, "pxescope: capturing on %s (filter: %s)\n", args.interface.c_str(),
               args.filter.empty() ? CaptureReader::default_live_filter() : args.filter.c_str());
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  auto expired = [&] { return duration > 0 && elapsed() >= duration; };
  LiveTftpPorts tftp(args.filter.empty() ? CaptureReader::default_live_filter() : args.filter);
  // The filter follows the transfers; a filter that cannot be set is said once, and the
  // capture goes on with the one it has.
  bool filter_warned = false;
  auto refilter = [&] {
    if (!reader.set_filter(tftp.filter()) && !filter_warned) {
      std::fprintf(stderr, "pxescope: not following TFTP transfers: %s\n", reader.error().c_str());
      filter_warned = true;
    }
  };
  int exit_code = kExitOk;
  std::uint64_t captured = 0;
  Frame frame;
  while (!g_stop && !expired()) {
    if (!reader.next(frame, 250)) {
      if (reader.timed_out()) {
        if (tftp.expire(elapsed())) refilter();
        continue;
      }
      if (!g_stop && !reader.error().empty()) {
        std::fprintf(stderr, "pxescope: %s\n", reader.error().c_str());
        exit_code = kExitInput;
      }
      break;
    }
    ++captured;
    // First, before any output: a server answers a request within microseconds, and what
    // it sends before the filter is widened is lost.
    if (tftp.on_frame(frame, elapsed())) refilter();
    if (writer.write(frame) == false && !args.write_path.empty()) {
      std::fprintf(stderr, "pxescope: %s\n", writer.error().c_str());
      exit_code = kExitInput;
      break;
    }
    printer.handle(frame);
    if (args.count && captured >= args.count) break;
  }

  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  g_reader = nullptr;
  printer.end_source(stderr);
  if (!args.write_path.empty() && !writer.close() && exit_code == kExitOk) {
    std::fprintf(stderr, "pxescope: %s\n", writer.error().c_str());
    exit_code = kExitInput;
  }
  std::fprintf(stderr, "pxescope: %llu frame%s captured\n",
               static_cast<unsigned long long>(captured), captured == 1 ? "" : "s");
  return exit_code;
}

}  // namespace

void add_capture_command(CLI::App& app, Runner& run) {
  auto args = std::make_shared<CaptureArgs>();
  CLI::App* cmd = app.add_subcommand(
      "capture",
      "Capture DHCP/proxyDHCP/TFTP live and print it like `analyze` (Ctrl-C stops); TFTP "
      "transfers are followed to the ports they open");
  cmd->add_option("-i,--interface", args->interface, "Interface to capture on")->required();
  cmd->add_option("-w,--write", args->write_path, "Also write the frames to FILE.pcapng");
  cmd->add_option("-c,--count", args->count, "Stop after COUNT frames")->check(CLI::PositiveNumber);
  cmd->add_option("-a,--autostop", args->autostop, "Stop after duration:SECONDS");
  cmd->add_option(
      "-f,--filter", args->filter,
      std::string("BPF capture filter (default: ") + CaptureReader::default_live_filter() + ")");
  auto* verbose =
      cmd->add_flag("-V,--verbose", args->verbose, "Print the whole field tree of each packet");
  cmd->add_flag("--json", args->json, "NDJSON, as `analyze --json`")->excludes(verbose);
  cmd->add_flag("--pxe-only", args->pxe_only, "Only PXE clients and the replies to them");
  cmd->callback([&run, args] { run = [args] { return run_capture(*args); }; });
}

}  // namespace pxescope::cli
