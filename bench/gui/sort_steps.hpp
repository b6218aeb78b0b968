// The sort steps of pxescope-bench-window: once the stories and clients are complete, the
// benchmark sorts as a user clicking the headers would (the real views' sortByColumn, through
// their headers) and measures, per sort, the time until the sorted rows are painted and the
// longest event-loop stall while it ran, and the GUI thread's own CPU time meanwhile (a stall
// on a loaded machine is mostly waiting for a core; the CPU time is the work itself). The packet
// list sorts off the GUI thread (its model emits sortFinished); a QTableWidget sorts inside the
// call.
#pragma once

#include <QHeaderView>
#include <QObject>
#include <QTableView>
#include <cstdio>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "bench/gui/stall_probe.hpp"
#include "gui/packet_list_model.hpp"

struct SortStep {
  std::string name;  // "packets by Info (ascending)"
  QTableView* view;
  int column;
  Qt::SortOrder order;
  bool off_gui_thread;  // wait for PacketListModel::sortFinished
};

class SortSteps {
 public:
  // How long a step keeps measuring after its rows are shown: a stall inside a synchronous
  // sort is recorded by the first tick after it.
  static constexpr double kSettleMs = 200;

  SortSteps(std::vector<SortStep> steps, pxescope::gui::PacketListModel* packets,
            const StallProbe& probe, std::function<double()> now_ms)
      : steps_(std::move(steps)), probe_(probe), now_ms_(std::move(now_ms)) {
    QObject::connect(packets, &pxescope::gui::PacketListModel::sortFinished,
                     [this] { ++finished_; });
    results_.resize(steps_.size());
  }

  // Called on each tick of the benchmark's watch timer; true once every step is measured.
  bool advance() {
    if (current_ >= steps_.size()) return true;
    const SortStep& step = steps_[current_];
    Result& result = results_[current_];
    if (result.clicked_ms < 0) {
      result.mark = probe_.mark();
      finished_before_ = finished_;
      result.clicked_ms = now_ms_();
      result.gui_cpu_ms = guiThreadCpuMs();
      step.view->sortByColumn(step.column, step.order);
    }
    if (result.shown_ms < 0) {
      if (step.off_gui_thread && finished_ == finished_before_) return false;
      step.view->viewport()->repaint();  // painted, so the sorted rows are decoded
      result.shown_ms = now_ms_() - result.clicked_ms;
      result.gui_cpu_ms = guiThreadCpuMs() - result.gui_cpu_ms;
      const QModelIndex top = step.view->model()->index(0, step.column);
      result.first_row = step.view->model()->data(top).toString().toStdString();
      return false;
    }
    if (now_ms_() < result.clicked_ms + result.shown_ms + kSettleMs) return false;
    result.max_stall_ms = probe_.max(result.mark);
    ++current_;
    return current_ >= steps_.size();
  }

  void print() const {
    for (std::size_t i = 0; i < steps_.size(); ++i) {
      const Result& r = results_[i];
      if (r.shown_ms < 0) {
        std::printf("sort %-32s not finished\n", (steps_[i].name + ":").c_str());
        continue;
      }
      std::printf(
          "sort %-32s shown %.1f ms, max stall %.1f ms, GUI thread CPU %.1f ms (first row: %s)\n",
          (steps_[i].name + ":").c_str(), r.shown_ms, r.max_stall_ms, r.gui_cpu_ms,
          r.first_row.c_str());
    }
  }

 private:
  // This thread's CPU time: advance() runs on the GUI thread.
  static double guiThreadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
  }

  struct Result {
    double clicked_ms = -1;
    double shown_ms = -1;
    double max_stall_ms = -1;
    double gui_cpu_ms = -1;  // what the sort cost the GUI thread itself, whatever the load
    std::size_t mark = 0;
    std::string first_row;
  };
  std::vector<SortStep> steps_;
  std::vector<Result> results_;
  const StallProbe& probe_;
  std::function<double()> now_ms_;
  std::size_t current_ = 0;
  int finished_ = 0;
  int finished_before_ = 0;
};
