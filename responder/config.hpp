// The responder's configuration: what the flags and a dnsmasq-style --config file set.
// The parser is pure (text in, config + warnings out) so it is unit-tested without files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/dhcp/option_table.hpp"
#include "responder/dhcp6/dhcp6_config.hpp"
#include "responder/dhcp_request.hpp"
#include "responder/http/http_routes.hpp"
#include "responder/tag_condition.hpp"
#include "responder/tftp/tftp_routes.hpp"

namespace pxescope::responder {

// How a request earns a tag (dhcp-userclass / dhcp-vendorclass / dhcp-match).
struct TagRule {
  enum class Kind : std::uint8_t { UserClass, VendorClass, OptionPresent, ClientArch, Mac };
  Kind kind = Kind::OptionPresent;
  std::uint8_t tag = 0;
  std::string text;              // UserClass/VendorClass: substring to look for
  std::uint8_t option = 0;       // OptionPresent
  std::uint16_t arch = 0;        // ClientArch
  MacAddress mac{}, mac_mask{};  // Mac (dhcp-mac=): mask byte 0 is a '*' wildcard
};

// dhcp-host=: what one client (by MAC, '*' wildcards allowed) gets.
struct HostRule {
  MacAddress mac{}, mac_mask{};
  std::vector<TagCondition> when;  // tag: conditions the request must also meet
  std::uint32_t set_tags = 0;      // set: tags it earns (bitmask, as request tags)
  std::uint32_t ip = 0;            // full DHCP: its address (inside the range), 0 none
  bool ignore = false;             // never answered
  std::string origin;
};

// tag-if=set:A[,set:B][,tag:C[,tag:!D]]: when every condition holds, the tags are set.
struct TagIf {
  std::vector<TagCondition> when;
  std::uint32_t set_tags = 0;
};

// dhcp-boot / --boot-file: a boot file for the clients whose tags and architecture match.
struct BootRule {
  std::vector<TagCondition> tags;
  std::vector<std::uint16_t> arches;  // empty: every architecture
  std::string file;                   // file name or an http(s):// URL
  std::string server_name;            // optional, sent in sname / option 66
  std::uint32_t server_ip = 0;        // 0: this server
  std::string origin;                 // "file:line" or "--boot-file", for messages
  // `file` is a path on pxescope's own HTTP service ("/pxescope/boot.ipxe"): each reply
  // carries http://<the server's address>[:port]<file>, so a readdressed interface is followed.
  bool on_own_http = false;
};

// pxe-service: one boot menu item for one client system architecture (CSA).
struct PxeService {
  std::vector<TagCondition> tags;
  std::uint16_t csa = 0;
  std::string menu_text;
  std::string basename;         // empty: local boot (type 0)
  std::uint32_t server_ip = 0;  // 0: this server
  std::uint16_t type = 0;       // boot server type in the menu (0x8000 + index, 0 local)
  std::string origin;
};

// dhcp-option= / dhcp-option-force=: one option encoded ONCE at config time through the
// analyzer's option table, so a reply only copies `wire`.
struct ConfiguredOption {
  std::vector<TagCondition> tags;
  dhcp::OptionSpace space = dhcp::OptionSpace::Dhcp;  // Pxe: vendor:PXEClient, Ipxe: encap:175
  std::uint8_t code = 0;
  bool force = false;              // dhcp-option-force: sent even when not asked for (55)
  std::vector<std::uint8_t> wire;  // code, length, value (RFC 3396 split), ready to copy
  std::string origin;
};

struct ResponderConfig {
  std::string interface;
  std::uint32_t server_ip = 0;  // 0: the interface's address (live) or 192.0.2.1 (replay)

  // dhcp-range=<net>,proxy sets proxy_network; dhcp-range=START,END[,LEASE] full mode.
  bool full_dhcp = false;
  std::uint32_t proxy_network = 0;
  std::uint32_t range_start = 0, range_end = 0;
  std::uint32_t lease_seconds = 3600;
  std::vector<ConfiguredOption> options;  // dhcp-option lines (and --router)
  std::string lease_file;

  std::vector<PxeService> services;
  bool has_prompt = false;
  std::string prompt_text = "PXE";
  std::uint8_t prompt_timeout = 0;

  std::vector<BootRule> boot_rules;
  std::string http_boot_url;  // answer for HTTPClient (UEFI HTTP boot) when no rule gives a URL

  std::vector<std::string> tag_names;
  std::vector<TagRule> tag_rules;
  std::vector<HostRule> hosts;                         // dhcp-host=
  std::vector<TagIf> tag_ifs;                          // tag-if=, applied in order
  std::vector<std::vector<TagCondition>> ignore_tags;  // dhcp-ignore=

