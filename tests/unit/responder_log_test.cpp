// The responder's log lines: client-controlled strings are escaped (no raw newline, CR, ESC or
// quote in text lines; valid JSON in --json lines).
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "responder/event_log.hpp"
#include "responder/log_escape.hpp"
#include "responder/log_rate_limit.hpp"

namespace {

using pxescope::responder::escape_log_value;
using pxescope::responder::EventLog;

// What an EventLog writes, captured in memory.
class CapturedLog {
 public:
  explicit CapturedLog(bool json)
      : file_(open_memstream(&data_, &size_)), log_(file_, json, false) {}
  ~CapturedLog() {
    std::fclose(file_);
    std::free(data_);
  }
  EventLog& log() { return log_; }
  std::string text() {
    log_.flush();
    return std::string(data_, size_);
  }

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* file_;
  EventLog log_;
};

pxescope::tftp::TransferEvent hostile_refusal() {
  pxescope::tftp::TransferEvent e;
  e.kind = pxescope::tftp::TransferEvent::Kind::kRefused;
  e.client = "10.0.0.9:2070";
  e.file = "pxelinux.0\n2026-01-01T00:00:00.000Z tftp-finish file=\"evil\" \x1b[31mred\r";
  e.message =
      "unsupported mode \"net\x1b"
      "ascii\"\n";
  return e;
}

TEST(LogEscape, ControlCharactersQuotesAndBackslashesAreEscaped) {
  EXPECT_EQ(escape_log_value("pxelinux.0"), "pxelinux.0");
  EXPECT_EQ(escape_log_value("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(escape_log_value("\x1b[2J"), "\\x1b[2J");
  EXPECT_EQ(escape_log_value("say \"hi\""), "\"say \\x22hi\\x22\"");
  EXPECT_EQ(escape_log_value("back\\slash"), "back\\\\slash");
  EXPECT_EQ(escape_log_value(std::string("nul\0del\x7f", 8)), "nul\\x00del\\x7f");
  EXPECT_EQ(escape_log_value("\xc3\xa9"), "\\xc3\\xa9");
  EXPECT_EQ(escape_log_value(""), "\"\"");
  EXPECT_EQ(escape_log_value("a=b"), "\"a=b\"");
}

TEST(EventLogEscaping, TextLineHoldsNoRawNewlineCarriageReturnEscOrQuote) {
  CapturedLog out(false);
  out.log().tftp(hostile_refusal());
  const std::string text = out.text();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.find('\n'), text.size() - 1) << "one line only: " << text;
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  // Quotes only as the delimiters of values with spaces: none inside the forged file name.
  EXPECT_EQ(text.find("file=\"evil\""), std::string::npos) << text;
  EXPECT_NE(text.find("pxelinux.0\\n2026"), std::string::npos) << text;
  EXPECT_NE(text.find("\\x1b[31mred\\r"), std::string::npos) << text;
}

TEST(EventLogEscaping, JsonLineIsOneValidObjectWithTheStringsIntact) {
  CapturedLog out(true);
  const auto event = hostile_refusal();
  out.log().tftp(event);
  out.log().info("reload", "boot file \"a\"\nchanged");
  const std::string text = out.text();
  const std::size_t first_end = text.find('\n');
  ASSERT_NE(first_end, std::string::npos);
  const auto line = nlohmann::json::parse(text.substr(0, first_end));
  EXPECT_EQ(line["file"], event.file);
  EXPECT_EQ(line["message"], event.message);
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
  const std::string second = text.substr(first_end + 1);
  EXPECT_EQ(second.find('\n'), second.size() - 1) << second;
  EXPECT_EQ(nlohmann::json::parse(second)["message"], "boot file \"a\"\nchanged");
}

TEST(EventLogEscaping, StandaloneTftpLineIsEscapedToo) {
  const std::string line = pxescope::tftp::format_event(hostile_refusal());
  EXPECT_EQ(line.find('\n'), std::string::npos) << line;
  EXPECT_EQ(line.find('\r'), std::string::npos) << line;
  EXPECT_EQ(line.find('\x1b'), std::string::npos) << line;
  EXPECT_NE(line.find("pxelinux.0\\n2026"), std::string::npos) << line;
}

TEST(LogRateLimit, BurstPerWindowThenACountOnceTheWindowIsOver) {
  using pxescope::responder::LogRateLimit;
  using std::chrono::seconds;
  LogRateLimit limit(3, seconds(10));
  const auto t0 = LogRateLimit::Clock::time_point{} + seconds(1000);
  int allowed = 0;
  for (int i = 0; i < 50; ++i) allowed += limit.allow(t0 + std::chrono::milliseconds(i));
  EXPECT_EQ(allowed, 3);
  EXPECT_TRUE(limit.has_suppressed());
  EXPECT_EQ(limit.take_suppressed(t0 + seconds(5)), 0u) << "window not over yet";
  EXPECT_EQ(limit.take_suppressed(t0 + seconds(10)), 47u);
  EXPECT_EQ(limit.take_suppressed(t0 + seconds(11)), 0u) << "said once";
  EXPECT_TRUE(limit.allow(t0 + seconds(10))) << "a new window";
  EXPECT_TRUE(limit.allow(t0 + seconds(10)));
  EXPECT_TRUE(limit.allow(t0 + seconds(10)));
  EXPECT_FALSE(limit.allow(t0 + seconds(10)));
  EXPECT_EQ(limit.take_suppressed(t0 + seconds(11), true), 1u) << "forced at shutdown";
}

}  // namespace
