// The lease journal: replaying the file gives back the table, compaction shrinks it without
// changing it, a crash at any byte of a compaction leaves a file that replays to the same
// table, corrupt lines are reported as FILE:LINE, and a full disk is reported once and
// retried (a tiny tmpfs in a private mount namespace; needs root, skips otherwise).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "responder/lease_journal.hpp"
#include "responder/lease_log.hpp"
#include "responder/lease_table.hpp"

namespace pxescope::responder {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr std::uint32_t kFirst = 0x0a000001u;  // 10.0.0.1
constexpr std::uint32_t kLast = 0x0a000040u;   // 10.0.0.64

// A fresh path in /tmp (a leftover of a killed run is removed).
fs::path temp_path(const std::string& name) {
  const fs::path path =
      fs::temp_directory_path() / ("pxescope-journal-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(path);
  return path;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

LeaseLog replay_text(const std::string& text) {
  std::istringstream in(text);
  return replay_lease_log(in, "leases");
}

std::map<std::uint32_t, LeaseRecord> bound_only(const std::map<std::uint32_t, LeaseRecord>& m) {
  std::map<std::uint32_t, LeaseRecord> bound;
  for (const auto& [ip, r] : m)
    if (r.expires != 0) bound[ip] = r;
  return bound;
}

MacAddress mac_of(int n) {
  return {2, 0, 0, 0, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
}

// A day of DHCP traffic on a small pool, persisted through `journal` after every step.
void churn(LeaseTable& table, LeaseJournal& journal, int steps, unsigned seed) {
  std::mt19937 rng(seed);
  for (int step = 0; step < steps; ++step) {
    const MacAddress mac = mac_of(static_cast<int>(rng() % 80));
    const std::int64_t now = 1000 + step;
    switch (rng() % 5) {
      case 0:
      case 1: {
        const std::uint32_t ip = table.offer(mac, 0, now);
        if (ip != 0) table.bind(mac, ip, now, 3600);
        break;
      }
      case 2:
        table.offer(mac, 0, now);  // a DISCOVER that never comes back
        break;
      case 3:
        table.release(mac, table.bound_address(mac, now));
        break;
      default:
        // A holder's DECLINE (others' are ignored), or an address found in use by ARP.
        if (rng() % 2)
          table.decline(mac, table.bound_address(mac, now), now);
        else
          table.mark_in_use(kFirst + rng() % (kLast - kFirst + 1), now, 600);
        break;
    }
    journal.append(table.take_changes());
  }
}

struct Reports {
  std::mutex mutex;
  std::vector<std::string> lines;
  LeaseJournal::Report sink() {
    return [this](const std::string& line) {
      std::lock_guard lock(mutex);
      lines.push_back(line);
    };
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return lines.size();
  }
};

int open_rw(const fs::path& path) {
  return ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
}

// The file replays, without a problem, to the table's bound leases.
LeaseLog expect_file_holds(const fs::path& file, const LeaseTable& table) {
  LeaseLog log = replay_text(read_text(file));
  EXPECT_TRUE(log.problems.empty()) << log.problems.front();
  EXPECT_EQ(bound_only(log.latest), table.bound_records());
  return log;
}

TEST(LeaseJournal, ReplayingTheFileGivesBackTheTable) {
  const fs::path file = temp_path("replay");
  LeaseTable table(kFirst, kLast);
  Reports reports;
  LeaseJournal::Options no_compaction;
  no_compaction.compact_min_lines = 1'000'000;
  {
    LeaseJournal journal(open_rw(file), file.string(), 0, {}, no_compaction, reports.sink());
    churn(table, journal, 2000, 7);
    ASSERT_TRUE(journal.wait_idle(10s));
  }
  const LeaseLog log = expect_file_holds(file, table);
  EXPECT_FALSE(table.bound_records().empty()) << "the churn must leave some leases bound";

  LeaseTable restarted(kFirst, kLast);
  restarted.restore(log.latest, 1000);
  EXPECT_EQ(restarted.bound_records(), table.bound_records());
  EXPECT_TRUE(restarted.take_changes().empty()) << "a restored table has nothing to write";
  EXPECT_EQ(reports.count(), 0u);
  fs::remove(file);
}

TEST(LeaseJournal, DiscoversThatChangeNoBindingWriteNothing) {
  LeaseTable table(kFirst, kLast);
  const std::uint32_t ip = table.offer(mac_of(1), 0, 100);
  EXPECT_TRUE(table.take_changes().empty()) << "an offer is not persisted";
  ASSERT_TRUE(table.bind(mac_of(1), ip, 100, 3600));
  ASSERT_EQ(table.take_changes().size(), 1u);
  table.offer(mac_of(1), 0, 200);  // the same client asks again
  EXPECT_TRUE(table.take_changes().empty());
  ASSERT_TRUE(table.release(mac_of(1), ip));
  const std::vector<LeaseRecord> freed = table.take_changes();
  ASSERT_EQ(freed.size(), 1u);
  EXPECT_EQ(freed[0].expires, 0) << "a release is journaled as a freed address";
}

TEST(LeaseJournal, CompactionShrinksTheFileAndKeepsTheTable) {
  const fs::path file = temp_path("compact");
  LeaseTable table(kFirst, kLast);
  Reports reports;
  LeaseJournal::Options small;
  small.compact_min_lines = 100;
  small.compact_factor = 2;
  std::size_t compactions = 0;
  {
    LeaseJournal journal(open_rw(file), file.string(), 0, {}, small, reports.sink());
    for (int round = 0; round < 20; ++round) {
      churn(table, journal, 200, 100 + round);
      ASSERT_TRUE(journal.wait_idle(10s));  // one batch per round: compaction gets its turn
    }
    compactions = journal.compactions();
  }
  EXPECT_GT(compactions, 0u);
  const LeaseLog log = expect_file_holds(file, table);
  EXPECT_LT(log.lines, 100 + 2 * (kLast - kFirst + 1) + 200) << "compaction bounds the file";
  EXPECT_EQ(reports.count(), 0u);
  fs::remove(file);
}

// Every byte at which a compaction can be cut short: appending the snapshot, copying it to
// the front, before the truncation. The file must replay to the same table each time.
TEST(LeaseJournal, ACrashAnywhereInACompactionLeavesTheSameTable) {
  std::string old_log;
  std::map<std::uint32_t, LeaseRecord> state;
  std::mt19937 rng(3);
  for (int i = 0; i < 60; ++i) {
    const LeaseRecord r{kFirst + static_cast<std::uint32_t>(rng() % 8),
                        mac_of(static_cast<int>(rng() % 5)), (rng() % 3 == 0) ? 0 : 5000 + i};
    old_log += format_lease_record(r);
    state[r.ip] = r;
  }
  const std::string snapshot = format_lease_snapshot(state);
  ASSERT_GE(old_log.size(), snapshot.size());
  const auto expected = bound_only(state);
  ASSERT_EQ(bound_only(replay_text(old_log).latest), expected);
  for (std::size_t cut = 0; cut <= snapshot.size(); ++cut) {
    const std::string appending = old_log + snapshot.substr(0, cut);
    EXPECT_EQ(bound_only(replay_text(appending).latest), expected) << "appending, cut " << cut;
    const std::string full = old_log + snapshot;
    const std::string copying = snapshot.substr(0, cut) + full.substr(cut);
    EXPECT_EQ(bound_only(replay_text(copying).latest), expected) << "copying, cut " << cut;
  }
  const std::string untruncated = snapshot + (old_log + snapshot).substr(snapshot.size());
  EXPECT_EQ(bound_only(replay_text(untruncated).latest), expected);
}

TEST(LeaseJournal, CorruptLinesAreReportedWithFileAndLine) {
  const LeaseLog log = replay_text(
      "10.0.0.1 02:00:00:00:00:01 5000\nnot a lease\n10.0.0.2 02:00:00:00:00:02 x\n"
      "10.0.0.3 02:00:00:00:00:03 6000\n");
  ASSERT_EQ(log.problems.size(), 2u);
  EXPECT_NE(log.problems[0].find("leases:2:"), std::string::npos) << log.problems[0];
  EXPECT_NE(log.problems[1].find("leases:3:"), std::string::npos) << log.problems[1];
  EXPECT_EQ(log.latest.size(), 2u) << "good lines around bad ones still count";
}

// A crash mid-append leaves half a line: the next append must not glue onto it.
TEST(LeaseJournal, AppendAfterATornLineStartsOnANewLine) {
  const fs::path file = temp_path("torn");
  { std::ofstream(file) << "10.0.0.1 02:00:00:00:00:01 5000\n10.0.0.2 02:00:0"; }
  Reports reports;
  {
    LeaseJournal journal(open_rw(file), file.string(), 2, {}, {}, reports.sink());
    const LeaseRecord added{kFirst + 2, mac_of(3), 7000};
    journal.append(std::span(&added, 1));
    ASSERT_TRUE(journal.wait_idle(10s));
  }
  const LeaseLog log = replay_text(read_text(file));
  EXPECT_EQ(log.problems.size(), 1u) << "only the torn line is lost";
  EXPECT_EQ(log.latest.count(kFirst + 2), 1u) << "the new record survives";
  fs::remove(file);
}

// A tmpfs of 8 KiB in this process's private mount namespace, filled to the last byte.
class FullDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "SKIP: needs root (mount a tmpfs in a mount namespace)";
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
      GTEST_SKIP() << "SKIP: cannot make a private mount namespace: " << std::strerror(errno);
    dir_ = temp_path("tmpfs");
    fs::create_directories(dir_);
    if (::mount("pxescope-test", dir_.c_str(), "tmpfs", 0, "size=8k") != 0)
      GTEST_SKIP() << "SKIP: cannot mount a tmpfs: " << std::strerror(errno);
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) ::umount(dir_.c_str());
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  void fill() {
    std::ofstream filler(dir_ / "filler");
    const std::string chunk(512, 'x');
    for (int i = 0; i < 64 && filler; ++i) filler << chunk << std::flush;
  }
  fs::path dir_;
  bool mounted_ = false;
};

TEST_F(FullDisk, IsReportedOnceAndRetriedUntilTheWriteSucceeds) {
  const fs::path file = dir_ / "leases";
  const int fd = open_rw(file);
  ASSERT_GE(fd, 0);
  fill();
  Reports reports;
  LeaseJournal::Options options;
  options.retry_every = 20ms;
  options.report_every = 3600s;
  {
    LeaseJournal journal(fd, file.string(), 0, {}, options, reports.sink());
    for (int i = 0; i < 40; ++i) {
      const LeaseRecord r{kFirst + static_cast<std::uint32_t>(i), mac_of(i), 9000};
      journal.append(std::span(&r, 1));
      std::this_thread::sleep_for(5ms);  // many attempts: every one fails
    }
    ASSERT_TRUE(journal.wait_idle(10s));
    EXPECT_EQ(reports.count(), 1u) << "one report, not one per failed write";
    ASSERT_GE(reports.count(), 1u);
    EXPECT_NE(reports.lines[0].find("No space left"), std::string::npos) << reports.lines[0];
    EXPECT_EQ(read_text(file), "") << "nothing half-written";

    fs::remove(dir_ / "filler");
    for (int i = 0; i < 500 && reports.count() < 2; ++i) std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(reports.count(), 2u) << "the recovery is reported";
  EXPECT_NE(reports.lines[1].find("written again"), std::string::npos) << reports.lines[1];
  const LeaseLog log = replay_text(read_text(file));
  EXPECT_EQ(log.latest.size(), 40u) << "every queued change was written by a retry";
  EXPECT_TRUE(log.problems.empty());
}

}  // namespace
}  // namespace pxescope::responder
