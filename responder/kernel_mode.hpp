// Kernel mode, as pixiecore does it: `respond --kernel K --initrd I [--initrd I2] [--cmdline C]`
// boots a Linux kernel straight over HTTP. The generated iPXE script and the files become HTTP
// routes (/pxescope/boot.ipxe, /pxescope/kernel, /pxescope/initrd-N), and the iPXE chain brings
// every firmware to that script. Per architecture with an ARCH= prefix (`--kernel efi-x64=K`):
// that architecture's files live under /pxescope/ARCH/. Pure but for checking the files exist.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "responder/config.hpp"

namespace pxescope::responder {

// The flags as typed, each value "[ARCH=]VALUE".
struct KernelModeFlags {
  std::vector<std::string> kernels, initrds, cmdlines;
  bool empty() const { return kernels.empty() && initrds.empty() && cmdlines.empty(); }
};

// One architecture's boot (or the default one, for every architecture without its own).
struct KernelImage {
  std::string arch_name;              // "" (default), "bios", "efi-x64", ...
  std::vector<std::uint16_t> arches;  // empty: the default
  std::string kernel;
  std::vector<std::string> initrds;  // in the order given
  std::string cmdline;
  std::string url_dir() const;  // "/pxescope/" or "/pxescope/efi-x64/"
};

// Groups the flags by architecture. false + a one-line error naming the flag and the fix (an
// --initrd for an architecture without a --kernel, two kernels for one, a control character
// in a command line, ...).
bool parse_kernel_flags(const KernelModeFlags& flags, std::vector<KernelImage>& images,
                        std::string& error);

// The iPXE script for one image. URLs are relative to the script's own, so the same text works
// whatever address and port the server has (iPXE resolves them against the script's URL).
std::string ipxe_script(const KernelImage& image);

// The first file of the image that cannot be read as a regular file, as one line naming the
// flag, the file, the reason and the fix; "" when all can be.
std::string kernel_file_problem(const KernelImage& image);

// Everything together: parse, check the files, add the HTTP routes and the iPXE chain, turn on
// HTTP (port 80 unless one is set) and TFTP (for the iPXE binaries). Nothing to do when `flags`
// is empty. false + error (one line) when a flag or a file is wrong.
bool apply_kernel_mode(const KernelModeFlags& flags, ResponderConfig& cfg, std::string& error);

}  // namespace pxescope::responder
