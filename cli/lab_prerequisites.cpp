#include "cli/lab_prerequisites.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace pxescope::cli {
namespace {

constexpr int kCapNetAdmin = 12;  // linux/capability.h

struct QemuOfFirmware {
  const char* firmware;
  const char* binary;
  const char* packages;  // Debian's, for the fix line
};
constexpr QemuOfFirmware kQemu[] = {
    {"bios", "qemu-system-x86_64", "qemu-system-x86 ipxe-qemu"},
    {"uefi", "qemu-system-x86_64", "qemu-system-x86 ovmf"},
    {"uefi-ipxe", "qemu-system-x86_64", "qemu-system-x86 ovmf ipxe-qemu"},
    {"uefi-http", "qemu-system-x86_64", "qemu-system-x86 ovmf"},
    {"uefi-secureboot", "qemu-system-x86_64",
     "qemu-system-x86 ovmf shim-signed grub-efi-amd64-signed"},
    {"arm64", "qemu-system-aarch64", "qemu-system-arm qemu-efi-aarch64"},
};

bool is_executable(const std::string& path) {
  return !path.empty() && access(path.c_str(), X_OK) == 0;
}

bool on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && is_executable(dir + "/" + name)) return true;
  return false;
}

unsigned long long effective_capabilities() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("CapEff:", 0) == 0) return std::strtoull(line.c_str() + 7, nullptr, 16);
  return 0;
}

}  // namespace

std::string own_executable() {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string("pxescope");
}

const std::vector<std::string>& lab_firmware_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& q : kQemu) v.emplace_back(q.firmware);
    return v;
  }();
  return names;
}

std::string find_lab_harness(std::string& path) {
  if (const char* env = std::getenv("PXESCOPE_LAB"); env && *env) {
    path = env;
    return is_executable(path)
               ? std::string{}
               : "PXESCOPE_LAB=" + path +
                     " is not an executable lab harness; point it at lab/pxescope-lab "
                     "of a pxescope source tree";
  }
  const std::string exe = own_executable();
  const std::string own_directory = exe.substr(0, exe.rfind('/'));
  for (const std::string& candidate : {own_directory + "/../share/pxescope/lab/pxescope-lab",
                                       std::string(PXESCOPE_LAB_SOURCE_DIR "/pxescope-lab")}) {
    if (is_executable(candidate)) {
      path = candidate;
      return {};
    }
  }
  return "the lab harness (pxescope-lab) is not beside this binary; set "
         "PXESCOPE_LAB=/path/to/pxescope/lab/pxescope-lab";
}

std::string check_lab_privileges() {
  if (geteuid() == 0 || (effective_capabilities() >> kCapNetAdmin & 1)) return {};
  return "lab needs root or CAP_NET_ADMIN (it builds network namespaces and a tap device for "
         "QEMU); run it with sudo";
}

std::string check_lab_qemu(const std::vector<std::string>& firmware) {
  for (const auto& q : kQemu) {
    bool wanted = false;
    for (const auto& f : firmware) wanted = wanted || f == q.firmware;
    if (wanted && !on_path(q.binary))
      return std::string("lab needs QEMU: ") + q.binary + " (for --firmware " + q.firmware +
             ") is not on PATH; install it: sudo apt-get install " + q.packages;
  }
  return {};
}

}  // namespace pxescope::cli
