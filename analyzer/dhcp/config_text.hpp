// Small text helpers shared by the DHCPv4 and DHCPv6 option encoders (config values such as
// "2001:db8::1,2001:db8::2" or "console=0,quiet"): trimming, splitting, one-line errors.
#pragma once

#include <string>
#include <string_view>

namespace pxescope::dhcp::config_text {

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Sets `error` to `what: "text"` (when asked for) and returns false.
inline bool fail(std::string* error, std::string_view what, std::string_view text) {
  if (error) {
    error->assign(what);
    error->append(": \"");
    error->append(text);
    error->append("\"");
  }
  return false;
}

// Splits `s` on `sep` and calls f(piece) for each; stops on false.
template <typename F>
bool split(std::string_view s, char sep, F&& f) {
  while (true) {
    const auto at = s.find(sep);
    if (!f(s.substr(0, at))) return false;
    if (at == std::string_view::npos) return true;
    s.remove_prefix(at + 1);
  }
}

}  // namespace pxescope::dhcp::config_text
