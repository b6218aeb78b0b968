// The one escape for client-controlled strings in text log lines (file names, modes, vendor
// classes, host names, error texts): a client must not be able to start a new line, forge
// fields or send terminal escapes through our log. JSON lines escape via append_json_string.
#pragma once

#include <string>
#include <string_view>

namespace pxescope::responder {

// Appends `value` as one text-log field value: printable ASCII as is, '\' as "\\",
// '\n' '\r' '\t' as "\n" "\r" "\t", '"' and every other byte outside 0x20..0x7e as "\xNN".
// Wrapped in double quotes when empty or when it holds a space or '=' (logfmt style).
void append_log_value(std::string_view value, std::string& out);

// The same, as a new string (for messages built before they reach the log).
std::string escape_log_value(std::string_view value);

}  // namespace pxescope::responder
