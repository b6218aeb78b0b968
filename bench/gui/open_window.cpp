// GUI benchmark with the real window: pxescope-gui's MainWindow (packet list, clients dock,
// boot stories on) opens a capture while a 10 ms timer measures the event loop's latency.
//
//   pxescope-bench-window FILE [--timeout SECONDS]
//
// Printed: time until the first rows are in the list and painted, until the index, the
// clients table and the boot stories are complete, the longest and the 99th-percentile stall
// of the event loop (a tick's lateness beyond its 10 ms), and resident memory (peak, VmHWM).
// Then it sorts as a user clicking the headers would (bench/gui/sort_steps.hpp): the packet
// list by Info, by Source and by Time descending, the Clients table by Verdict; per sort, the
// time until the sorted rows are painted and the longest stall meanwhile.
// A program, not a test: it prints numbers and never asserts on them. Generate big captures
// with `pxescope-bench-gui --generate N --clients K OUT.pcapng`.
#include <sys/resource.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench/gui/process_memory.hpp"
#include "bench/gui/sort_steps.hpp"
#include "bench/gui/stall_probe.hpp"
#include "gui/boot_story_view.hpp"
#include "gui/clients_dock.hpp"
#include "gui/main_window.hpp"
#include "gui/packet_list_model.hpp"

namespace {

constexpr int kTickMs = StallProbe::kTickMs;

double msSince(const QElapsedTimer& clock) {
  return static_cast<double>(clock.nsecsElapsed()) / 1e6;
}

double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  int timeout_s = 300;
  if (args.size() == 3 && args[1] == "--timeout") timeout_s = std::stoi(args[2]);
  if (args.size() != 1 && args.size() != 3) {
    std::fprintf(stderr, "usage: %s FILE [--timeout SECONDS]\n", argv[0]);
    return 2;
  }
  qputenv("QT_QPA_PLATFORM",
          qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
  QApplication app(argc, argv);
  const long rss_before = statusKb("VmRSS:");

  pxescope::gui::MainWindow window(/*restore_layout=*/false);  // never writes the settings
  window.resize(1400, 900);
  window.show();
  app.processEvents();
  auto* packets = window.packetModel();
  auto* stories = window.bootStoryView();
  QTableWidget* clients = window.findChild<pxescope::gui::ClientsDock*>()->table();

  StallProbe probe;
  QElapsedTimer clock;
  double first_rows = -1, indexed = -1, told = -1, clients_done = -1, open_ms = -1;
  double cpu_done = -1;        // user+sys seconds of the process (all threads) at that point
  std::size_t open_ticks = 0;  // the open's own stalls end where the sort steps begin
  long open_peak_kb = -1;      // VmHWM then: the open's peak, before the sorts' keys
  bool opened = false;
  QString error;
  // Opened from inside the event loop, so the probe counts the open call itself as a stall.
  QTimer::singleShot(0, [&] {
    clock.start();
    probe.start();
    opened = window.openFile(QString::fromStdString(args[0]), /*quiet=*/true);
    open_ms = msSince(clock);
    if (!opened) {
      error = window.lastError();
      app.quit();
    }
  });
  QObject::connect(stories, &pxescope::gui::BootStoryView::storiesReady,
                   [&] { told = msSince(clock); });
  using pxescope::gui::ClientsDock;
  using pxescope::gui::PacketListModel;
  QTableView* list = window.packetView();
  SortSteps sorts(
      {{"packets by Info (ascending)", list, PacketListModel::Info, Qt::AscendingOrder, true},
       {"packets by Source (ascending)", list, PacketListModel::Source, Qt::AscendingOrder, true},
       {"packets by Time (descending)", list, PacketListModel::Time, Qt::DescendingOrder, true},
       {"Clients by Verdict (ascending)", clients, ClientsDock::CVerdict, Qt::AscendingOrder,
        false}},
      packets, probe, [&] { return msSince(clock); });
  // Checked on each tick: the milestones, half a second more of measuring, then the sorts.
  QTimer watch;
  watch.setInterval(kTickMs);
  QObject::connect(&watch, &QTimer::timeout, [&] {
    if (!opened) return;
    if (first_rows < 0 &&
        static_cast<std::uint64_t>(packets->rowCount()) >=
            std::min<std::uint64_t>(30, packets->frameCount()) &&
        packets->rowCount() > 0) {
      window.packetView()->viewport()->repaint();  // painted, so the rows are decoded
      first_rows = msSince(clock);
    }
    if (indexed < 0 && !packets->isScanning()) indexed = msSince(clock);
    // Both refill the clients table as they end (direct signals), so it is complete here.
    if (clients_done < 0 && told >= 0 && indexed >= 0) {
      clients_done = msSince(clock);
      cpu_done = cpuSeconds();
    }
    if (msSince(clock) > timeout_s * 1000.0) app.quit();
    if (clients_done >= 0 && msSince(clock) > clients_done + 500) {
      if (open_ticks == 0) {
        open_ticks = probe.mark();
        open_peak_kb = statusKb("VmHWM:");
      }
      if (sorts.advance()) app.quit();
    }
  });
  watch.start();
  app.exec();
  if (!opened) {
    std::fprintf(stderr, "%s\n", qPrintable(error));
    return 1;
  }

  std::printf("file:                    %s\n", args[0].c_str());
  std::printf("frames:                  %llu\n",
              static_cast<unsigned long long>(packets->frameCount()));
  std::printf("clients listed:          %d (of %zu in the table)\n",
              clients ? clients->rowCount() : -1, packets->clients().size());
  std::printf("openFile() call:         %.1f ms\n", open_ms);
  std::printf("first rows painted:      %.1f ms\n", first_rows);
  std::printf("index complete:          %.1f ms\n", indexed);
  std::printf("stories told:            %.1f ms\n", told);
  std::printf("stories+clients done:    %.1f ms%s\n", clients_done,
              clients_done < 0 ? " (timed out)" : "");
  std::printf("CPU to stories+clients:  %.1f s (user+sys, all threads, from the start)\n",
              cpu_done);
  if (open_ticks == 0) open_ticks = probe.mark();  // timed out before the sorts
  std::printf("event-loop stall:        max %.1f ms, p99 %.1f ms, %zu of %zu ticks > 100 ms\n",
              probe.max(0, open_ticks), probe.percentile(0.99, open_ticks),
              probe.over(100, open_ticks), probe.ticks(open_ticks));
  sorts.print();
  std::printf("RSS: %ld MB before open, %ld MB peak before the sorts, %ld MB now, %ld MB peak\n",
              rss_before / 1024, open_peak_kb / 1024, statusKb("VmRSS:") / 1024,
              statusKb("VmHWM:") / 1024);
  return 0;
}
