// Why a file cannot be a capture, in pxescope's own words. libpcap's are about its internals
// ("truncated dump file; tried to read 4 file header bytes, only got 0") and say nothing of
// what to do; the CLI and the GUI both show this one line instead (CaptureReader::open_file).
#pragma once

#include <string>

namespace pxescope {

// "cannot read FILE: …" naming the problem and the fix when `path` (shown as `shown_as`, the
// name the user gave, e.g. "-" for stdin) is empty, too short to hold a capture header, a
// directory, or not readable by this user. Empty when nothing is obviously wrong: the format
// readers then have the last word. A path that does not exist is left to them too.
std::string capture_file_problem(const std::string& shown_as, const std::string& path);

}  // namespace pxescope
