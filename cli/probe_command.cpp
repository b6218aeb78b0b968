// `pxescope probe -i IFACE`: placeholder until responder/probe lands (see below).
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"

namespace pxescope::cli {

void add_probe_command(CLI::App& app, Runner& run) {
  CLI::App* cmd =
      app.add_subcommand("probe", "Act as a PXE client on a lab interface (not yet available)");
  cmd->callback([&run] {
    run = [] {
      std::fprintf(stderr, "pxescope: probe is not implemented yet\n");
      return kExitInput;
    };
  });
}

}  // namespace pxescope::cli
