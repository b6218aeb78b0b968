// The config lines that say where pxescope serves: interface= (repeated, or a list),
// except-interface=, and dhcp-range= with its interface:NAME and set:TAG prefixes (dnsmasq
// syntax). Pure: fields in, the config updated or one line saying what is wrong. Which
// interface each range lands on is decided at start-up (interface_plan.hpp).
#pragma once

#include <string>
#include <vector>

#include "responder/config.hpp"

namespace pxescope::responder {

// interface=IF[,IF...]: added to cfg.interfaces (the first also to cfg.interface). False
// with `error` for lo, or a name except-interface= excludes (a contradiction: counted in
// cfg.config_conflicts).
bool parse_interface_line(const std::vector<std::string>& fields, const std::string& where,
                          ResponderConfig& cfg, std::string& error);

// except-interface=IF[,IF...]: serve every interface but these (see interface_plan.hpp).
bool parse_except_interface_line(const std::vector<std::string>& fields, ResponderConfig& cfg,
                                 std::string& error);

// Takes the leading interface:NAME, set:TAG and tag:TAG fields of a dhcp-range line off
// `fields` into `range` (tag: conditions select nothing for a range and are skipped, as
// before). False with `error` on an empty name or more than 32 tags.
bool take_range_prefixes(std::vector<std::string>& fields, ResponderConfig& cfg, DhcpRange& range,
                         std::string& error);

// Adds a parsed range to cfg.ranges; the first one also fills the single-range fields
// (full_dhcp, range_start, ...). False with `error` (and cfg.config_conflicts counted) when
// it repeats the network of an earlier range or names the same interface: pxescope serves
// one network, in one mode, per interface.
bool record_range(const DhcpRange& range, ResponderConfig& cfg, std::string& error);

// Makes `range` the one `cfg` serves: the single-range fields (full_dhcp, range_start, ...,
// what the engine decides with) and network_tags.
void serve_range(const DhcpRange& range, ResponderConfig& cfg);

// The ranges to serve: cfg.ranges, or the one the single-range fields describe (a config
// built in code or by the --dhcp-range flag alone).
std::vector<DhcpRange> effective_ranges(const ResponderConfig& cfg);

// "10.0.0.100-10.0.0.150" or "10.0.0.0,proxy" (messages, the reload comparison).
std::string range_text(const DhcpRange& range);
// Every range, and the interface= / except-interface= lists, as one text each (the reload
// comparison, beside the interface each served one runs with: a change needs a restart).
std::string ranges_text(const ResponderConfig& cfg);
std::string interfaces_text(const ResponderConfig& cfg);

}  // namespace pxescope::responder
