// Event-loop latency for the GUI benchmarks: a 10 ms timer records how late each tick comes
// (a stall: the tick's lateness beyond its 10 ms). mark() and max(from) give the longest
// stall of one step (a sort) inside the whole run; the statistics take a range of ticks.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

class StallProbe {
 public:
  static constexpr int kTickMs = 10;

  void start() {
    clock_.start();
    last_ = 0;
    timer_.setTimerType(Qt::PreciseTimer);
    timer_.setInterval(kTickMs);
    QObject::connect(&timer_, &QTimer::timeout, [this] {
      const qint64 now = clock_.nsecsElapsed();
      stalls_ms_.push_back(std::max(0.0, static_cast<double>(now - last_) / 1e6 - kTickMs));
      last_ = now;
    });
    timer_.start();
  }
  // The ticks recorded from now on belong to the step that starts now.
  std::size_t mark() const { return stalls_ms_.size(); }
  // Over the ticks [from, to) (to: a mark; by default every tick so far).
  double max(std::size_t from = 0, std::size_t to = kAll) const {
    const auto [first, last] = range(from, to);
    return first == last ? 0 : *std::max_element(first, last);
  }
  double percentile(double p, std::size_t to = kAll) const {
    const auto [first, last] = range(0, to);
    if (first == last) return 0;
    std::vector<double> sorted(first, last);
    std::sort(sorted.begin(), sorted.end());
    return sorted[static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1))];
  }
  std::size_t ticks(std::size_t to = kAll) const { return std::min(to, stalls_ms_.size()); }
  std::size_t over(double ms, std::size_t to = kAll) const {
    const auto [first, last] = range(0, to);
    return static_cast<std::size_t>(std::count_if(first, last, [ms](double s) { return s > ms; }));
  }

 private:
  static constexpr std::size_t kAll = static_cast<std::size_t>(-1);
  using Iterator = std::vector<double>::const_iterator;
  std::pair<Iterator, Iterator> range(std::size_t from, std::size_t to) const {
    to = std::min(to, stalls_ms_.size());
    from = std::min(from, to);
    return {stalls_ms_.begin() + static_cast<std::ptrdiff_t>(from),
            stalls_ms_.begin() + static_cast<std::ptrdiff_t>(to)};
  }

  QTimer timer_;
  QElapsedTimer clock_;
  qint64 last_ = 0;
  std::vector<double> stalls_ms_;
};
