// `pxescope lab --config FILE --firmware bios,uefi,uefi-secureboot [--installer-screen RE]
// [--timeout S]`: boots each firmware in QEMU against the user's own configuration and roots,
// before they touch a real machine. A thin front to the lab harness (lab/pxescope-lab), which
// prints one verdict line per firmware and, for each failure, the boot story `diagnose` reads.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/lab_prerequisites.hpp"

namespace pxescope::cli {
namespace {

constexpr int kHarnessPass = 0;

struct LabArgs {
  std::string config;
  std::vector<std::string> firmware;
  std::string installer_screen;
  unsigned timeout = 0;  // 0: the harness's default
  std::string out;
};

std::vector<std::string> harness_arguments(const std::string& harness, const LabArgs& args,
                                           const std::string& firmware) {
  std::vector<std::string> argv{harness,     "--firmware", firmware,         "--config",
                                args.config, "--pxescope", own_executable(), "--quiet"};
  if (!args.installer_screen.empty())
    argv.insert(argv.end(), {"--installer-screen", args.installer_screen});
  if (args.timeout > 0) argv.insert(argv.end(), {"--timeout", std::to_string(args.timeout)});
  if (!args.out.empty()) argv.insert(argv.end(), {"--out", args.out + "/" + firmware});
  return argv;
}

// Runs the harness with our stdout/stderr: its lines are the report. Returns its exit code.
int run_harness(const std::vector<std::string>& argv) {
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    std::vector<char*> c_argv;
    for (const auto& a : argv) c_argv.push_back(const_cast<char*>(a.c_str()));
    c_argv.push_back(nullptr);
    execv(c_argv[0], c_argv.data());
    std::fprintf(stderr, "pxescope: cannot run %s\n", argv[0].c_str());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int run_lab_command(const LabArgs& args) {
  std::string harness;
  for (const std::string& problem :
       {find_lab_harness(harness), check_lab_privileges(), check_lab_qemu(args.firmware)}) {
    if (!problem.empty()) {
      std::fprintf(stderr, "pxescope: %s\n", problem.c_str());
      return kExitInput;
    }
  }
  std::size_t passed = 0;
  for (const auto& firmware : args.firmware)
    if (run_harness(harness_arguments(harness, args, firmware)) == kHarnessPass) ++passed;
  std::printf("lab: %zu of %zu firmware booted\n", passed, args.firmware.size());
  return passed == args.firmware.size() ? kExitOk : kExitInput;
}

}  // namespace

void add_lab_command(CLI::App& app, Runner& run) {
  auto args = std::make_shared<LabArgs>();
  auto* cmd = app.add_subcommand(
      "lab", "Boot real firmware in QEMU against your configuration (needs root and QEMU)");
  cmd->add_option("--config", args->config, "Your pxescope/dnsmasq configuration")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--firmware", args->firmware, "Firmware to boot, comma separated")
      ->required()
      ->delimiter(',')
      ->check(CLI::IsMember(lab_firmware_names()));
  cmd->add_option("--installer-screen", args->installer_screen,
                  "Pass only when the serial console shows this (extended regex)");
  cmd->add_option("--timeout", args->timeout, "Seconds per firmware from the VM's start")
      ->check(CLI::Range(1u, 3600u));
  cmd->add_option("--out", args->out,
                  "Keep each firmware's pcap, serial log and story in OUT/FIRMWARE");
  cmd->callback([&run, args] { run = [args] { return run_lab_command(*args); }; });
}

}  // namespace pxescope::cli
