#include "gui/lint_findings.hpp"

#include <QCoreApplication>
#include <QtConcurrent/QtConcurrentRun>

namespace pxescope::gui {

LintFindings::LintFindings(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcherBase::finished, this, [this] {
    if (watcher_.future().resultCount() == 0) return;
    Result result = watcher_.result();
    if (result.first != generation_ || !result.second) return;
    index_ = std::move(result.second);
    emit ready();
  });
}

LintFindings::~LintFindings() {
  stop();
}

void LintFindings::stop() {
  if (cancel_) cancel_->store(true);
  watcher_.waitForFinished();  // the reader thread must not outlive the window
  cancel_.reset();
}

void LintFindings::setCapture(const QString& path) {
  clear();
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  cancel_ = cancel;
  const std::string file = path.toStdString();
  const std::uint64_t generation = generation_;
  watcher_.setFuture(QtConcurrent::run([file, cancel, generation]() -> Result {
    auto index = std::make_shared<LintIndex>();
    std::string error;  // the packet list reports an unreadable file; no findings then
    index->build(file, cancel.get(), error);
    if (cancel->load()) index.reset();
    return {generation, std::move(index)};
  }));
}

void LintFindings::clear() {
  stop();
  ++generation_;
  index_.reset();
}

void LintFindings::waitForReady() {
  watcher_.waitForFinished();
  QCoreApplication::processEvents();  // the finished signal
}

bool LintFindings::annotate(std::uint64_t frame, FieldTree& tree) const {
  if (!index_) return false;
  const auto* findings = index_->find(frame);
  return findings && annotate_reply_tree(tree, *findings) > 0;
}

}  // namespace pxescope::gui
