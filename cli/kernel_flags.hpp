// The kernel-mode flags (--kernel, --initrd, --cmdline), shared by `respond` and
// `ipxe-script`, so both read them the same way.
#pragma once

#include <CLI/CLI.hpp>

#include "responder/kernel_mode.hpp"

namespace pxescope::cli {

void add_kernel_flags(CLI::App& cmd, responder::KernelModeFlags& flags);

}  // namespace pxescope::cli
