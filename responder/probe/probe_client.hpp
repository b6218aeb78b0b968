// `pxescope probe`: a PXE client on a lab interface. Sends a DISCOVER shaped like real
// firmware of the chosen architecture, takes an address if one is offered, asks the boot
// server on port 4011 when the offers say so, and probes the boot file's size over TFTP
// (RRQ with tsize, then aborts with ERROR 8 as firmware does). Reports every server that
// answered, what it offered and the offer linter's findings. Bounded in packets and time.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/lint/offer_lint.hpp"
#include "analyzer/story/dhcp_message.hpp"

namespace pxescope::responder {

struct ProbeOptions {
  std::string iface;
  int arch = 0;                       // option 93: 0 bios, 7 efi-x64, 11 efi-arm64, ...
  std::array<std::uint8_t, 6> mac{};  // all zero: the interface's own MAC
  int offer_wait_ms = 4500;           // collect offers this long (routers ping ~3 s first)
  int reply_wait_ms = 3000;           // per REQUEST / 4011 / TFTP step
  bool tftp = true;                   // probe the boot file's size
};

// Parses an option-table short name ("bios", "efi-x64", "efi-arm64", ...) or a number.
bool parse_probe_arch(const std::string& text, int& arch);

struct ProbeAnswer {
  std::uint32_t server_ip = 0;
  std::string kind;     // "address offer", "proxy offer", "ack", "boot-server ack"
  std::string summary;  // what it offered, one line
  std::vector<LintFinding> findings;
};

struct ProbeReport {
  std::vector<std::string> steps;  // what was sent and what came back, in order
  std::vector<ProbeAnswer> answers;
  std::string boot_file;
  std::uint32_t boot_server = 0;
  std::string tftp_result;  // "" when not tried
  std::uint32_t address = 0;
  std::size_t packets_sent = 0;
};

// The DHCP payload the probe sends (pure, for tests): type 1 DISCOVER, 3 REQUEST (with
// requested address/server id when non-zero), or a port-4011 REQUEST (`boot_server_request`,
// with the menu's first boot item when `boot_item`).
std::vector<std::uint8_t> build_probe_dhcp(int arch, const std::array<std::uint8_t, 6>& mac,
                                           std::uint32_t xid, std::uint8_t type,
                                           std::uint32_t requested_ip = 0,
                                           std::uint32_t server_id = 0,
                                           bool boot_server_request = false,
                                           std::uint32_t ciaddr = 0, bool boot_item = false);

// True when `iface` carries the default route (read from /proc/net/route).
bool interface_has_default_route(const std::string& iface);

// Runs the probe; false with one line in `error` when the interface cannot be used.
bool run_probe(const ProbeOptions& options, ProbeReport& report, std::string& error);

}  // namespace pxescope::responder
