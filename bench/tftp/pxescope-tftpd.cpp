// pxescope-tftpd: runs only the built-in TFTP server (responder/tftp) in the foreground.
// For benchmarks (../shared/bench/tftp-anchors.sh) and manual tests; `pxescope respond` embeds
// the same server in its own event loop.
//
//   pxescope-tftpd --root DIR [--port 69] [--bind IP] [--iface IF] [--max-transfers N]
//                  [--max-per-client N] [--max-blksize N] [--max-windowsize N] [--timeout-ms N]
//                  [--retries N] [--quiet]
// Its caps default to 256 in total and none per client (benchmark storms come from one IP);
// `pxescope respond` uses tftp-max (50) and tftp-max-per-client (8).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "responder/tftp/tftp_server.hpp"

namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) {
  g_stop.store(true);
}

int usage() {
  std::fprintf(stderr,
               "usage: pxescope-tftpd --root DIR [--port N] [--bind IP] [--iface IF]\n"
               "       [--max-transfers N] [--max-per-client N] [--max-blksize N]\n"
               "       [--max-windowsize N]\n"
               "       [--timeout-ms N] [--retries N] [--quiet]\n");
  return 2;
}

bool parse_unsigned(const char* text, unsigned long max, unsigned long& out) {
  char* end = nullptr;
  errno = 0;
  out = std::strtoul(text, &end, 10);
  return errno == 0 && end && *end == '\0' && end != text && out <= max;
}

}  // namespace

int main(int argc, char** argv) {
  pxescope::tftp::TftpServer::Options options;
  options.max_transfers = 256;
  options.max_per_client = 0;
  bool quiet = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quiet") {
      quiet = true;
      continue;
    }
    if (i + 1 >= argc) return usage();
    const char* value = argv[++i];
    unsigned long number = 0;
    const auto numeric = [&](unsigned long max) {
      if (parse_unsigned(value, max, number)) return true;
      std::fprintf(stderr, "pxescope-tftpd: %s needs a number up to %lu, got '%s'\n", arg.c_str(),
                   max, value);
      return false;
    };
    if (arg == "--root") {
      options.root = value;
    } else if (arg == "--bind") {
      options.bind_ip = value;
    } else if (arg == "--iface") {
      options.iface = value;
    } else if (arg == "--port") {
      if (!numeric(65535)) return 2;
      options.port = static_cast<uint16_t>(number);
    } else if (arg == "--max-transfers") {
      if (!numeric(100000)) return 2;
      options.max_transfers = number;
    } else if (arg == "--max-per-client") {
      if (!numeric(100000)) return 2;
      options.max_per_client = number;
    } else if (arg == "--max-blksize") {
      if (!numeric(65464)) return 2;
      options.max_blksize = static_cast<uint16_t>(number);
    } else if (arg == "--max-windowsize") {
      if (!numeric(65535)) return 2;
      options.max_windowsize = static_cast<uint16_t>(number);
    } else if (arg == "--timeout-ms") {
      if (!numeric(600000)) return 2;
      options.timeout_ms = static_cast<int>(number);
    } else if (arg == "--retries") {
      if (!numeric(1000)) return 2;
      options.retries = static_cast<int>(number);
    } else {
      return usage();
    }
  }
  if (options.root.empty()) return usage();
  if (!quiet) {
    options.logger = [](const pxescope::tftp::TransferEvent& event) {
      std::fprintf(stderr, "%s\n", pxescope::tftp::format_event(event).c_str());
    };
  }
  pxescope::tftp::TftpServer server(options);
  std::string error;
  if (!server.open(error)) {
    std::fprintf(stderr, "pxescope-tftpd: %s\n", error.c_str());
    return 1;
  }
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  std::fprintf(stderr, "pxescope-tftpd: serving %s on %s:%u\n", options.root.c_str(),
               options.bind_ip.c_str(), server.bound_port());
  const int status = server.run_until(g_stop);
  server.shutdown("signal received");  // transfers in flight get ERROR 0 and a log line
  return status;
}
