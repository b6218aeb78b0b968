// `pxescope probe` (run by the pxescope-probe executable, the one place libtins is loaded):
// a PXE client on a lab interface.
//
// DHCPv4: sends a DISCOVER shaped like real firmware of the chosen architecture, takes an
// address if one is offered, asks the boot server on port 4011 when the offers say so, and
// probes the boot file's size over TFTP (RRQ with tsize, then aborts with ERROR 8 as
// firmware does). DHCPv6: a Solicit like EDK2's PXEv6 to ff02::1:2, collects Advertises,
// Requests the best and reports the address, bootfile-url (59) and bootfile-params (60).
// Reports every server that answered, what it offered and the offer linter's findings.
// Bounded in packets and time.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/lint/offer_lint.hpp"
#include "probe/probe_packets.hpp"

namespace pxescope::probe {

struct ProbeOptions {
  std::string iface;
  int arch = 0;              // option 93 / 61: 0 bios, 7 efi-x64, 11 efi-arm64, ...
  Mac mac{};                 // all zero: the interface's own MAC
  int offer_wait_ms = 4500;  // collect offers this long (routers ping ~3 s first)
  int reply_wait_ms = 3000;  // per REQUEST / 4011 / TFTP step
  bool tftp = true;          // probe the boot file's size
  bool ipv4 = true;          // the DHCPv4 probe
  bool ipv6 = false;         // the DHCPv6 probe (after the DHCPv4 one when both)
  Quirk quirk = Quirk::None;
};

// Parses an option-table short name ("bios", "efi-x64", "efi-arm64", ...) or a number.
bool parse_probe_arch(const std::string& text, int& arch);
// "no-arch", "split-60"; false when unknown.
bool parse_probe_quirk(const std::string& text, Quirk& quirk);
std::string quirk_name(Quirk quirk);  // "no-arch", "split-60"; "" for None

struct ProbeAnswer {
  std::string server;   // IPv4 address, or IPv6 address for DHCPv6
  std::string kind;     // "address offer", "proxy offer", "ack", "boot-server ack",
                        // "advertise", "reply"
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

struct Probe6Report {
  std::vector<std::string> steps;
  std::vector<ProbeAnswer> answers;
  std::string server;       // the chosen server's address
  std::string server_duid;  // its DUID, colon hex
  std::string address;      // the address the Reply confirmed ("" when none)
  std::string bootfile_url;
  std::string bootfile_params;  // option 60's parameters, space-separated
  std::string boot_file;        // the tftp:// URL's path and host, when it is one
  std::string boot_server;
  std::string tftp_result;  // the size probe over IPv6; "" when not tried
  std::size_t packets_sent = 0;
};

// True when `iface` carries the default route (read from /proc/net/route).
bool interface_has_default_route(const std::string& iface);

class ProbeLink;
// The probes over an opened link.
void run_probe4(const ProbeOptions& options, ProbeLink& link, ProbeReport& report);
void run_probe6(const ProbeOptions& options, ProbeLink& link, Probe6Report& report);

}  // namespace pxescope::probe
