// The boot files the built-in TFTP server will be asked for, and whether the serving user can
// read them. Checked after privileges are dropped: root reads everything, so a check made
// before would pass a file that every client then fails to download.
#pragma once

#include <string>
#include <vector>

#include "responder/config.hpp"

namespace pxescope::responder {

struct LocalBootFile {
  std::string file;      // as configured
  std::string relative;  // inside the TFTP root (leading '/' removed)
  std::string origin;    // "FILE:LINE" or the flag
};

// Every dhcp-boot / pxe-service file served from this server's TFTP root (not URLs, not
// files on another server). Empty when TFTP is off.
std::vector<LocalBootFile> local_boot_files(const ResponderConfig& cfg);

// As the calling process (call it after dropping privileges): one line per boot file that
// exists but cannot be opened, naming `user` and the fix. Missing files are startup_checks'.
std::vector<std::string> unreadable_boot_files(const ResponderConfig& cfg, const std::string& user);

}  // namespace pxescope::responder
