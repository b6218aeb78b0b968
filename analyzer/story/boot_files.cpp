#include "analyzer/story/boot_files.hpp"

#include "analyzer/ascii.hpp"

namespace pxescope {
namespace {

enum class Match { Directory, Basename, BasenamePrefix, Extension };

struct ProbeRule {
  Match match;
  std::string_view pattern;
  std::string_view kind;
  std::string_view note;
};

constexpr std::string_view kShimNote =
    "shim looks for optional revocation lists and certificates beside itself";
constexpr std::string_view kGrubModuleNote =
    "GRUB probes for module lists and modules it may have built in";

// What firmware and boot loaders ask for knowing it may be absent.
constexpr ProbeRule kOptionalProbes[] = {
    {Match::Directory, "pxelinux.cfg/", "config-probe",
     "PXELINUX tries its config by UUID, MAC and IP before \"default\""},
    {Match::BasenamePrefix, "grub.cfg-", "config-probe",
     "GRUB tries its config by MAC and IP before grub.cfg"},
    {Match::Basename, "revocations_sbat.efi", "optional-probe", kShimNote},
    {Match::Basename, "revocations_sku.efi", "optional-probe", kShimNote},
    {Match::Basename, "shim_certificate_0.efi", "optional-probe", kShimNote},
    {Match::Extension, ".lst", "optional-probe", kGrubModuleNote},
    {Match::Extension, ".mod", "optional-probe", kGrubModuleNote},
};

struct RoleRule {
  bool prefix;  // else the whole basename
  std::string_view name;
  FileRole role;
};
// Linux kernels and initial ramdisks as distributions and pxescope's kernel mode name them.
constexpr RoleRule kRoles[] = {
    {true, "vmlinuz", FileRole::Kernel}, {true, "vmlinux", FileRole::Kernel},
    {true, "bzimage", FileRole::Kernel}, {true, "kernel", FileRole::Kernel},
    {false, "linux", FileRole::Kernel},  {false, "linux64", FileRole::Kernel},
    {true, "initrd", FileRole::Initrd},  {true, "initramfs", FileRole::Initrd},
};

std::string_view without_query(std::string_view s) {
  return s.substr(0, s.find_first_of("?#"));
}

}  // namespace

std::string_view file_basename(std::string_view file) {
  file = without_query(file);
  const auto slash = file.find_last_of('/');
  return slash == std::string_view::npos ? file : file.substr(slash + 1);
}

OptionalProbe optional_probe(std::string_view file) {
  const std::string path = ascii_lowercase(without_query(file));
  const std::string base(file_basename(path));
  for (const ProbeRule& r : kOptionalProbes) {
    bool hit = false;
    switch (r.match) {
      case Match::Directory: {
        const auto at = path.find(r.pattern);
        hit = at != std::string::npos && path.substr(at + r.pattern.size()) != "default";
        break;
      }
      case Match::Basename:
        hit = base == r.pattern;
        break;
      case Match::BasenamePrefix:
        hit = base.starts_with(r.pattern);
        break;
      case Match::Extension:
        hit = base.ends_with(r.pattern);
        break;
    }
    if (hit) return {r.kind, r.note};
  }
  return {};
}

FileRole file_role(std::string_view file) {
  const std::string base = ascii_lowercase(file_basename(file));
  for (const RoleRule& r : kRoles)
    if (r.prefix ? base.starts_with(r.name) : base == r.name) return r.role;
  return FileRole::Other;
}

}  // namespace pxescope
