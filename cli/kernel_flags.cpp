// `pxescope ipxe-script --kernel K [--initrd I ...] [--cmdline C]`: prints the iPXE script that
// `respond` in kernel mode serves at /pxescope/boot.ipxe (one per architecture given).
#include "cli/kernel_flags.hpp"

#include <cstdio>
#include <memory>

#include "cli/commands.hpp"

namespace pxescope::cli {
namespace {

int run_ipxe_script(const responder::KernelModeFlags& flags) {
  std::vector<responder::KernelImage> images;
  std::string error;
  if (flags.kernels.empty()) error = "--kernel is required (the kernel the script boots)";
  if (!error.empty() || !responder::parse_kernel_flags(flags, images, error)) {
    std::fprintf(stderr, "pxescope ipxe-script: %s\n", error.c_str());
    return kExitUsage;
  }
  for (std::size_t i = 0; i < images.size(); ++i) {
    // Several architectures: a header per script, as `head` prints one per file.
    if (images.size() > 1)
      std::printf("%s==> %sboot.ipxe <==\n", i ? "\n" : "", images[i].url_dir().c_str());
    std::fputs(responder::ipxe_script(images[i]).c_str(), stdout);
  }
  return kExitOk;
}

}  // namespace

void add_kernel_flags(CLI::App& cmd, responder::KernelModeFlags& flags) {
  cmd.add_option("--kernel", flags.kernels,
                 "[ARCH=]FILE: boot this Linux kernel over HTTP through iPXE (kernel mode; "
                 "ARCH: bios, efi-x64, ... for one architecture)");
  cmd.add_option("--initrd", flags.initrds,
                 "[ARCH=]FILE: an initrd for the kernel (repeatable, in order)");
  cmd.add_option("--cmdline", flags.cmdlines,
                 "[ARCH=]TEXT: the kernel command line (e.g. 'console=ttyS0')");
}

void add_ipxe_script_command(CLI::App& app, Runner& run) {
  auto flags = std::make_shared<responder::KernelModeFlags>();
  CLI::App* cmd = app.add_subcommand(
      "ipxe-script", "Print the iPXE script `respond --kernel ...` serves at /pxescope/boot.ipxe");
  add_kernel_flags(*cmd, *flags);
  cmd->callback([&run, flags] { run = [flags] { return run_ipxe_script(*flags); }; });
}

}  // namespace pxescope::cli
