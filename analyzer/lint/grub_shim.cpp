#include "analyzer/lint/grub_shim.hpp"

#include <algorithm>
#include <string>

#include "analyzer/ascii.hpp"

namespace pxescope {
namespace {

struct LoaderName {
  std::string_view name;
  SiaddrLoader loader;
};

// The names distributions ship them under (Debian/Ubuntu shim-signed, grub-efi-*-signed and the
// netboot images; Fedora/RHEL shim and grub2-efi; grub-mknetdir's core.efi is left out: too
// generic a name).
constexpr LoaderName kLoaderNames[] = {
    {"shimx64.efi", SiaddrLoader::Shim},     {"shimia32.efi", SiaddrLoader::Shim},
    {"shimaa64.efi", SiaddrLoader::Shim},    {"shim.efi", SiaddrLoader::Shim},
    {"bootnetx64.efi", SiaddrLoader::Shim},  {"bootnetia32.efi", SiaddrLoader::Shim},
    {"bootnetaa64.efi", SiaddrLoader::Shim}, {"grubx64.efi", SiaddrLoader::Grub},
    {"grubia32.efi", SiaddrLoader::Grub},    {"grubaa64.efi", SiaddrLoader::Grub},
    {"grubnetx64.efi", SiaddrLoader::Grub},  {"grubnetia32.efi", SiaddrLoader::Grub},
    {"grubnetaa64.efi", SiaddrLoader::Grub}, {"grub.efi", SiaddrLoader::Grub},
};

constexpr std::string_view kSbatHeader = "sbat,1,SBAT Version";

}  // namespace

SiaddrLoader siaddr_loader_by_name(std::string_view file) {
  const std::size_t slash = file.find_last_of("/\\");
  if (slash != std::string_view::npos) file.remove_prefix(slash + 1);
  std::string base = ascii_lowercase(file);
  if (base.ends_with(".signed")) base.resize(base.size() - 7);
  for (const LoaderName& entry : kLoaderNames)
    if (base == entry.name) return entry.loader;
  return SiaddrLoader::None;
}

SiaddrLoader siaddr_loader_by_content(std::span<const std::uint8_t> image) {
  // SBAT is CSV text: its version line, then one line per component, the program first.
  const auto at = std::search(image.begin(), image.end(), kSbatHeader.begin(), kSbatHeader.end());
  if (at == image.end()) return SiaddrLoader::None;
  const auto line_end = std::find(at, image.end(), '\n');
  if (line_end == image.end()) return SiaddrLoader::None;
  const std::string_view rest(reinterpret_cast<const char*>(&*line_end) + 1,
                              static_cast<std::size_t>(image.end() - line_end - 1));
  if (rest.starts_with("shim,")) return SiaddrLoader::Shim;
  if (rest.starts_with("grub,")) return SiaddrLoader::Grub;
  return SiaddrLoader::None;
}

std::string_view siaddr_loader_text(SiaddrLoader loader) {
  switch (loader) {
    case SiaddrLoader::Shim:
      return "shim";
    case SiaddrLoader::Grub:
      return "GRUB";
    case SiaddrLoader::None:
      break;
  }
  return "";
}

}  // namespace pxescope
