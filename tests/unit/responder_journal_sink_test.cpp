// The event log's sink (every line with its fields apart) and the journald entry made of it:
// which PXESCOPE_* fields, which PRIORITY, MESSAGE without our time stamp, and when a line still
// goes to stdout. The real datagrams to a journal socket: tests/integration/systemd_service_test.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "responder/event_log.hpp"
#include "responder/journal_sink.hpp"

namespace pxescope::responder {
namespace {

struct Line {
  std::string event, line, message;
  std::vector<std::pair<std::string, std::string>> fields;
};

// Keeps copies of what it was given; `deliver` false plays a journal that is not there.
class RecordingSink : public LogSink {
 public:
  bool write(const LogRecord& r) override {
    Line l{std::string(r.event), std::string(r.line), std::string(r.message), {}};
    for (const LogField& f : r.fields) l.fields.emplace_back(f.key, f.value);
    lines.push_back(l);
    return deliver;
  }
  std::vector<Line> lines;
  bool deliver = true;
};

std::string file_text(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string text;
  char buf[512];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) text.append(buf, n);
  return text;
}

bool has(const std::vector<std::string>& entry, const std::string& item) {
  return std::find(entry.begin(), entry.end(), item) != entry.end();
}

Conflict a_conflict() {
  Conflict c;
  c.client = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
  c.xid = 0xabcd;
  c.server = 0x0a000005;
  c.server_mac = {2, 0, 0, 0, 0, 5};
  return c;
}

TEST(EventLogSink, GetsEachLineWithItsFieldsAndTheFileOnlyWhenAsked) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  EventLog log(out, false, false);
  RecordingSink sink;
  log.set_sink(&sink, /*also_out=*/false);
  log.conflict(a_conflict());
  log.info("start", "interface=eth0");
  ASSERT_EQ(sink.lines.size(), 2u);
  const Line& c = sink.lines[0];
  EXPECT_EQ(c.event, "conflict");
  EXPECT_NE(std::find(c.fields.begin(), c.fields.end(),
                      std::pair<std::string, std::string>("mac", "52:54:00:12:34:56")),
            c.fields.end());
  EXPECT_NE(std::find(c.fields.begin(), c.fields.end(),
                      std::pair<std::string, std::string>("xid", "0x0000abcd")),
            c.fields.end());
  EXPECT_EQ(c.message, c.line.substr(c.line.find(' ') + 1)) << "no time stamp in MESSAGE";
  EXPECT_EQ(c.message.rfind("conflict mac=52:54:00:12:34:56 xid=0x0000abcd", 0), 0u) << c.message;
  EXPECT_EQ(sink.lines[1].message, "start message=\"interface=eth0\"");
  EXPECT_EQ(file_text(out), "") << "delivered to the sink only";

  sink.deliver = false;  // the journal is gone: the line is not lost
  log.info("stop", "bye");
  EXPECT_NE(file_text(out).find("stop message=bye"), std::string::npos);
  std::fclose(out);
}

TEST(EventLogSink, AlsoOutWritesTheSameLineToTheFile) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  EventLog log(out, /*json=*/true, false);
  RecordingSink sink;
  log.set_sink(&sink, /*also_out=*/true);
  log.conflict(a_conflict());
  ASSERT_EQ(sink.lines.size(), 1u);
  EXPECT_EQ(file_text(out), sink.lines[0].line + "\n");
  EXPECT_EQ(sink.lines[0].message, sink.lines[0].line) << "JSON lines go whole";
  std::fclose(out);
}

TEST(EventLogCounts, CountTftpAndHttpWhateverIsWritten) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  EventLog log(out, false, /*quiet_dhcp=*/true);
  tftp::TransferEvent e;
  e.client = "10.0.0.7:2070";
  e.file = "pxelinux.0";
  for (auto kind : {tftp::TransferEvent::Kind::kStart, tftp::TransferEvent::Kind::kFinish,
                    tftp::TransferEvent::Kind::kTimedOut, tftp::TransferEvent::Kind::kRefused}) {
    e.kind = kind;
    log.tftp(e);
  }
  log.http(http::RequestEvent{});
  EXPECT_EQ(log.counts().tftp_done, 1u);
  EXPECT_EQ(log.counts().tftp_failed, 2u);
  EXPECT_EQ(log.counts().http, 1u);
  EXPECT_EQ(log.counts().replies, 0u);
  std::fclose(out);
}

