// `pxescope respond --test`: what each kind of client would get from a configuration,
// found by running the real decisions on a made-up DISCOVER per client kind, and whether
// the files it names are in the TFTP root. Pure apart from looking at the root.
#pragma once

#include <string>
#include <vector>

#include "responder/config.hpp"

namespace pxescope::responder {

struct ClientKindReport {
  std::string kind;      // "BIOS (arch 0)", "x64 UEFI (arch 7)", "iPXE on BIOS", ...
  std::string answer;    // "menu, file pxelinux.0 over TFTP", "ignored: no boot file ..."
  bool problem = false;  // its file is missing from the TFTP root (or unreadable)
};

// One line per client kind, in a fixed order (BIOS, UEFI ia32/x64/arm64, iPXE, HTTP boot).
std::vector<ClientKindReport> report_client_kinds(const ResponderConfig& cfg);

}  // namespace pxescope::responder
