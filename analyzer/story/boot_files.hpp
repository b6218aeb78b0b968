// What the files a boot fetches are, by name: the probes that end in "not found" as a matter of
// course (PXELINUX's and GRUB's config search, shim's optional lists, GRUB's module probes),
// and the kernel and initrd that make a boot count as done. Names are TFTP paths or URLs.
#pragma once

#include <string_view>

namespace pxescope {

// The last path component, without a URL's query or fragment: "debian-installer/amd64/linux".
std::string_view file_basename(std::string_view file_or_url);

struct OptionalProbe {
  std::string_view kind;  // event kind suffix: "config-probe" or "optional-probe"; "" not optional
  std::string_view note;  // "PXELINUX tries its config by UUID, MAC and IP before \"default\""
};
// Whether a "file not found" for this name is ordinary.
OptionalProbe optional_probe(std::string_view file_or_url);

enum class FileRole { Other, Kernel, Initrd };
FileRole file_role(std::string_view file_or_url);

}  // namespace pxescope