  bool enable_tftp = false;
  std::string tftp_root;
  // Served by the HTTP service before its root (kernel mode, the generated iPXE script).
  http::HttpRoutes http_routes;
  // Served by the TFTP service by exact name before (or without) its root: the iPXE binaries
  // of the iPXE chain (from Debian's ipxe package), never arbitrary paths.
  tftp::FileRoutes tftp_routes;
  // The HTTP service (responder/http/): off unless a port is given (http-port= / --http-port).
  std::uint16_t http_port = 0;
  std::string http_root;                // http-root=: empty = the TFTP root
  std::string http_address;             // http-address=: empty = the interface's address
  unsigned http_max = 64;               // http-max=: connections open in total; beyond it 503
  unsigned http_max_per_client = 16;    // http-max-per-client=: per client IP (0 = no limit)
  unsigned http_header_timeout_s = 10;  // http-header-timeout=: head not complete -> 408
  unsigned http_idle_timeout_s = 30;    // http-idle-timeout=: keep-alive with no request
  std::string http_root_origin;
  // The TFTP family of dnsmasq lines (parsed in config.cpp, enforced in tftp/).
  unsigned tftp_max = 50;             // tftp-max=: transfers in flight in total (dnsmasq: 50)
  unsigned tftp_max_per_client = 8;   // tftp-max-per-client= / --tftp-max-per-client
  bool tftp_no_blocksize = false;     // tftp-no-blocksize: ignore the blksize option
  bool tftp_lowercase = false;        // tftp-lowercase: lower-case requested names
  bool tftp_unique_root = false;      // tftp-unique-root[=ip|mac]: root/<client ip or mac>/
  bool tftp_unique_root_mac = false;  //   ... =mac
  bool tftp_secure = false;           // tftp-secure: only files owned by the serving user
  bool tftp_single_port = false;      // tftp-single-port: transfers stay on port 69
  std::uint16_t tftp_port_min = 0, tftp_port_max = 0;  // tftp-port-range=: 0,0 = ephemeral

  // Safety on a real LAN (section 1 of the field report).
  unsigned dhcp_check_seconds = 2;  // full DHCP: listen for another server first (0: off)
  bool force = false;               // --force: start even when another DHCP server answers
  bool keep_going = false;          // --keep-going: start despite unknown config lines
  bool address_check = true;        // full DHCP: ARP-check an address before offering it

  // Where config lines set things ("file:line"; "" when unset or set by a flag), so the
  // messages name the line to fix.
  std::string interface_origin, range_origin, tftp_root_origin;
  // Errors --keep-going cannot override: a config that asks for proxy mode and an
  // address range, two ranges or two interfaces is never guessed at.
  unsigned config_conflicts = 0;

  std::vector<MacAddress> only;  // empty: every PXE client
  bool dry_run = false;
  bool json_log = false;
  bool quiet_dhcp = false;  // no per-request log lines (malformed requests and TFTP still logged)
  bool journal = false;     // --journal: log lines to journald too (automatic under systemd)
  std::string user;         // drop root to this user after opening the sockets
  // Live boot stories and metrics (responder/live/).
  bool live_stories = true;     // --no-live-stories: off
  std::string story_dir;        // --story-dir: failed boots' captures
  std::string metrics_address;  // --metrics ADDR:PORT

  Dhcp6Config dhcp6;  // DHCPv6 (responder/dhcp6/): off unless an IPv6 line or --dhcp6

  // Index of a tag name, added when new (at most 32 tags: a request's tags are a bitmask).
  int tag_index(std::string_view name);
};

// Parses dnsmasq-style lines into `cfg`. Each unknown or malformed line adds an error
// "FILE:LINE: problem" (with "did you mean" for a misspelt key) and is otherwise skipped;
// the caller refuses to start on any (unless --keep-going). conf-file= and conf-dir= are
// read here, relative to the current directory as dnsmasq does.
void parse_config_text(std::string_view text, std::string_view filename, ResponderConfig& cfg,
                       std::vector<std::string>& warnings);

// Reads a file and parses it; false (and `error` set, naming the reason) when the file
// cannot be read.
bool load_config_file(const std::string& path, ResponderConfig& cfg,
                      std::vector<std::string>& warnings, std::string& error);

// The checks that would have saved the seed user hours: tftp-root without enable-tftp,
// boot files missing from the TFTP root, architectures seen in the config with no boot
// file, a proxy network that is not the interface's. Returns one line per problem.
std::vector<std::string> startup_checks(const ResponderConfig& cfg);

// startup_checks' line for a TFTP root that cannot serve ("FILE:LINE: tftp-root=DIR does
// not exist: ..."), or "" (also when TFTP is off).
std::string tftp_root_check(const ResponderConfig& cfg);

// Why the TFTP root cannot serve ("does not exist: ...", "permission denied: ..."), or ""
// when it is a readable directory.
std::string tftp_root_problem(const std::string& root);

// pxe-service CSA names ("x86PC", "x86-64_EFI", ...) or a number; -1 when unknown.
int csa_from_name(std::string_view name);

// dnsmasq's rule: a basename without a '.' in its last path element gets ".<layer>".
std::string service_boot_file(const PxeService& s, std::uint16_t layer);

}  // namespace pxescope::responder
