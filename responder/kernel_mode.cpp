#include "responder/kernel_mode.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "analyzer/dhcp/option_table.hpp"
#include "responder/ipxe_chain.hpp"

namespace pxescope::responder {
namespace {

constexpr std::string_view kArchHint = "bios, efi-x64, efi-ia32, efi-arm64";

// "efi-x64=/srv/vmlinuz" -> ("efi-x64", codes, "/srv/vmlinuz"); a prefix that is no
// architecture name ("console=ttyS0", "/a=b/vmlinuz") is part of the value.
struct Split {
  std::string arch_name;
  std::vector<std::uint16_t> arches;
  std::string value;
};

Split split_arch(const std::string& spec) {
  const std::size_t eq = spec.find('=');
  if (eq != std::string::npos && eq > 0) {
    const std::string name = spec.substr(0, eq);
    const bool numeric = std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= '0' && c <= '9') || c == 'x' || c == 'X';
    });
    if (!numeric) {
      std::vector<std::uint16_t> codes = dhcp::arch_codes_from_name(name);
      if (!codes.empty()) return {name, std::move(codes), spec.substr(eq + 1)};
    }
  }
  return {"", {}, spec};
}

KernelImage& image_for(std::vector<KernelImage>& images, const Split& s) {
  for (KernelImage& image : images)
    if (image.arch_name == s.arch_name) return image;
  KernelImage image;
  image.arch_name = s.arch_name;
  image.arches = s.arches;
  images.push_back(std::move(image));
  return images.back();
}

// " " or " efi-x64=": what goes between a flag and its value, as the user typed it.
std::string for_arch(const std::string& arch_name) {
  return arch_name.empty() ? std::string(" ") : " " + arch_name + "=";
}

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

std::string initrd_name(std::size_t index) {
  return "initrd-" + std::to_string(index);
}

// "" when `path` opens read-only as a regular file, else why not.
std::string unreadable(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::strerror(errno);
  struct stat info {};
  const bool regular = fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  ::close(fd);
  return regular ? std::string() : std::string("not a regular file");
}

}  // namespace

std::string KernelImage::url_dir() const {
  return arch_name.empty() ? std::string("/pxescope/") : "/pxescope/" + arch_name + "/";
}

bool parse_kernel_flags(const KernelModeFlags& flags, std::vector<KernelImage>& images,
                        std::string& error) {
  images.clear();
  for (const std::string& spec : flags.kernels) {
    const Split s = split_arch(spec);
    if (s.value.empty()) {
      error =
          "--kernel wants [ARCH=]FILE (e.g. --kernel /srv/vmlinuz, or --kernel "
          "efi-x64=/srv/vmlinuz), not '" +
          spec + "'";
      return false;
    }
    KernelImage& image = image_for(images, s);
    if (!image.kernel.empty()) {
      error = "two --kernel" + for_arch(s.arch_name) + "... flags (" + image.kernel + ", " +
              s.value + "): give one kernel per architecture (" + std::string(kArchHint) + ")";
      return false;
    }
    image.kernel = s.value;
  }
  for (const std::string& spec : flags.initrds) {
    const Split s = split_arch(spec);
    if (s.value.empty()) {
      error = "--initrd wants [ARCH=]FILE, not '" + spec + "'";
      return false;
    }
    image_for(images, s).initrds.push_back(s.value);
  }
  for (const std::string& spec : flags.cmdlines) {
    const Split s = split_arch(spec);
    KernelImage& image = image_for(images, s);
    if (!image.cmdline.empty()) {
      error = "two --cmdline" + for_arch(s.arch_name) +
              "... flags: give one command line per "
              "architecture (quote it: --cmdline 'console=ttyS0 quiet')";
      return false;
    }
    if (has_control_character(s.value)) {
      error = "--cmdline" + for_arch(s.arch_name) +
              "...: a control character (a newline?) would end the iPXE script's line; remove it";
      return false;
    }
    image.cmdline = s.value;
  }
  for (const KernelImage& image : images) {
    if (image.kernel.empty()) {
      error = (image.arch_name.empty() ? std::string("--initrd/--cmdline without --kernel")
                                       : "--initrd/--cmdline " + image.arch_name +
                                             "=... without --kernel " + image.arch_name + "=...") +
              ": add the kernel to boot (--kernel" + for_arch(image.arch_name) + "FILE)";
      return false;
    }
  }
  return true;
}

std::string ipxe_script(const KernelImage& image) {
  std::string kernel_line = "kernel kernel";
  for (std::size_t i = 0; i < image.initrds.size(); ++i) kernel_line += " initrd=" + initrd_name(i);
  if (!image.cmdline.empty()) kernel_line += " " + image.cmdline;
  std::string script =
      "#!ipxe\n"
      "# pxescope kernel mode: the files below are served by pxescope's HTTP service\n"
      "# (URLs relative to this script's own)\n" +
      kernel_line + "\n";
  for (std::size_t i = 0; i < image.initrds.size(); ++i)
    script += "initrd " + initrd_name(i) + "\n";
  script += "boot\n";
  return script;
}

std::string kernel_file_problem(const KernelImage& image) {
  const auto problem = [&](const char* flag, const std::string& path) -> std::string {
    const std::string why = unreadable(path);
    if (why.empty()) return {};
    return std::string(flag) + for_arch(image.arch_name) + path + ": cannot read it (" + why +
           "): give the path of a readable " + (flag[2] == 'k' ? "kernel" : "initrd") + " file";
  };
  if (std::string p = problem("--kernel", image.kernel); !p.empty()) return p;
  for (const std::string& initrd : image.initrds)
    if (std::string p = problem("--initrd", initrd); !p.empty()) return p;
  return {};
}

bool apply_kernel_mode(const KernelModeFlags& flags, ResponderConfig& cfg, std::string& error) {
  if (flags.empty()) return true;
  std::vector<KernelImage> images;
  if (!parse_kernel_flags(flags, images, error)) return false;
  for (const KernelImage& image : images) {
    if (error = kernel_file_problem(image); !error.empty()) return false;
  }
  // Architecture images first: their rules carry arches, so they win over the default's.
  std::stable_sort(images.begin(), images.end(), [](const KernelImage& a, const KernelImage& b) {
    return !a.arches.empty() && b.arches.empty();
  });
  for (const KernelImage& image : images) {
    const std::string dir = image.url_dir();
    cfg.http_routes.push_back({dir + "boot.ipxe", "", ipxe_script(image), "text/plain"});
    cfg.http_routes.push_back({dir + "kernel", image.kernel, "", "application/octet-stream"});
    for (std::size_t i = 0; i < image.initrds.size(); ++i)
      cfg.http_routes.push_back(
          {dir + initrd_name(i), image.initrds[i], "", "application/octet-stream"});
    add_ipxe_chain(cfg, image.arches, dir + "boot.ipxe",
                   "--kernel" + (image.arch_name.empty() ? std::string() : " " + image.arch_name));
  }
  if (cfg.http_port == 0) cfg.http_port = 80;
  cfg.enable_tftp = true;  // the iPXE binaries; with no tftp-root only those
  return true;
}

}  // namespace pxescope::responder
