// The per-client lines of dnsmasq that matter to a PXE responder: dhcp-host= (tags,
// ignore, a fixed address in full mode), dhcp-mac= (tag by MAC), dhcp-ignore= (ignore by
// tags) and tag-if= (tags from tags). Parsing here; deciding in host_rules.*.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "responder/config.hpp"

namespace pxescope::responder {

// "52:54:00:*:*:*" (or with '-', or dnsmasq's leading hardware type "1:"/"01:") into a MAC
// and a mask (0x00 where a '*' is). False on anything else.
bool parse_mac_pattern(std::string_view text, MacAddress& mac, MacAddress& mask);

// Each returns false with `error` (one line, no FILE:LINE) when the line cannot be used.
bool parse_dhcp_host_line(const std::vector<std::string>& fields, const std::string& origin,
                          ResponderConfig& cfg, std::string& error);
bool parse_dhcp_mac_line(const std::vector<std::string>& fields, ResponderConfig& cfg,
                         std::string& error);
bool parse_dhcp_ignore_line(const std::vector<std::string>& fields, ResponderConfig& cfg,
                            std::string& error);
bool parse_tag_if_line(const std::vector<std::string>& fields, ResponderConfig& cfg,
                       std::string& error);

}  // namespace pxescope::responder
