#include "gui/background_pass.hpp"
#include "gui/background_pool.hpp"

#include <QtConcurrent/QtConcurrentRun>

namespace pxescope::gui {

BackgroundPass::BackgroundPass(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcherBase::finished, this, &BackgroundPass::finish);
}

BackgroundPass::~BackgroundPass() {
  cancel_ = true;
  watcher_.waitForFinished();
}

void BackgroundPass::start(std::function<void(const std::atomic<bool>&)> work,
                           std::function<void()> done) {
  cancel_ = true;
  watcher_.waitForFinished();  // one pass at a time: the previous one's result is dropped
  cancel_ = false;
  done_ = std::move(done);
  watcher_.setFuture(
      QtConcurrent::run(backgroundPool(), [this, work = std::move(work)] { work(cancel_); }));
}

void BackgroundPass::wait() {
  watcher_.waitForFinished();
  finish();
}

void BackgroundPass::finish() {
  if (!done_) return;  // already ran (wait() before the finished signal, or the other way)
  auto done = std::move(done_);
  done_ = nullptr;
  done();
}

}  // namespace pxescope::gui
