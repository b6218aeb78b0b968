// dnsmasq's config-line syntax, as dnsmasq's option.c reads it: a '#' that starts a word
// outside double quotes begins a comment, quotes group text (commas inside stay) and
// know the escapes \" \\ \t \n \r \e \b, spaces around '=' and ',' do not count.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pxescope::responder {

struct ConfigLine {
  std::string key;                  // "dhcp-range"; empty for a blank or comment-only line
  std::string value;                // everything after '=', comment removed, quotes kept
  std::vector<std::string> fields;  // the value split on commas, quotes removed
};

// Splits one line; false with `error` set on an unterminated quote.
bool split_config_line(std::string_view line, ConfigLine& out, std::string& error);

bool iequals(std::string_view a, std::string_view b);

// Levenshtein distance, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);

// The known name closest to `word` when it is close enough to be a typo, else "".
std::string_view closest_name(std::string_view word, std::span<const std::string_view> known);

}  // namespace pxescope::responder
