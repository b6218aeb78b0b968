#include "cli/server_stats_view.hpp"

#include <cstdio>
#include <memory>

#include "analyzer/stats/dhcp_servers.hpp"
#include "cli/capture_files.hpp"

namespace pxescope::cli {
namespace {

const char* yes_no(bool b) {
  return b ? "yes" : "no";
}

void print_table(const std::string& path, const std::vector<DhcpServerStats>& servers) {
  std::printf("DHCP servers in %s: %zu\n", path.c_str(), servers.size());
  std::printf("%-26s %6s %5s %5s %7s %5s %4s %9s %15s  %s\n", "server", "offers", "acks", "naks",
              "clients", "proxy", "4011", "boot-info", "frames", "boot files");
  for (const DhcpServerStats& s : servers) {
    std::string files;
    for (const std::string& f : s.boot_files) files += (files.empty() ? "" : ", ") + f;
    const std::string frames = std::to_string(s.first_frame) + "-" + std::to_string(s.last_frame);
    std::printf("%-26s %6u %5u %5u %7u %5s %4s %9s %15s  %s\n", s.server.c_str(), s.offers, s.acks,
                s.naks, s.clients, yes_no(s.proxy), yes_no(s.port_4011), yes_no(s.boot_info),
                frames.c_str(), files.c_str());
  }
  for (const DhcpServerStats& s : servers)
    if (s.conflicting)
      std::printf("conflicting boot information from %s: %s\n", s.server.c_str(),
                  s.conflict.c_str());
}

}  // namespace

int print_dhcp_servers(const std::vector<std::string>& files, bool json) {
  std::unique_ptr<StoryBuilder> builder;  // one per file
  return read_capture_files(
      files, [&](const std::string&) { builder = std::make_unique<StoryBuilder>(); },
      [&](const Frame& f) { builder->add(f); },
      [&](const std::string& path) {
        const auto servers = dhcp_server_stats(builder->finish());
        if (json) {
          std::string line = "{" + json_file_member(path) + "\"servers\":";
          line += dhcp_servers_json(servers);  // ends with the newline
          line.insert(line.size() - 1, "}");
          std::fputs(line.c_str(), stdout);
        } else {
          print_table(path, servers);
        }
      });
}

}  // namespace pxescope::cli
