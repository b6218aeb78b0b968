// Placeholder until the responder lands: keeps `pxescope` linkable. The responder helper
// replaces this file.
#include <cstdio>

#include "cli/commands.hpp"

namespace pxescope::cli {

void add_respond_command(CLI::App& app, Runner& run) {
  CLI::App* cmd = app.add_subcommand("respond", "Answer PXE clients (not built yet)");
  cmd->allow_extras();
  cmd->callback([&run] {
    run = [] {
      std::fprintf(stderr, "pxescope respond: not built yet\n");
      return 1;
    };
  });
}

}  // namespace pxescope::cli
