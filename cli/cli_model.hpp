// A plain picture of the command line CLI11 parses: every subcommand with its options, read
// from the very CLI::App objects that print --help. The man pages and the shell completions
// are written from it, so neither can drift from --help.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace pxescope::cli {

struct OptionModel {
  std::vector<std::string> flags;  // "-i", "--iface"; empty for a positional
  std::string positional;          // "files" for a positional argument
  std::string value_name;          // "TEXT", "UINT", ...; empty for a flag
  std::string description;
  std::vector<std::string> choices;  // from a CLI::IsMember check
  bool takes_file = false;           // an ExistingFile/ExistingPath check, or a path name
  bool takes_directory = false;
  bool takes_interface = false;
  bool repeatable = false;
  bool required = false;
};

struct CommandModel {
  std::string name;  // "analyze"; the program name for the root
  std::string description;
  std::string footer;                     // printed after the options by --help
  std::vector<OptionModel> options;       // in --help order, positionals last
  std::vector<CommandModel> subcommands;  // visible ones only (a hidden one has no group)
};

// Reads `app` and its visible subcommands (and their option groups), leaving hidden options out.
CommandModel describe_command(const CLI::App& app);

// The visible subcommand called `name`, or nullptr.
const CommandModel* find_subcommand(const CommandModel& root, const std::string& name);

}  // namespace pxescope::cli
