// `pxescope probe -i IFACE [--arch ...] [--mac MAC] [-4] [-6] [--yes]`: act as a PXE client
// on a lab network. The probe builds and sends its packets with libtins, which pxescope
// must never load (`pxescope respond`'s resident-size target): this command checks its
// options, then runs the pxescope-probe executable installed beside pxescope (or on PATH)
// in its place.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "probe/probe_cli.hpp"

namespace pxescope::cli {
namespace {

constexpr const char* kProbeProgram = "pxescope-probe";

// pxescope-probe beside this executable; empty when there is none.
std::string probe_beside_self() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const std::filesystem::path beside = self.parent_path() / kProbeProgram;
  return ::access(beside.c_str(), X_OK) == 0 ? beside.string() : std::string();
}

int exec_probe(const probe::ProbeArgs& args) {
  std::vector<std::string> words = {kProbeProgram};
  for (std::string& w : probe::probe_argv(args)) words.push_back(std::move(w));
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  const std::string beside = probe_beside_self();
  if (!beside.empty())
    ::execv(beside.c_str(), argv.data());
  else
    ::execvp(kProbeProgram, argv.data());
  std::fprintf(stderr,
               "pxescope: probe needs the %s program (%s) beside pxescope or on PATH: install "
               "it with pxescope, or build it (cmake --build build --target %s)\n",
               kProbeProgram, std::strerror(errno), kProbeProgram);
  return kExitInput;
}

}  // namespace

void add_probe_command(CLI::App& app, Runner& run) {
  auto args = std::make_shared<probe::ProbeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "probe", "Act as a PXE client on a lab network: who answers, what they offer, what is wrong");
  probe::add_probe_options(*cmd, *args);
  cmd->footer(
      "Runs the pxescope-probe program (libtins), found beside pxescope, then on PATH.\n"
      "Without -4/-6 it probes with DHCPv4; -6 alone with DHCPv6 (as efi-x64 unless --arch\n"
      "names a UEFI architecture); -4 -6 with DHCPv4, then DHCPv6, as UEFI firmware does.");
  cmd->callback([&run, args] { run = [args] { return exec_probe(*args); }; });
}

}  // namespace pxescope::cli
