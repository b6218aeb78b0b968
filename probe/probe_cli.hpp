// The command line of `pxescope probe`, shared by pxescope (which checks it and shows
// --help) and pxescope-probe (which runs it): one definition of the options, and the argv
// that hands them from one to the other. Header-only and libtins-free, so pxescope can
// include it without loading libtins.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace pxescope::probe {

struct ProbeArgs {
  std::string iface;
  std::string arch = "bios";
  std::string mac;
  std::string quirk;
  bool yes = false;
  bool no_tftp = false;
  bool ipv4 = false;
  bool ipv6 = false;
};

inline void add_probe_options(CLI::App& cmd, ProbeArgs& a) {
  cmd.add_option("-i,--iface", a.iface, "Interface to probe on (a lab network)")->required();
  cmd.add_option(
      "--arch", a.arch,
      "Client architecture: bios, efi-ia32, efi-x64, efi-bc, efi-arm32, efi-arm64 or a number");
  cmd.add_option("--mac", a.mac, "Client MAC (default: the interface's)");
  cmd.add_flag("-4,--ipv4", a.ipv4, "Probe with DHCPv4 (the default; with --ipv6: v4, then v6)");
  cmd.add_flag("-6,--ipv6", a.ipv6,
               "Probe with DHCPv6 as EDK2's PXEv6 does (Solicit, Advertise, Request, Reply)");
  cmd.add_option("--quirk", a.quirk,
                 "Send a quirky DHCPv4 DISCOVER: no-arch (no option 93) or split-60 (option 60 "
                 "split in two, RFC 3396)");
  cmd.add_flag("--no-tftp", a.no_tftp, "Do not probe the boot file over TFTP");
  cmd.add_flag("--yes", a.yes, "Probe even on an interface that carries the default route");
}

// The arguments that make pxescope-probe parse `a` back.
inline std::vector<std::string> probe_argv(const ProbeArgs& a) {
  std::vector<std::string> v = {"-i", a.iface, "--arch", a.arch};
  if (!a.mac.empty()) v.insert(v.end(), {"--mac", a.mac});
  if (!a.quirk.empty()) v.insert(v.end(), {"--quirk", a.quirk});
  if (a.ipv4) v.push_back("--ipv4");
  if (a.ipv6) v.push_back("--ipv6");
  if (a.no_tftp) v.push_back("--no-tftp");
  if (a.yes) v.push_back("--yes");
  return v;
}

}  // namespace pxescope::probe
