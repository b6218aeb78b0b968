#include "responder/journal_sink.hpp"

#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

// CODE_FILE/CODE_LINE would name this file for every line: they say nothing about the event.
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace pxescope::responder {
namespace {

// Keys of a log line that become journal fields (journal field names: upper case, digits, _), for
// lines of one event or of any (""). `from` is the sender's MAC on IPv4 malformed lines only (on
// DHCPv6 lines it is an address); `verdict` is a boot verdict code.
struct JournalField {
  std::string_view event, key, journal_key;
};
constexpr std::array<JournalField, 7> kJournalFields{{
    {"", "mac", "PXESCOPE_MAC"},
    {"malformed", "from", "PXESCOPE_MAC"},
    {"", "verdict", "PXESCOPE_VERDICT"},
    {"", "reason", "PXESCOPE_REASON"},
    {"", "xid", "PXESCOPE_XID"},
    {"", "arch", "PXESCOPE_ARCH"},
    {"", "file", "PXESCOPE_FILE"},
}};

constexpr std::array<std::pair<std::string_view, int>, 10> kPriorities{{
    {"error", 3},
    {"warning", 4},
    {"conflict", 4},
    {"malformed", 4},
    {"malformed-suppressed", 4},
    {"address-in-use", 4},
    {"start", 5},
    {"stop", 5},
    {"reload", 5},
    {"interface", 5},
}};

void put(std::vector<std::string>& out, std::size_t& used, std::string_view key,
         std::string_view value) {
  if (used == out.size()) out.emplace_back();
  std::string& s = out[used++];
  s.assign(key);
  s += '=';
  s += value;
}

}  // namespace

bool stdout_is_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr) return false;
  unsigned long long device = 0, inode = 0;
  char tail = 0;
  if (std::sscanf(stream, "%llu:%llu%c", &device, &inode, &tail) != 2) return false;
  struct stat st {};
  return ::fstat(STDOUT_FILENO, &st) == 0 && st.st_dev == device && st.st_ino == inode;
}

int journal_priority(std::string_view event) {
  for (const auto& [name, priority] : kPriorities)
    if (name == event) return priority;
  // tftp-failed, tftp-timeout, tftp-aborted, tftp-refused: a client did not get its file.
  if (event.starts_with("tftp-") && event != "tftp-start" && event != "tftp-finish" &&
      event != "tftp-probe")
    return 4;
  return 6;
}

void journal_entry(const LogRecord& record, std::string_view iface, std::vector<std::string>& out) {
  std::size_t used = 0;
  put(out, used, "MESSAGE", record.message);
  const char priority[2] = {static_cast<char>('0' + journal_priority(record.event)), 0};
  put(out, used, "PRIORITY", priority);
  put(out, used, "SYSLOG_IDENTIFIER", "pxescope");
  put(out, used, "PXESCOPE_EVENT", record.event);
  if (!iface.empty()) put(out, used, "PXESCOPE_IFACE", iface);
  for (const LogField& field : record.fields)
    for (const JournalField& j : kJournalFields)
      if (field.key == j.key && (j.event.empty() || j.event == record.event))
        put(out, used, j.journal_key, field.value);
  out.resize(used);
}

bool JournalSink::write(const LogRecord& record) {
  journal_entry(record, iface_, entry_);
  iovec iov[32];
  std::size_t n = 0;
  for (const std::string& item : entry_) {
    if (n == std::size(iov)) break;
    iov[n++] = {const_cast<char*>(item.data()), item.size()};
  }
  return ::sd_journal_sendv(iov, static_cast<int>(n)) >= 0;
}

std::unique_ptr<JournalSink> journal_sink_for(bool asked, const std::string& iface,
                                              bool& also_stdout) {
  const bool is_journal = stdout_is_journal();
  also_stdout = !is_journal;
  if (!asked && !is_journal) return nullptr;
  return std::make_unique<JournalSink>(iface);
}

}  // namespace pxescope::responder
