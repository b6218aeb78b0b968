// Writes lease changes off the DHCP/TFTP loop. The loop calls append() (a map insert under a
// mutex, never a system call); a writer thread appends one "IP MAC EXPIRES" line per change
// to the lease file (lease_log.hpp), fdatasyncs, and compacts the file now and then.
//
// It writes through a descriptor opened before privileges were dropped, so the serving
// user needs no write access to the lease file's directory, and compaction rewrites the file
// in place, crash-safely: the snapshot is appended and synced first, then copied to the
// front and the file truncated (a crash at any point leaves a file that replays to the same
// table; see lease_log.hpp).
//
// A write that fails (disk full) keeps its changes queued and is retried every
// `retry_every`; the failure is reported once per `report_every`, and the recovery once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <thread>

#include "responder/lease_log.hpp"

namespace pxescope::responder {

class LeaseJournal {
 public:
  struct Options {
    std::size_t compact_min_lines = 4096;  // never compact a file shorter than this
    std::size_t compact_factor = 4;        // ... or one under factor x the live leases
    std::chrono::milliseconds retry_every{1000};
    std::chrono::milliseconds report_every{60'000};
  };
  using Report = std::function<void(const std::string&)>;  // called on the writer thread

  // Takes `fd` (read/write, positioned anywhere), `file_lines` already in it and the live
  // leases it holds. `path` is for messages only.
  LeaseJournal(int fd, std::string path, std::size_t file_lines,
               std::map<std::uint32_t, LeaseRecord> live, Options options, Report report);
  // Writes what is queued (one attempt), then stops the writer.
  ~LeaseJournal();
  LeaseJournal(const LeaseJournal&) = delete;
  LeaseJournal& operator=(const LeaseJournal&) = delete;

  void append(std::span<const LeaseRecord> changes);
  // Tests and benchmarks: waits until nothing is queued or a write failed (bounded).
  bool wait_idle(std::chrono::milliseconds limit);
  std::size_t compactions() const;

 private:
  void run();
  bool write_batch(const std::map<std::uint32_t, LeaseRecord>& batch, std::string& error);
  bool compact(std::string& error);
  bool write_at(const std::string& text, off_t offset, std::string& error);
  void note_failure(const std::string& error);

  int fd_;
  std::string path_;
  Options options_;
  Report report_;
  // Writer thread only.
  std::map<std::uint32_t, LeaseRecord> live_;  // the file's content, replayed
  std::size_t file_lines_ = 0;
  off_t file_size_ = 0;
  bool needs_newline_ = false;  // the file ends in a partial line
  std::chrono::steady_clock::time_point last_report_{};
  std::size_t failures_since_report_ = 0;
  bool failure_reported_ = false;  // so a recovery is reported only after a reported failure
  // Shared with the loop.
  mutable std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::map<std::uint32_t, LeaseRecord> queued_;  // latest change per address
  bool busy_ = false;
  bool failing_ = false;
  bool stop_ = false;
  std::size_t compactions_ = 0;
  std::thread writer_;
};

}  // namespace pxescope::responder
