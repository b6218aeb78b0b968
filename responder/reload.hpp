// SIGHUP: read the configuration again, say what changed key by key, and hand the server
// the new one; or keep the old one and say why (unreadable file, a wrong line, a key that
// needs a restart such as the interface or the DHCP range).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "responder/config.hpp"
#include "responder/engine.hpp"
#include "responder/event_log.hpp"
#include "responder/http/http_server.hpp"
#include "responder/tftp/tftp_server.hpp"

namespace pxescope::responder {

// Builds the configuration afresh the way start-up did (the --config file, then the flags);
// false with one line in `error` when it cannot, or when a line of it is wrong.
using ConfigSource = std::function<bool(ResponderConfig& cfg, std::string& error)>;

struct ConfigChange {
  std::string key;  // the dnsmasq key ("dhcp-boot", "tftp-root", ...)
  std::string before, after;
  bool needs_restart = false;
};

// Every key whose value differs, in a fixed order.
std::vector<ConfigChange> diff_config(const ResponderConfig& before, const ResponderConfig& after);

struct ReloadResult {
  bool ok = false;
  ResponderConfig config;             // ok: what to serve from now on
  std::vector<ConfigChange> changes;  // ok: what changed (empty: nothing)
  std::string error;                  // !ok: why the old configuration stays
};

// Reads the configuration through `source`; what start-up derived (the interface from the
// range, the default lease file) carries over from `current` when the file leaves it unset.
ReloadResult prepare_reload(const ResponderConfig& current, const ConfigSource& source);

// "dhcp-boot: pxelinux.0 -> ipxe.efi" (the log escapes it).
std::string describe_change(const ConfigChange& change);

// The SIGHUP handler: prepare_reload(), then the new TFTP root (transfers in flight keep their
// open file), the new rules into `engine` and `cfg`; one log line per change, or one saying
// why nothing changed. `tftp` may be null (TFTP off), as `http` (HTTP off): it gets the new
// HTTP root and routes (answers in flight keep their open file).
void reload_config(ResponderConfig& cfg, const ConfigSource& source, Engine& engine,
                   tftp::TftpServer* tftp, EventLog& log, http::HttpServer* http = nullptr);

}  // namespace pxescope::responder
