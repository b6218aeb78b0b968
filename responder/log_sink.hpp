// Somewhere else each event-log line goes, with its fields still apart (journald, for
// `journalctl PXESCOPE_MAC=...`). EventLog hands every line it writes to one sink; the line
// writers (dhcp, tftp, http, ...) stay as they are.
#pragma once

#include <span>
#include <string_view>

namespace pxescope::responder {

struct LogField {
  std::string_view key;    // the line's key: "mac", "reason", "file", ...
  std::string_view value;  // unescaped, as the writer gave it
};

struct LogRecord {
  std::string_view event;    // "dhcp", "ignored", "tftp-finish", "start", ...
  std::string_view line;     // the line as written to the log (no newline)
  std::string_view message;  // the line without its leading time stamp (text format)
  std::span<const LogField> fields;
};

class LogSink {
 public:
  virtual ~LogSink() = default;
  // False when the line could not be delivered (the log then writes it to its FILE* instead).
  virtual bool write(const LogRecord& record) = 0;
};

}  // namespace pxescope::responder
