// The event log's lines to journald as well, with the fields an administrator queries by:
// `journalctl PXESCOPE_MAC=52:54:00:12:34:56`, `journalctl PXESCOPE_EVENT=conflict`. Sent with
// libsystemd's sd_journal_sendv (the native protocol: one datagram of KEY=VALUE lines to
// /run/systemd/journal/socket), so nothing is parsed back out of the text.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "responder/log_sink.hpp"

namespace pxescope::responder {

// True when stdout is the journal's stream: systemd sets JOURNAL_STREAM=DEVICE:INODE for the
// stream it connects (systemd.exec(5)); a redirected stdout no longer matches.
bool stdout_is_journal();

// The journal entry of one line, as KEY=VALUE strings: MESSAGE, PRIORITY (by event),
// SYSLOG_IDENTIFIER=pxescope, PXESCOPE_EVENT, PXESCOPE_IFACE and one PXESCOPE_* field per key of
// the line that the table in journal_sink.cpp names (mac -> PXESCOPE_MAC, verdict ->
// PXESCOPE_VERDICT, ...). `out` is cleared first (its strings' capacity is reused).
void journal_entry(const LogRecord& record, std::string_view iface, std::vector<std::string>& out);

// syslog priority of an event: errors 3, warnings and conflicts 4, start/stop/reload 5, else 6.
int journal_priority(std::string_view event);

class JournalSink final : public LogSink {
 public:
  explicit JournalSink(std::string iface) : iface_(std::move(iface)) {}
  bool write(const LogRecord& record) override;

 private:
  std::string iface_;
  std::vector<std::string> entry_;
};

// The sink for `respond`: journald when asked (--journal: the lines go to stdout as well) or when
// stdout is the journal (then only to journald, so each line is not stored twice); else nullptr.
std::unique_ptr<JournalSink> journal_sink_for(bool asked, const std::string& iface,
                                              bool& also_stdout);

}  // namespace pxescope::responder
