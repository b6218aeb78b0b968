// Each `pxescope` subcommand registers itself on the CLI11 app; main() only dispatches.
// A command's run function returns the process exit code:
//   0 ok, 1 input unreadable / runtime failure (one clear line on stderr), 2 usage.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace pxescope::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInput = 1;
inline constexpr int kExitUsage = 2;

// The subcommand that was chosen stores its runner here.
using Runner = std::function<int()>;

void add_analyze_command(CLI::App& app, Runner& run);   // analyze_command.cpp
void add_capture_command(CLI::App& app, Runner& run);   // capture_command.cpp
void add_respond_command(CLI::App& app, Runner& run);   // respond_command.cpp
void add_diagnose_command(CLI::App& app, Runner& run);  // diagnose_command.cpp
void add_probe_command(CLI::App& app, Runner& run);     // probe_command.cpp
void add_fields_command(CLI::App& app, Runner& run);    // fields_command.cpp
void add_lab_command(CLI::App& app, Runner& run);       // lab_command.cpp
void add_ipxe_script_command(CLI::App& app, Runner& run);  // kernel_flags.cpp

// Hidden: the man pages' and completions' source (help_man_command.cpp). Registered last.
void add_help_man_command(CLI::App& app, Runner& run);

}  // namespace pxescope::cli
