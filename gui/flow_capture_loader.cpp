#include "gui/flow_capture_loader.hpp"
#include "gui/background_pool.hpp"

#include <QtConcurrent/QtConcurrentRun>

namespace pxescope::gui {

FlowCaptureLoader::FlowCaptureLoader(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcherBase::finished, this, &FlowCaptureLoader::onFinished);
}

FlowCaptureLoader::~FlowCaptureLoader() {
  watcher_.waitForFinished();  // the reader thread must not outlive the view
}

void FlowCaptureLoader::load(const QString& path) {
  watcher_.waitForFinished();
  path_ = path;
  ready_ = false;
  loaded_.reset();
  watcher_.setFuture(QtConcurrent::run(backgroundPool(), [path] {
    auto loaded = std::make_shared<Loaded>();
    std::string error;
    loaded->ok = flow::read_flow_capture(path.toStdString(), loaded->capture, error);
    loaded->error = QString::fromStdString(error);
    return loaded;
  }));
}

void FlowCaptureLoader::wait() {
  if (ready_ || path_.isEmpty()) return;
  watcher_.waitForFinished();
  onFinished();  // now, so the views are filled when this returns
}

void FlowCaptureLoader::onFinished() {
  if (ready_ || !watcher_.isFinished() || watcher_.future().resultCount() == 0) return;
  loaded_ = watcher_.result();
  ready_ = true;
  emit ready();
}

}  // namespace pxescope::gui
