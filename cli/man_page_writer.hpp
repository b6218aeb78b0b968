// The man pages' markdown: maintained prose (docs/man/NAME.SECTION.md) with the parts that
// --help also prints filled in from the command line's own definitions. pandoc turns the
// result into roff at build time (packaging/render-man.sh).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cli/cli_model.hpp"

namespace pxescope::cli {

struct ManInputs {
  CommandModel root;
  std::string version;
  // Config lines the responder accepts and ignores (dnsmasq's DNS and daemon lines).
  std::vector<std::string> ignored_config_keywords;
  // Every page written, as {"pxescope-analyze", "1"}: @COMMANDS@ names each command's page.
  std::vector<std::pair<std::string, std::string>> pages;
};

// The markdown definition list of a command's options, as pandoc reads it.
std::string options_markdown(const CommandModel& command);

// Replaces the placeholder lines of one page's prose:
//   @SUMMARY@                   the command's description and footer, as --help prints them
//   @OPTIONS@                   the options of the page's command (pxescope-SUB: SUB's)
//   @COMMANDS@                  every subcommand with its one-line description and page
//   @IGNORED_CONFIG_KEYWORDS@   the config lines accepted and ignored
// and @VERSION@ anywhere. `page` is "pxescope-analyze". The pandoc title block comes first.
std::string render_page(const ManInputs& in, const std::string& page, const std::string& section,
                        const std::string& prose);

// Writes OUT_DIR/NAME.SECTION.md for every docs/man prose file, and a minimal page for a
// subcommand with none (warning on stderr). Returns false (with `error`) on an I/O failure.
bool write_man_markdown(const ManInputs& in, const std::string& prose_dir,
                        const std::string& out_dir, std::string& error);

}  // namespace pxescope::cli
