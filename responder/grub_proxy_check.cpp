#include "responder/grub_proxy_check.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "analyzer/lint/grub_proxy_lint.hpp"
#include "analyzer/lint/grub_shim.hpp"
#include "responder/boot_file_access.hpp"

namespace pxescope::responder {
namespace {

// shim and GRUB images are a few MB; SBAT sits in their first sections.
constexpr std::uintmax_t kMaxImageBytes = 16u << 20;

SiaddrLoader loader_of(const ResponderConfig& cfg, const LocalBootFile& boot) {
  const SiaddrLoader by_name = siaddr_loader_by_name(boot.file);
  if (by_name != SiaddrLoader::None) return by_name;
  const std::filesystem::path path = std::filesystem::path(cfg.tftp_root) / boot.relative;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return SiaddrLoader::None;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxImageBytes) return SiaddrLoader::None;
  std::ifstream in(path, std::ios::binary);
  const std::vector<std::uint8_t> image((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
  return siaddr_loader_by_content(image);
}

}  // namespace

std::vector<std::string> grub_behind_proxy_warnings(const ResponderConfig& cfg) {
  std::vector<std::string> lines;
  if (cfg.full_dhcp) return lines;
  const std::string us = cfg.server_ip ? format_ipv4(cfg.server_ip) : "this server's address";
  for (const LocalBootFile& boot : local_boot_files(cfg)) {
    const SiaddrLoader loader = loader_of(cfg, boot);
    if (loader == SiaddrLoader::None) continue;
    lines.push_back(boot.origin + ": boot file '" + boot.file + "' is " +
                    std::string(siaddr_loader_text(loader)) +
                    ", served in proxy mode: GRUB takes its TFTP server from the LAN's DHCP "
                    "server (its next-server/siaddr), not from this proxy, and fails unless that "
                    "points here. Ways out: " +
                    grub_proxy_ways_out(us));
  }
  return lines;
}

}  // namespace pxescope::responder
