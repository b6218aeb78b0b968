// pxescope: see what PXE firmware asks, answer it, explain why a machine did not boot.
#include <cstdio>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  using namespace pxescope::cli;
  CLI::App app{"pxescope: see, answer and explain PXE network boots", "pxescope"};
  app.set_version_flag("--version", "pxescope " PXESCOPE_VERSION);
  app.require_subcommand(1);
  Runner run;
  add_analyze_command(app, run);
  add_capture_command(app, run);
  add_respond_command(app, run);
  add_diagnose_command(app, run);
  add_probe_command(app, run);
  add_fields_command(app, run);
  add_lab_command(app, run);
  add_ipxe_script_command(app, run);
  add_help_man_command(app, run);  // last: it describes the commands above
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return run ? run() : kExitUsage;
}