TEST(JournalEntry, NamesTheFieldsAJournalctlQueryUses) {
  const LogField fields[] = {{"mac", "52:54:00:12:34:56"},
                             {"verdict", "no-tftp"},
                             {"reason", "not a PXE client"},
                             {"size", "123"}};
  const LogRecord record{"boot", "2026-01-01T00:00:00.000Z boot mac=52:54:00:12:34:56 ...",
                         "boot mac=52:54:00:12:34:56 ...", fields};
  std::vector<std::string> entry{"left over from a previous line"};
  journal_entry(record, "eth0", entry);
  EXPECT_TRUE(has(entry, "MESSAGE=boot mac=52:54:00:12:34:56 ...")) << entry.front();
  EXPECT_TRUE(has(entry, "PRIORITY=6"));
  EXPECT_TRUE(has(entry, "SYSLOG_IDENTIFIER=pxescope"));
  EXPECT_TRUE(has(entry, "PXESCOPE_EVENT=boot"));
  EXPECT_TRUE(has(entry, "PXESCOPE_IFACE=eth0"));
  EXPECT_TRUE(has(entry, "PXESCOPE_MAC=52:54:00:12:34:56"));
  EXPECT_TRUE(has(entry, "PXESCOPE_VERDICT=no-tftp"));
  EXPECT_TRUE(has(entry, "PXESCOPE_REASON=not a PXE client"));
  EXPECT_EQ(entry.size(), 8u) << "size= is not a journal field; nothing left over";

  const LogField malformed[] = {{"from", "02:00:00:00:00:09"}};
  journal_entry(LogRecord{"malformed", "", "malformed ...", malformed}, "", entry);
  EXPECT_TRUE(has(entry, "PXESCOPE_MAC=02:00:00:00:00:09")) << "the sender of a malformed frame";
  EXPECT_TRUE(has(entry, "PRIORITY=4"));
  for (const std::string& item : entry) EXPECT_NE(item.rfind("PXESCOPE_IFACE=", 0), 0u);

  // A DHCPv6 line's from= is an address; its MAC is in mac=.
  const LogField dhcp6[] = {{"from", "[fe80::1]:546"}, {"mac", "52:54:00:00:00:07"}};
  journal_entry(LogRecord{"dhcp6", "", "dhcp6 ...", dhcp6}, "eth0", entry);
  EXPECT_TRUE(has(entry, "PXESCOPE_MAC=52:54:00:00:00:07"));
  EXPECT_FALSE(has(entry, "PXESCOPE_MAC=[fe80::1]:546"));
}

TEST(JournalEntry, PriorityByEvent) {
  EXPECT_EQ(journal_priority("error"), 3);
  EXPECT_EQ(journal_priority("conflict"), 4);
  EXPECT_EQ(journal_priority("tftp-failed"), 4);
  EXPECT_EQ(journal_priority("tftp-timeout"), 4);
  EXPECT_EQ(journal_priority("tftp-finish"), 6);
  EXPECT_EQ(journal_priority("start"), 5);
  EXPECT_EQ(journal_priority("dhcp"), 6);
  EXPECT_EQ(journal_priority("ignored"), 6);
}

// JOURNAL_STREAM names stdout's device and inode under systemd; a redirected stdout does not
// match, so `pxescope respond > file` keeps writing the file.
TEST(JournalStream, MatchesOnlyTheStreamStdoutIs) {
  std::fflush(stdout);
  const int saved = ::dup(STDOUT_FILENO);
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  ::dup2(::fileno(f), STDOUT_FILENO);
  struct stat st {};
  ASSERT_EQ(::fstat(STDOUT_FILENO, &st), 0);
  const std::string mine = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  const std::string other = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1);
  ::setenv("JOURNAL_STREAM", mine.c_str(), 1);
  const bool matches = stdout_is_journal();
  bool also_stdout = true;
  const bool sink_made = journal_sink_for(false, "eth0", also_stdout) != nullptr;
  const bool also_stdout_when_journal = also_stdout;
  ::setenv("JOURNAL_STREAM", other.c_str(), 1);
  const bool other_matches = stdout_is_journal();
  const bool sink_without_journal = journal_sink_for(false, "eth0", also_stdout) != nullptr;
  const bool sink_asked = journal_sink_for(true, "eth0", also_stdout) != nullptr;
  ::setenv("JOURNAL_STREAM", "garbage", 1);
  const bool garbage_matches = stdout_is_journal();
  ::unsetenv("JOURNAL_STREAM");
  ::dup2(saved, STDOUT_FILENO);
  ::close(saved);
  std::fclose(f);
  EXPECT_TRUE(matches);
  EXPECT_TRUE(sink_made);
  EXPECT_FALSE(also_stdout_when_journal) << "the stream is the journal: not twice";
  EXPECT_FALSE(other_matches);
  EXPECT_FALSE(sink_without_journal) << "not asked, not the journal: no sink";
  EXPECT_TRUE(sink_asked) << "--journal";
  EXPECT_TRUE(also_stdout) << "--journal with stdout elsewhere: both";
  EXPECT_FALSE(garbage_matches);
}

}  // namespace
}  // namespace pxescope::responder
