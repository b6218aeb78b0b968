// One piece of work off the GUI thread (a statistics pass over the capture file), then a
// callback on the GUI thread with its result. The owner's destructor cancels and waits, so
// the worker never outlives the dialog that reads its result.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <atomic>
#include <functional>

namespace pxescope::gui {

class BackgroundPass : public QObject {
  Q_OBJECT

 public:
  explicit BackgroundPass(QObject* parent = nullptr);
  ~BackgroundPass() override;

  // Runs `work(cancel)` in the thread pool, then `done()` on the GUI thread.
  void start(std::function<void(const std::atomic<bool>& cancel)> work, std::function<void()> done);
  bool isRunning() const { return watcher_.isRunning(); }
  // Blocks until the work is done and `done` has run (tests, screenshots).
  void wait();

 private:
  void finish();
  QFutureWatcher<void> watcher_;
  std::function<void()> done_;
  std::atomic<bool> cancel_{false};
};

}  // namespace pxescope::gui
