// The per-file loop that `analyze` and `diagnose` share: open each capture in turn, hand its
// frames over, and report a problem in one line on stderr (a truncated file is only a warning:
// its frames up to the cut were used). Returns kExitInput if any file could not be fully read.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "analyzer/capture_reader.hpp"
#include "analyzer/render.hpp"
#include "cli/commands.hpp"

namespace pxescope::cli {

// `"file":"PATH",`: the member that opens every JSON object when several files are read, so
// that each object says which capture it came from.
inline std::string json_file_member(const std::string& path) {
  std::string member = "\"file\":";
  append_json_string(path, member);
  member += ',';
  return member;
}

// begin(path) before a file's first frame, handle(frame) per frame, end(path) after its last.
template <typename Begin, typename Handle, typename End>
int read_capture_files(const std::vector<std::string>& files, Begin&& begin, Handle&& handle,
                       End&& end) {
  int exit_code = kExitOk;
  Frame frame;
  for (const std::string& path : files) {
    CaptureReader reader;
    if (!reader.open_file(path)) {
      std::fprintf(stderr, "pxescope: %s\n", reader.error().c_str());
      exit_code = kExitInput;
      continue;
    }
    begin(path);
    while (reader.next(frame)) handle(frame);
    end(path);
    if (reader.truncated()) {
      std::fprintf(stderr, "pxescope: warning: %s\n", reader.error().c_str());
    } else if (!reader.error().empty()) {
      std::fprintf(stderr, "pxescope: %s\n", reader.error().c_str());
      exit_code = kExitInput;
    }
  }
  return exit_code;
}

}  // namespace pxescope::cli
