#include "responder/lease_journal.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pxescope::responder {

LeaseJournal::LeaseJournal(int fd, std::string path, std::size_t file_lines,
                           std::map<std::uint32_t, LeaseRecord> live, Options options,
                           Report report)
    : fd_(fd),
      path_(std::move(path)),
      options_(options),
      report_(std::move(report)),
      live_(std::move(live)),
      file_lines_(file_lines) {
  struct stat st {};
  if (::fstat(fd_, &st) == 0) file_size_ = st.st_size;
  // A line cut short by a crash must not swallow the first record appended after it.
  char last = '\n';
  if (file_size_ > 0 && ::pread(fd_, &last, 1, file_size_ - 1) == 1 && last != '\n')
    needs_newline_ = true;
  // The writer must never take SIGTERM/SIGINT (the loop reads them from a signalfd): it
  // inherits a mask that blocks every signal.
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  writer_ = std::thread([this] { run(); });
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

LeaseJournal::~LeaseJournal() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  writer_.join();
  ::close(fd_);
}

void LeaseJournal::append(std::span<const LeaseRecord> changes) {
  if (changes.empty()) return;
  {
    std::lock_guard lock(mutex_);
    for (const LeaseRecord& r : changes) queued_[r.ip] = r;
  }
  wake_.notify_one();
}

bool LeaseJournal::wait_idle(std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  return idle_.wait_for(lock, limit, [this] { return (queued_.empty() && !busy_) || failing_; });
}

std::size_t LeaseJournal::compactions() const {
  std::lock_guard lock(mutex_);
  return compactions_;
}

void LeaseJournal::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (queued_.empty()) {
      idle_.notify_all();
      if (stop_) return;
      wake_.wait(lock, [this] { return stop_ || !queued_.empty(); });
      continue;
    }
    std::map<std::uint32_t, LeaseRecord> batch = std::move(queued_);
    queued_.clear();
    busy_ = true;
    lock.unlock();
    std::string error;
    const bool written = write_batch(batch, error);
    const bool compact_failed = written && !compact(error);
    lock.lock();
    busy_ = false;
    if (!written)
      for (const auto& [ip, record] : batch) queued_.try_emplace(ip, record);  // newer wins
    if (written && failing_ && !compact_failed) {
      failing_ = false;
      if (failure_reported_) {
        failure_reported_ = false;
        lock.unlock();
        report_("lease file " + path_ + " is written again; the queued changes are saved");
        lock.lock();
      }
    }
    if (!written || compact_failed) {
      failing_ = true;
      lock.unlock();
      note_failure(error);
      lock.lock();
      idle_.notify_all();
      if (stop_) return;  // one attempt at shutdown, not a hang
      if (!written) wake_.wait_for(lock, options_.retry_every, [this] { return stop_; });
    }
  }
}

bool LeaseJournal::write_at(const std::string& text, off_t offset, std::string& error) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n =
        ::pwrite(fd_, text.data() + done, text.size() - done, offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = "cannot write lease file " + path_ + ": " +
              (n < 0 ? std::strerror(errno) : "nothing written") + "; free space on its disk";
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0) {
    error = "cannot sync lease file " + path_ + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool LeaseJournal::write_batch(const std::map<std::uint32_t, LeaseRecord>& batch,
                               std::string& error) {
  std::string text = needs_newline_ ? "\n" : "";
  for (const auto& [ip, record] : batch) text += format_lease_record(record);
  if (!write_at(text, file_size_, error)) {
    // Never leave half a line behind; the whole batch is retried.
    if (::ftruncate(fd_, file_size_) != 0) needs_newline_ = true;
    return false;
  }
  needs_newline_ = false;
  file_size_ += static_cast<off_t>(text.size());
  file_lines_ += batch.size();
  for (const auto& [ip, record] : batch) {
    if (record.expires == 0)
      live_.erase(ip);
    else
      live_[ip] = record;
  }
  return true;
}

// Append the snapshot (synced), copy it to the front, truncate: see lease_log.hpp for why a
// crash at any step replays to the same table.
bool LeaseJournal::compact(std::string& error) {
  if (file_lines_ < std::max(options_.compact_min_lines, options_.compact_factor * live_.size()))
    return true;
  const std::string block = format_lease_snapshot(live_);
  const off_t end = file_size_;
  if (static_cast<off_t>(block.size()) > end) return true;  // the copy would overwrite itself
  if (!write_at(block, end, error)) {
    if (::ftruncate(fd_, end) != 0) needs_newline_ = true;
    return false;
  }
  // From here the file ends with a complete snapshot: appends go after it until truncated.
  file_size_ = end + static_cast<off_t>(block.size());
  file_lines_ += live_.size() + 2;
  if (!write_at(block, 0, error)) return false;
  if (::ftruncate(fd_, static_cast<off_t>(block.size())) != 0 || ::fdatasync(fd_) != 0) {
    error = "cannot truncate lease file " + path_ + ": " + std::strerror(errno);
    return false;
  }
  file_size_ = static_cast<off_t>(block.size());
  file_lines_ = live_.size() + 2;
  std::lock_guard lock(mutex_);
  ++compactions_;
  return true;
}

void LeaseJournal::note_failure(const std::string& error) {
  const auto now = std::chrono::steady_clock::now();
  ++failures_since_report_;
  if (last_report_ != std::chrono::steady_clock::time_point{} &&
      now - last_report_ < options_.report_every)
    return;
  report_(error + " (" + std::to_string(failures_since_report_) +
          " failed attempt(s); the changes stay queued, retried every " +
          std::to_string(options_.retry_every.count()) + " ms, reported at most every " +
          std::to_string(options_.report_every.count() / 1000) + " s)");
  last_report_ = now;
  failures_since_report_ = 0;
  failure_reported_ = true;
}

}  // namespace pxescope::responder
