// /proc/PID/status as a map: "CapEff" -> "0000000000000000", "Uid" -> "65534\t65534\t...", for
// the tests that check what a running responder kept (capabilities, user).
#pragma once

#include <sys/types.h>

#include <fstream>
#include <map>
#include <string>

inline std::map<std::string, std::string> proc_status(pid_t pid) {
  std::map<std::string, std::string> fields;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    fields[line.substr(0, colon)] = value;
  }
  return fields;
}
