// A unix datagram socket bound to a path, playing the receiving end of sd_notify (systemd's
// NOTIFY_SOCKET) or of sd_journal_send (/run/systemd/journal/socket) in the tests. A thread reads
// it all the time, as systemd does: a full queue (10 datagrams) would block the sender's sendmsg.
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class UnixDatagramListener {
 public:
  // `mode`: the socket file's permissions (0666 lets an unprivileged sender connect).
  explicit UnixDatagramListener(const std::filesystem::path& path, mode_t mode = 0600)
      : path_(path) {
    std::filesystem::remove(path_);
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path_.c_str());
    bound_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
             ::chmod(path_.c_str(), mode) == 0;
    if (bound_) reader_ = std::thread([this] { read_until_stopped(); });
  }
  ~UnixDatagramListener() {
    stop_ = true;
    if (reader_.joinable()) reader_.join();
    if (fd_ >= 0) ::close(fd_);
    std::filesystem::remove(path_);
  }
  UnixDatagramListener(const UnixDatagramListener&) = delete;
  UnixDatagramListener& operator=(const UnixDatagramListener&) = delete;

  bool bound() const { return bound_; }
  const std::filesystem::path& path() const { return path_; }

  // Datagrams received since the last take(), those still queued included (what a sender's
  // sendmsg has returned for is here).
  std::vector<std::string> take() {
    std::lock_guard<std::mutex> lock(mutex_);
    drain_locked();
    std::vector<std::string> got(all_.begin() + static_cast<std::ptrdiff_t>(taken_), all_.end());
    taken_ = all_.size();
    return got;
  }
  // The first datagram not yet returned by wait_for that contains `needle`, waiting at most
  // `limit` (bounded); "" when none came.
  std::string wait_for(const std::string& needle, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        for (; searched_ < all_.size(); ++searched_)
          if (all_[searched_].find(needle) != std::string::npos) return all_[searched_++];
      }
      if (std::chrono::steady_clock::now() >= end) return {};
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

 private:
  void read_until_stopped() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      std::lock_guard<std::mutex> lock(mutex_);
      drain_locked();
    }
  }
  void drain_locked() {
    for (ssize_t n; (n = ::recv(fd_, buffer_, sizeof buffer_, MSG_DONTWAIT)) > 0;)
      all_.emplace_back(buffer_, static_cast<std::size_t>(n));
  }

  std::filesystem::path path_;
  int fd_ = -1;
  bool bound_ = false;
  std::mutex mutex_;
  std::vector<std::string> all_;  // every datagram, in order
  std::size_t taken_ = 0;         // take() returned all_[0, taken_)
  std::size_t searched_ = 0;      // wait_for looked at all_[0, searched_)
  char buffer_[65536];            // under mutex_
  std::atomic<bool> stop_{false};
  std::thread reader_;
};
