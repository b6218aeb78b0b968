// Where the tests find their captures: the ONE place that knows about ../shared.
//
// A clone of pxescope alone must pass every test, so tests read the project's own captures
// (captures/real: real firmware boots the project recorded; captures/generated;
// captures/stories). ../shared/captures (PXESCOPE_SHARED_DIR: reference recordings beside
// the clone) is only an extra: shared_captures() is empty and shared_capture() is empty when
// it is absent, and a test with nothing left to check without it skips with kNoSharedReason.
// The CTest test TestsStandAlone (tests/check_standalone.sh) fails when any other test file
// names PXESCOPE_SHARED_DIR.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace pxescope::test {

inline constexpr const char* kNoSharedReason =
    "extra check skipped: ../shared/captures (reference captures beside the clone) is absent";

inline std::filesystem::path project_captures_dir() {
  return std::filesystem::path(PXESCOPE_SOURCE_DIR) / "captures";
}

// captures/real/<name>: real firmware boots recorded by the project (captures/record-real.sh).
inline std::string real_capture(std::string_view name) {
  return (project_captures_dir() / "real" / name).string();
}
inline std::string generated_capture(std::string_view name) {
  return (project_captures_dir() / "generated" / name).string();
}
inline std::string story_capture(std::string_view name) {
  return (project_captures_dir() / "stories" / name).string();
}

// Facts of a real recording's first DISCOVER, read from captures/real/<stem>.discover.txt
// (tshark -V of that packet, written when it was recorded): the value after "<label>: " on
// the first line holding it, e.g. "Client MAC address", "Client Identifier (UUID)",
// "Transaction ID", "Vendor class identifier"; "" when absent. Tests take MACs, UUIDs and
// xids from here instead of hard-coding them (they change with each re-recording).
inline std::string discover_fact(std::string_view capture_name, std::string_view label) {
  std::string stem(capture_name);
  if (const auto dot = stem.rfind(".pcap"); dot != std::string::npos) stem.resize(dot);
  std::ifstream in(project_captures_dir() / "real" / (stem + ".discover.txt"));
  const std::string key = std::string(label) + ": ";
  for (std::string line; std::getline(in, line);) {
    const auto start = line.find_first_not_of(' ');
    if (start != std::string::npos && line.compare(start, key.size(), key) == 0)
      return line.substr(start + key.size());
  }
  return {};
}

// Every *.pcap / *.pcapng in dir (and below it when recursive), sorted; empty when dir is absent.
inline std::vector<std::filesystem::path> captures_in(const std::filesystem::path& dir,
                                                      bool recursive) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  const auto keep = [&](const fs::directory_entry& e) {
    const auto ext = e.path().extension();
    if (e.is_regular_file() && (ext == ".pcap" || ext == ".pcapng")) files.push_back(e.path());
  };
  std::error_code ec;
  if (recursive) {
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      keep(*it);
  } else {
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec))
      keep(*it);
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Everything under captures/ (real, generated, stories).
inline std::vector<std::filesystem::path> project_captures() {
  return captures_in(project_captures_dir(), true);
}

// ../shared/captures/<name> when that extra is present.
inline bool have_shared_captures() {
  std::error_code ec;
  return std::filesystem::is_directory(std::filesystem::path(PXESCOPE_SHARED_DIR) / "captures", ec);
}
inline std::optional<std::string> shared_capture(std::string_view name) {
  const auto path = std::filesystem::path(PXESCOPE_SHARED_DIR) / "captures" / name;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  return path.string();
}
inline std::vector<std::filesystem::path> shared_captures() {
  return captures_in(std::filesystem::path(PXESCOPE_SHARED_DIR) / "captures", false);
}

// captures/real/<name>, then ../shared's recording of the same firmware (shared_name, when it
// is named differently there) when present: a test's main assertions run on project data.
inline std::vector<std::string> recordings_of(std::string_view name,
                                              std::string_view shared_name = {}) {
  std::vector<std::string> paths = {real_capture(name)};
  if (auto extra = shared_capture(shared_name.empty() ? name : shared_name))
    paths.push_back(std::move(*extra));
  return paths;
}

// The real firmware boots: the project's captures/real, then ../shared's when present.
inline std::vector<std::filesystem::path> firmware_captures() {
  auto files = captures_in(project_captures_dir() / "real", false);
  for (auto& f : shared_captures()) files.push_back(std::move(f));
  return files;
}

}  // namespace pxescope::test
