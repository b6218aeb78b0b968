// What `pxescope lab` needs before it can boot anything: the lab harness (lab/pxescope-lab), the
// right to build network namespaces and a tap device, and QEMU for each firmware asked for.
// Each check returns an empty string when it holds, else the one line that names the fix.
#pragma once

#include <string>
#include <vector>

namespace pxescope::cli {

// This binary's path (/proc/self/exe): the harness gets it as --pxescope.
std::string own_executable();

// The firmware names the lab boots (lab/lib/firmware.sh's table).
const std::vector<std::string>& lab_firmware_names();

// The harness: $PXESCOPE_LAB, else <binary>/../share/pxescope/lab/pxescope-lab, else the source
// tree's lab/ (a build tree). Sets `path`; returns the error line when none is executable.
std::string find_lab_harness(std::string& path);

// Root or CAP_NET_ADMIN in the effective set.
std::string check_lab_privileges();

// The QEMU binary of every firmware in `firmware` on PATH.
std::string check_lab_qemu(const std::vector<std::string>& firmware);

}  // namespace pxescope::cli
