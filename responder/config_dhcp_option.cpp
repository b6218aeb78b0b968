#include "responder/config_dhcp_option.hpp"

#include <charconv>

#include "responder/config_syntax.hpp"

namespace pxescope::responder {
namespace {

using dhcp::OptionSpace;

bool parse_code(std::string_view text, std::uint8_t& code) {
  unsigned v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || p != text.data() + text.size() || v > 255) return false;
  code = static_cast<std::uint8_t>(v);
  return true;
}

bool fail(std::string& error, std::string message) {
  error = std::move(message);
  return false;
}

// "unknown option name 'option:dns-servr'; did you mean 'option:dns-server'?"
std::string unknown_name_message(const std::string& which) {
  std::vector<std::string_view> names;
  for (int code = 0; code < 256; ++code)
    if (const std::string_view n = dhcp::config_name(static_cast<std::uint8_t>(code)); !n.empty())
      names.push_back(n);
  const std::string_view guess = closest_name(std::string_view(which).substr(7), names);
  return "unknown option name '" + which + "'" +
         (guess.empty() ? std::string(" (dnsmasq --help dhcp lists them)")
                        : "; did you mean 'option:" + std::string(guess) + "'?");
}

}  // namespace

bool encode_option_line(const std::vector<std::string>& fields, ConfiguredOption& out,
                        std::string& error) {
  std::size_t i = 0;
  out.space = OptionSpace::Dhcp;
  if (i < fields.size() && fields[i].starts_with("encap:")) {
    if (fields[i] != "encap:175")
      return fail(error, "only encap:175 (iPXE) is supported, not '" + fields[i] + "'");
    out.space = OptionSpace::Ipxe;
    ++i;
  } else if (i < fields.size() && fields[i].starts_with("vendor:")) {
    if (!std::string_view(fields[i]).substr(7).starts_with("PXEClient"))
      return fail(error, "only vendor:PXEClient is supported, not '" + fields[i] + "'");
    out.space = OptionSpace::Pxe;
    ++i;
  } else if (i < fields.size() && fields[i].starts_with("vi-encap:")) {
    return fail(error, "vi-encap: (option 125) is not supported");
  }
  if (i >= fields.size() || fields[i].empty())
    return fail(error, "expected [tag:T,]<option number>|option:<name>[,<value>]");
  const std::string& which = fields[i++];
  if (which.starts_with("option:")) {
    if (out.space != OptionSpace::Dhcp)
      return fail(error, "sub-options are given by number, not '" + which + "'");
    const int code = dhcp::code_from_config_name(std::string_view(which).substr(7));
    if (code < 0) return fail(error, unknown_name_message(which));
    out.code = static_cast<std::uint8_t>(code);
  } else if (which.starts_with("option6:")) {
    return fail(error, "DHCPv6 options are not supported");
  } else if (!parse_code(which, out.code)) {
    return fail(error, "'" + which + "' is not an option number (0-255) or option:<name>");
  }
  const dhcp::OptionDef* def = dhcp::find_option(out.space, out.code);
  const std::string what =
      std::string(dhcp::space_name(out.space)) + " option " + std::to_string(out.code);
  if (def == nullptr) return fail(error, what + " is not in pxescope's option table");
  if (def->owner != dhcp::Owner::Config)  // the table's column says who writes it
    return fail(error, what + " (" + std::string(def->label) +
                           ") is not configurable: " + std::string(def->instead));
  std::string text;  // the value fields as one text, as the table's encoder reads it
  for (std::size_t j = i; j < fields.size(); ++j) {
    if (j > i) text += ',';
    text += fields[j];
  }
  std::vector<std::uint8_t> value;
  std::string why;
  if (!dhcp::encode_value(*def, text, value, &why))
    return fail(error, what + " (" + std::string(def->label) + "): " + why);
  if (value.empty() && def->type != dhcp::ValueType::Empty)
    return fail(error, what + " (" + std::string(def->label) + ") needs a value");
  out.wire.clear();
  dhcp::append_option(out.wire, out.code, value);
  return true;
}

}  // namespace pxescope::responder
