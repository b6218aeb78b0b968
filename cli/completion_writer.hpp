// bash and zsh completion scripts for pxescope, written from the same picture of the command
// line (cli_model) that --help prints, so a new flag completes as soon as it exists.
#pragma once

#include <string>

#include "cli/cli_model.hpp"

namespace pxescope::cli {

std::string bash_completion(const CommandModel& root);
std::string zsh_completion(const CommandModel& root);

}  // namespace pxescope::cli
