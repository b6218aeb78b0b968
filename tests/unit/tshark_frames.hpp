// The frames `tshark -Y FILTER` keeps in a capture (one tshark run), for tests that check a
// filter pxescope makes against tshark's reading of it.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>

#include "unit/cli_test_support.hpp"

namespace pxescope::test {

inline std::set<std::uint64_t> tshark_frames(const std::string& path, const std::string& filter) {
  std::string quoted = "'";
  for (char c : filter) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted += "'";
  const auto r =
      run_command("tshark -r '" + path + "' -Y " + quoted + " -T fields -e frame.number");
  EXPECT_EQ(r.exit_code, 0) << filter << ": " << r.err;
  std::set<std::uint64_t> out;
  for (const std::string& line : split_lines(r.out))
    if (!line.empty()) out.insert(std::stoull(line));
  return out;
}

}  // namespace pxescope::test
