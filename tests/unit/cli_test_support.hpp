// Runs the built pxescope binary (or any shell command) and collects its exit code, stdout
// and stderr, for the CLI tests.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_captures.hpp"

namespace pxescope::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string pxescope_bin() {
  return PXESCOPE_BIN_DIR "/pxescope";
}

inline std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// `command` is run by /bin/sh; stderr goes to a temporary file.
inline CommandResult run_command(const std::string& command) {
  CommandResult r;
  char err_path[] = "/tmp/pxescope-cli-err-XXXXXX";
  const int fd = mkstemp(err_path);
  if (fd < 0) return r;
  close(fd);
  const std::string full = command + " 2>" + err_path;
  if (std::FILE* p = popen(full.c_str(), "r")) {
    std::array<char, 65536> buf;
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  r.err = read_file(err_path);
  unlink(err_path);
  return r;
}

inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline bool have_tshark() {
  return std::system("command -v tshark >/dev/null 2>&1") == 0;
}

}  // namespace pxescope::test
